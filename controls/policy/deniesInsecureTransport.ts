/**
 * True when the document holds a Deny of "s3:*" (or "*") under Condition
 * {"Bool" (or "BoolIfExists"): {"aws:SecureTransport": "false"}}: the usual way to refuse plain
 * HTTP to a bucket. As the check's definition (s3.bucket-tls-only's `fails`) has it, the statement's Principal and Resource are
 * not inspected.
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { coversAction } from './allows.ts';
import { normaliseStatements, type Statement } from './statements.ts';

function refusesPlainHttp(s: Statement): boolean {
  return s.conditions.some(
    (c) =>
      /^bool(ifexists)?$/i.test(c.operator) &&
      c.key.toLowerCase() === 'aws:securetransport' &&
      c.values.some((v) => v.toLowerCase() === 'false'),
  );
}

export function insecureTransportDenials(doc: PolicyDocument | null | undefined): Statement[] {
  return normaliseStatements(doc).filter(
    (s) => s.effect === 'Deny' && coversAction(s, 's3:*') && refusesPlainHttp(s),
  );
}

export function deniesInsecureTransport(doc: PolicyDocument | null | undefined): boolean {
  return insecureTransportDenials(doc).length > 0;
}
