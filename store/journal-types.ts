/**
 * The fieldwork journal's records: what management answered about an exception (response), a
 * deviation it accepted on purpose (acceptance), and a document it handed over (attachment).
 * Each is one signed, hash-chained entry of `journal/<seq>.json` (store/journal.ts); every schema
 * here is strict, since an entry read back is checked field by field.
 */
import { z } from 'zod';
import { LedgerSignature } from './types.ts';

const isoTime = z.string().datetime({ offset: true });
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
/** A calendar day, YYYY-MM-DD (2026-02-30 refused). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, { message: 'a calendar date' });

/** `EX-` and 10 hex digits (fieldwork/exception-key.ts). */
export const ExceptionKeyText = z.string().regex(/^EX-[0-9a-f]{10}$/, 'an exception key such as EX-0123456789');

export const ResponsePayload = z
  .object({
    exceptionKey: ExceptionKeyText,
    checkId: z.string().min(1),
    source: z.string().min(1),
    resourceId: z.string().min(1),
    text: z.string().min(1),
    /** The day management says it was remediated; null when not (yet) remediated. */
    remediatedAt: Day.nullable(),
  })
  .strict();
export type ResponsePayload = z.infer<typeof ResponsePayload>;

export const AcceptancePayload = z
  .object({
    checkId: z.string().min(1),
    /** A resource id, or a glob where `*` matches any run of characters (e.g. arn:aws:iam::123456789012:user/breakglass-*). */
    resource: z.string().min(1),
    /** The source it applies to; null: every source. */
    source: z.string().min(1).nullable(),
    reason: z.string().min(1),
    approvedBy: z.string().min(1),
    from: Day,
    until: Day,
  })
  .strict()
  .refine((a) => a.until > a.from, { message: 'until must be after from', path: ['until'] });
export type AcceptancePayload = z.infer<typeof AcceptancePayload>;

export const AttachmentPayload = z
  .object({
    documentSha256: hex64,
    /** Store key of the document's bytes (content-addressed: documents/<sha256>). */
    documentKey: z.string().min(1),
    fileName: z.string().min(1),
    size: z.number().int().nonnegative(),
    mediaType: z.string().min(1),
    title: z.string().min(1),
    criteria: z.array(z.string().min(1)).min(1),
    effective: Day,
    /** The last day the document applies (inclusive); null: no expiry. */
    expires: Day.nullable(),
    description: z.string().nullable(),
    sourceUrl: z.string().nullable(),
  })
  .strict();
export type AttachmentPayload = z.infer<typeof AttachmentPayload>;

const common = {
  seq: z.number().int().positive(),
  /** sha256 of the previous journal entry's stored bytes; null for seq 1. */
  prevHash: hex64.nullable(),
  recordedAt: isoTime,
  /** Who recorded it (--by / --approved-by). */
  recordedBy: z.string().min(1),
  signature: LedgerSignature,
};

export const JournalEntry = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('response'), response: ResponsePayload }).strict(),
  z.object({ ...common, kind: z.literal('acceptance'), acceptance: AcceptancePayload }).strict(),
  z.object({ ...common, kind: z.literal('attachment'), attachment: AttachmentPayload }).strict(),
]);
export type JournalEntry = z.infer<typeof JournalEntry>;
export type JournalKind = JournalEntry['kind'];

type Unsigned<E> = E extends unknown ? Omit<E, 'seq' | 'prevHash' | 'signature'> : never;
/** What a caller appends: seq, prevHash and the signature are the store's. */
export type NewJournalEntry = Unsigned<JournalEntry>;
export type ResponseEntry = Extract<JournalEntry, { kind: 'response' }>;
export type AcceptanceEntry = Extract<JournalEntry, { kind: 'acceptance' }>;
export type AttachmentEntry = Extract<JournalEntry, { kind: 'attachment' }>;
