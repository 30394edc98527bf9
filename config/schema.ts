/**
 * The schema of binder.config.yaml: the one source of truth for the config's shape and defaults.
 * Credentials never appear here: they come from the standard AWS provider chain (env, profile,
 * SSO, instance role); a source may name a profile or a role to assume.
 */
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

const accountName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a lowercase name of letters, digits and dashes (e.g. "prod")');

export const AwsSourceConfig = z
  .object({
    name: accountName,
    type: z.literal('aws').default('aws'),
    /** Regions to collect from; S3 buckets are read in their own region whatever this says. */
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')).min(1).default(['us-east-1']),
    profile: z.string().min(1).optional(),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN such as arn:aws:iam::123456789012:role/BinderCollector')
      .optional(),
    externalId: z.string().min(2).max(1224).optional(),
    /** Custom endpoint (the sandbox, or a VPC endpoint). Omit for real AWS. */
    endpoint: z.string().url('a URL such as http://127.0.0.1:4566').optional(),
    /** Bounded concurrency for per-bucket calls. */
    concurrency: z.number().int().min(1).max(64).default(8),
  })
  .strict()
  .refine((s) => !(s.externalId && !s.roleArn), {
    message: 'externalId is only used with roleArn; add roleArn or remove externalId',
    path: ['externalId'],
  });
export type AwsSourceConfig = z.infer<typeof AwsSourceConfig>;

/**
 * A source, told apart by `type` (one schema per source kind; only "aws" today). `type` may be
 * left out and means "aws", as in every config written before there was a choice.
 */
export const SourceConfig = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && !('type' in v) ? { ...v, type: 'aws' } : v),
  z.discriminatedUnion('type', [AwsSourceConfig], {
    error: (issue) => (issue.code === 'invalid_union' ? '"aws" (the source kinds binder collects from)' : undefined),
  }),
);
export type SourceConfig = z.infer<typeof SourceConfig>;

export const LocalStoreConfig = z
  .object({
    type: z.literal('local'),
    /** Folder for evidence; relative paths are resolved against the config file's folder. */
    path: z.string().min(1).default('./evidence'),
  })
  .strict();

export const S3StoreConfig = z
  .object({
    type: z.literal('s3'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 lowercase letters, digits, dots, dashes)'),
    prefix: z.string().default(''),
    region: z.string().default('us-east-1'),
    endpoint: z.string().url().optional(),
    forcePathStyle: z.boolean().default(false),
    /** WHEN_REQUIRED for servers that reject aws-chunked trailing checksums (Ceph RGW 16). */
    checksumMode: z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED']).default('WHEN_SUPPORTED'),
    retention: z
      .object({
        mode: z.enum(['COMPLIANCE', 'GOVERNANCE']).default('COMPLIANCE'),
        /** Default covers a 12-month period plus report issuance. */
        days: z.number().int().min(1).max(36500).default(730),
      })
      .strict()
      .default({ mode: 'COMPLIANCE', days: 730 }),
    legalHold: z.boolean().default(false),
    kmsKeyId: z.string().optional(),
    profile: z.string().optional(),
  })
  .strict();

