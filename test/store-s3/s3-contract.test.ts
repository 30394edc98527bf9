/**
 * The shared ObjectBackend and EvidenceStore contract suites, run on the S3 backend against a real
 * Ceph RADOS Gateway with versioning and COMPLIANCE Object Lock.
 */
import { afterAll, describe } from 'vitest';
import { describeBackendContract, describeEvidenceStoreContract } from '../store/backend-contract.ts';
import { startGatewayOrSkip } from './gateway.ts';
import { makeS3Harness } from './s3-harness.ts';

const { gateway, skipReason } = await startGatewayOrSkip();
afterAll(async () => {
  await gateway?.stop();
});

describe.skipIf(gateway === null)(
  `S3 backend on Ceph RGW${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    describeBackendContract('S3 (Ceph RGW, Object Lock)', () => makeS3Harness(gateway!));
    describeBackendContract('S3 with a key prefix', () =>
      makeS3Harness(gateway!, { prefix: 'evidence/binder' }),
    );
    describeEvidenceStoreContract('S3 (Ceph RGW, Object Lock)', () => makeS3Harness(gateway!));
  },
);
