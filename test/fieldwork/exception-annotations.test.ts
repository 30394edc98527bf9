import { describe, expect, it } from 'vitest';
import { annotateException } from '../../fieldwork/exception-annotations.ts';
import { exceptionKey } from '../../fieldwork/exception-key.ts';
import type { CheckException } from '../../model/evaluation.ts';
import type { JournalEntry } from '../../store/journal-types.ts';

const exception: CheckException = {
  checkId: 'ec2.sg-no-open-rdp',
  source: 'prod',
  resourceType: 'aws.ec2.security-group',
  resourceId: 'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1',
  firstSeen: '2026-03-01T02:03:00.000Z',
  firstSeenSlot: '2026-03-01T02:00:00.000Z',
  lastSeen: '2026-03-09T02:03:00.000Z',
  lastSeenSlot: '2026-03-09T02:00:00.000Z',
  fixedAt: '2026-03-10T02:03:00.000Z',
  fixedAtSlot: '2026-03-10T02:00:00.000Z',
  open: false,
  durationDays: 9,
  reason: 'open to 0.0.0.0/0 on 3389',
  firstSnapshotId: 'a',
  lastSnapshotId: 'b',
  fixedSnapshotId: 'c',
};
const signature = { algorithm: 'Ed25519' as const, keyFingerprint: '0'.repeat(64), value: `${'A'.repeat(86)}==` };
let seq = 0;
const acceptance = (over: Partial<Extract<JournalEntry, { kind: 'acceptance' }>['acceptance']>): JournalEntry => ({
  seq: ++seq,
  prevHash: null,
  recordedAt: '2026-03-02T00:00:00.000Z',
  recordedBy: 'CISO',
  signature,
  kind: 'acceptance',
  acceptance: { checkId: exception.checkId, resource: 'arn:aws:ec2:eu-west-1:*:security-group/sg-1', source: null, reason: 'bastion', approvedBy: 'CISO', from: '2026-01-01', until: '2026-12-31', ...over },
});

describe('what the journal says about an exception', () => {
  it('finds the responses to its key and the acceptances that cover its check, source, resource and days', () => {
    const key = exceptionKey(exception);
    const journal: JournalEntry[] = [
      { seq: ++seq, prevHash: null, recordedAt: '2026-03-05T00:00:00.000Z', recordedBy: 'Dana', signature, kind: 'response', response: { exceptionKey: key, checkId: exception.checkId, source: 'prod', resourceId: exception.resourceId, text: 'closed the port', remediatedAt: '2026-03-09' } },
      { seq: ++seq, prevHash: null, recordedAt: '2026-03-05T00:00:00.000Z', recordedBy: 'Dana', signature, kind: 'response', response: { exceptionKey: 'EX-ffffffffff', checkId: exception.checkId, source: 'prod', resourceId: exception.resourceId, text: 'another one', remediatedAt: null } },
      acceptance({}),
      acceptance({ source: 'prod', until: '2026-03-01' }),
      acceptance({ source: 'staging' }),
      acceptance({ checkId: 'ec2.sg-no-open-ssh' }),
      acceptance({ resource: 'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-2' }),
      acceptance({ from: '2026-03-11', until: '2026-12-31' }),
    ];
    const found = annotateException(exception, journal);
    expect(found.key).toBe(key);
    expect(found.responses.map((r) => r.response.text)).toEqual(['closed the port']);
    // The first two acceptances cover it (the second on its first day only); the others name another source, check, resource or days.
    expect(found.acceptances.map((a) => a.seq)).toEqual([journal[2]!.seq, journal[3]!.seq]);
  });
});