export const StoreConfig = z.discriminatedUnion('type', [LocalStoreConfig, S3StoreConfig]);
export type StoreConfig = z.infer<typeof StoreConfig>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ScheduleConfig = z
  .object({
    /** Five-field cron expression of when collection runs (e.g. "0 2 * * *": daily at 02:00). */
    cron: z
      .string()
      .default('0 2 * * *')
      .superRefine((expr, ctx) => {
        const fields = expr.trim().split(/\s+/);
        // Six fields put seconds first ("*/10 * * * * *"): for trials and tests of binder schedule.
        if (fields.length !== 5 && fields.length !== 6) {
          ctx.addIssue({ code: 'custom', message: `a five-field cron expression such as "0 2 * * *" (or six fields with seconds first; got ${fields.length} fields in "${expr}")` });
          return;
        }
        try {
          CronExpressionParser.parse(expr, { tz: 'UTC' });
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `not a valid cron expression "${expr}": ${(err as Error).message}` });
        }
      }),
    timezone: z
      .string()
      .default('UTC')
      .refine(isTimeZone, { message: 'an IANA time zone such as "UTC" or "Europe/Paris"' }),
    /** A run may start this late after its slot and still count for it. */
    graceMinutes: z.number().int().min(1, 'at least 1: a run starts some moments after its slot').max(1440).default(360),
    /**
     * After downtime (`binder schedule` was not running): `latest` collects the most recent missed
     * slot late while it is still within its grace time; `none` waits for the next slot. Missed
     * slots are recorded as missed either way.
     */
    catchUp: z.enum(['latest', 'none']).default('latest'),
    /** `binder schedule` waits a random 0..jitterSeconds after each slot, so many deployments do not call AWS at one instant. */
    jitterSeconds: z.number().int().min(0).max(3600).default(0),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.jitterSeconds > s.graceMinutes * 60) {
      ctx.addIssue({ code: 'custom', path: ['jitterSeconds'], message: `at most graceMinutes × 60 (${s.graceMinutes * 60}): a run delayed past its grace time would fill no slot` });
    }
  });
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

