/**
 * The pure parts against the sandbox scenario's data (no HTTP): the credential report rendered the
 * way AWS renders it parses back to the scenario's rows.
 */
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../../collectors/aws/credential-report.ts';
import { resourcesOfType } from '../../../model/resources.ts';
import { renderCredentialReport } from '../../../sandbox/credential-report.ts';
import { buildScenario } from '../../../sandbox/scenario.ts';

const scenario = buildScenario({ seed: 'collectors-roundtrip', size: 'demo', days: 120 });
const days = [0, 30, 61, 119];

describe('collector parsers against the sandbox scenario', () => {
  it.each(days)('credential report of day %i parses back to the scenario rows', (day) => {
    const rows = resourcesOfType(scenario.stateOn(day).resources, 'aws.iam.credentials');
    const ordered = [...rows.filter((r) => r.isRoot), ...rows.filter((r) => !r.isRoot)];
    const parsed = parseCredentialReport(renderCredentialReport(ordered), scenario.accountId);
    expect(parsed).toEqual(ordered);
  });
});
