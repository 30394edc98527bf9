/**
 * What `binder verify` is willing to read. Every structure the verifier builds is bounded by one of
 * these, whatever the archive claims about itself, so a hostile binder gets a verdict instead of
 * exhausting memory.
 */
export interface VerifyLimits {
  /** Largest uncompressed entry accepted. */
  maxEntryBytes: number;
  /** Largest total of uncompressed bytes accepted. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio accepted for entries over ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
  /** manifest.json, SHA256SUMS and index.pdf are read into memory: each has its own cap. */
  maxManifestBytes: number;
  maxSumsBytes: number;
  maxPdfBytes: number;
  /** Decoded size of one PDF stream, and of all of them together. */
  maxPdfStreamBytes: number;
  maxPdfInflatedBytes: number;
  maxPdfPages: number;
  /** Problems kept in the result; the rest are counted. */
  maxProblems: number;
}

const MiB = 1024 ** 2;

export const DEFAULT_LIMITS: VerifyLimits = {
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: MiB,
  maxEntries: 200_000,
  maxManifestBytes: 64 * MiB,
  maxSumsBytes: 64 * MiB,
  maxPdfBytes: 64 * MiB,
  maxPdfStreamBytes: 32 * MiB,
  maxPdfInflatedBytes: 256 * MiB,
  maxPdfPages: 10_000,
  maxProblems: 200,
};

/** The public key and the signature are tiny; anything larger is not ours. */
export const MAX_KEY_BYTES = 64 * 1024;
export const MAX_SIGNATURE_BYTES = 1024;