/** How a collection run is bounded and how its ledger entries are signed. */
export const CollectionConfig = z
  .object({
    /** Deadline of one source's run: past it, the run is aborted and recorded as failed. */
    timeoutMinutes: z.number().positive().max(24 * 60).default(30),
    /**
     * Ed25519 private key (PKCS#8 PEM) that signs every ledger entry, so a rewritten chain fails
     * verification without it. Created at the store's first collect when missing.
     */
    ledgerKeyPath: z.string().min(1).default('./keys/binder-ledger-key.pem'),
    /**
     * In production: the ledger key in AWS KMS (key spec ECC_NIST_EDWARDS25519, usage SIGN_VERIFY),
     * used instead of ledgerKeyPath. Needs kms:GetPublicKey and kms:Sign on it.
     */
    ledgerKms: z
      .object({
        keyId: z.string().min(1),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
        endpoint: z.string().url().optional(),
        profile: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CollectionConfig = z.infer<typeof CollectionConfig>;

/**
 * Where alerts go when a run fails, a slot is missed, and when a source recovers after either.
 * Alerts are retried with backoff; one that cannot be sent is logged and never fails collection.
 */
export const AlertsConfig = z
  .object({
    /** JSON POST with a Slack-compatible `text` field (Slack, Mattermost, Teams workflows, any receiver). */
    webhook: z
      .object({
        url: z.string().url().refine((u) => /^https?:\/\//.test(u), { message: 'an http:// or https:// URL' }),
        timeoutSeconds: z.number().positive().max(120).default(10),
      })
      .strict()
      .optional(),
    /** An SNS topic (email, SMS, PagerDuty, chat through its subscriptions), published with the standard AWS provider chain. */
    sns: z
      .object({
        topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/, 'an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:binder-alerts'),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
        endpoint: z.string().url().optional(),
        profile: z.string().min(1).optional(),
        timeoutSeconds: z.number().positive().max(120).default(10),
      })
      .strict()
      .optional(),
    /** Send attempts per alert (with exponential backoff) before it is logged as undeliverable. */
    attempts: z.number().int().min(1).max(10).default(4),
  })
  .strict();
export type AlertsConfig = z.infer<typeof AlertsConfig>;

/** Thresholds checks read; the values used are recorded in every result. */
export const CheckSettings = z
  .object({
    accessKeyUnusedDays: z.number().int().min(1).max(3650).default(90),
    passwordUnusedDays: z.number().int().min(1).max(3650).default(90),
    accessKeyMaxAgeDays: z.number().int().min(1).max(3650).default(90),
    minPasswordLength: z.number().int().min(6).max(128).default(14),
    passwordReusePrevention: z.number().int().min(1).max(24).default(24),
    maxPasswordAgeDays: z.number().int().min(1).max(1095).default(90),
    requirePermissionsBoundary: z.boolean().default(false),
    /** A GuardDuty finding of severity 7 or more must be archived (triaged) within this many days of its creation. */
    findingTriageDays: z.number().int().min(1).max(365).default(7),
    /** Check ids to leave out (recorded in the binder as excluded, with the reason). */
    disabled: z.array(z.string()).default([]),
  })
  .strict();
export type CheckSettings = z.infer<typeof CheckSettings>;

/**
 * Default sample sizes of `binder sample --frequency`, per how often the control operates: the
 * practitioner table for a 12-month period (annual 1, quarterly 2, monthly 2-5, weekly 5-15,
 * daily 20-40, per event 25-60), at the middle of each range rounded up (monthly 4, per event 45).
 */
export const DEFAULT_SAMPLE_SIZES = { annual: 1, quarterly: 2, monthly: 4, weekly: 10, daily: 30, perEvent: 45 } as const;

const sampleSize = () => z.number().int().min(1).max(10_000);

/** What `binder sample` draws when given a frequency and no --size; recorded in every sample. */
export const SamplingConfig = z
  .object({
    sizes: z
      .object({
        annual: sampleSize().default(DEFAULT_SAMPLE_SIZES.annual),
        quarterly: sampleSize().default(DEFAULT_SAMPLE_SIZES.quarterly),
        monthly: sampleSize().default(DEFAULT_SAMPLE_SIZES.monthly),
        weekly: sampleSize().default(DEFAULT_SAMPLE_SIZES.weekly),
        daily: sampleSize().default(DEFAULT_SAMPLE_SIZES.daily),
        perEvent: sampleSize().default(DEFAULT_SAMPLE_SIZES.perEvent),
      })
      .strict()
      .default({ ...DEFAULT_SAMPLE_SIZES }),
  })
  .strict();
export type SamplingConfig = z.infer<typeof SamplingConfig>;

export const Category = z.enum(['security', 'availability', 'confidentiality', 'processing-integrity', 'privacy']);
export type Category = z.infer<typeof Category>;

export const BinderConfig = z
  .object({
    organization: z.string().min(1).default('Example Corp'),
    system: z.string().min(1).default('Production cloud platform'),
    /** Security (the common criteria) is always in scope; add the others you report on. */
    categories: z.array(Category).default(['security']),
    sources: z.array(SourceConfig).min(1, 'at least one source (AWS account) is needed'),
    store: StoreConfig.default({ type: 'local', path: './evidence' }),
    schedule: ScheduleConfig.default({ cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 360, catchUp: 'latest', jitterSeconds: 0 }),
    collection: CollectionConfig.default({ timeoutMinutes: 30, ledgerKeyPath: './keys/binder-ledger-key.pem' }),
    alerts: AlertsConfig.default({ attempts: 4 }),
    checks: CheckSettings.default({
      accessKeyUnusedDays: 90,
      passwordUnusedDays: 90,
      accessKeyMaxAgeDays: 90,
      minPasswordLength: 14,
      passwordReusePrevention: 24,
      maxPasswordAgeDays: 90,
      requirePermissionsBoundary: false,
      findingTriageDays: 7,
      disabled: [],
    }),
    signing: z
      .object({
        /** Ed25519 private key (PEM, PKCS#8), e.g. made by `binder keys generate`. */
        privateKeyPath: z.string().min(1),
      })
      .strict()
      .optional(),
    sampling: SamplingConfig.default({ sizes: { ...DEFAULT_SAMPLE_SIZES } }),
    /** Folder of manual evidence (policies, minutes) indexed by criterion; see README. */
    manualEvidence: z.string().optional(),
    /** Documents kept by `binder attach` in the evidence store. */
    attachments: z
      .object({
        /** The largest file `binder attach` accepts, in MiB: a file over it is refused, nothing stored. */
        maxFileMiB: z.number().positive().max(5 * 1024).default(50),
      })
      .strict()
      .default({ maxFileMiB: 50 }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.sources.forEach((s, i) => {
      if (seen.has(s.name)) {
        ctx.addIssue({ code: 'custom', message: `duplicate source name "${s.name}"`, path: ['sources', i, 'name'] });
      }
      seen.add(s.name);
    });
  });
export type BinderConfig = z.infer<typeof BinderConfig>;
