/**
 * Both loggers (the collectors' JSON lines and the CLI terminal) mask registered secrets in the
 * message and in every field, secret-named fields whatever their value, at any depth, and leave
 * ordinary fields (counts, ids) alone.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLineLog } from '../../collectors/log.ts';
import { createTerminal } from '../../cli/terminal.ts';
import { registerSecret } from '../../model/secret-registry.ts';

const token = randomBytes(10).toString('hex');
registerSecret(token);

const fields = {
  source: 'prod',
  snapshotId: 'prod01/20260301T020000Z/20260301T020312Z-1a2b3c4d',
  credentialRows: 12,
  error: `the security token ${token} is invalid`,
  secretAccessKey: 'plain-looking-value',
  detail: { sessionToken: 'abc', password: 'hunter2hunter2', attempts: [{ token: 'x', note: `echo ${token}` }] },
};
const expected = {
  source: 'prod',
  snapshotId: 'prod01/20260301T020000Z/20260301T020312Z-1a2b3c4d',
  credentialRows: 12,
  error: 'the security token [redacted] is invalid',
  secretAccessKey: '[redacted]',
  detail: { sessionToken: '[redacted]', password: '[redacted]', attempts: [{ token: '[redacted]', note: 'echo [redacted]' }] },
};

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('log redaction', () => {
  it('jsonLineLog masks the message, secret-named fields and registered values at any depth', () => {
    const lines: string[] = [];
    jsonLineLog((l) => lines.push(l)).error(`failed: token ${token}`, fields);
    const { time, ...line } = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(typeof time).toBe('string');
    expect(line).toEqual({ level: 'error', msg: 'failed: token [redacted]', ...expected });
  });

  it('the terminal does the same for JSON logs and for lines a person reads', () => {
    const json = capture();
    createTerminal({ json: true, stderr: json.stream }).warn(`failed: token ${token}`, fields);
    const { time: _time, ...line } = JSON.parse(json.text()) as Record<string, unknown>;
    expect(line).toEqual({ level: 'warn', msg: 'failed: token [redacted]', ...expected });

    const human = capture();
    createTerminal({ json: false, jsonLogs: false, stderr: human.stream }).error(`failed: token ${token}`, fields);
    expect(human.text()).not.toContain(token);
    expect(human.text()).not.toContain('hunter2');
    expect(human.text()).toContain('credentialRows=12');
    expect(human.text()).toMatch(/^error: failed: token \[redacted\] /);
  });
});
