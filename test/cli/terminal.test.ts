/**
 * The CLI's logs: pino JSON lines (level, time, msg) when unattended or --json, short human lines
 * at a terminal, the same child-logger fields in both, and no credential in either, whether it
 * arrives in the message, in a field, under a secret field path or in a child's bindings.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { childLog, type Log, type LogFields } from '../../collectors/log.ts';
import { createTerminal } from '../../cli/terminal.ts';
import { registerSecret } from '../../model/secret-registry.ts';

function capture(isTTY = false): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 100 });
  return { stream, text: () => text };
}

const jsonLines = (text: string) => text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('CLI logs', () => {
  it('are pino JSON lines with level, time and msg when logs are JSON', () => {
    const err = capture();
    const terminal = createTerminal({ json: true, stderr: err.stream });
    terminal.info('collecting into ./evidence', { sources: 2 });
    terminal.warn('an earlier run was interrupted');
    terminal.error('source collection failed', { reason: 'AccessDenied' });
    const lines = jsonLines(err.text());
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'collecting into ./evidence'],
      ['warn', 'an earlier run was interrupted'],
      ['error', 'source collection failed'],
    ]);
    for (const l of lines) expect(new Date(l.time as string).toISOString()).toBe(l.time);
    expect(lines[0]).toEqual({ level: 'info', time: lines[0]!.time, msg: 'collecting into ./evidence', sources: 2 });
  });

  it('are JSON without --json too when stderr is not a terminal, and human lines when it is', () => {
    const piped = capture(false);
    createTerminal({ json: false, jsonLogs: !piped.stream.isTTY, stderr: piped.stream }).warn('careful', { n: 1 });
    expect(jsonLines(piped.text())[0]).toMatchObject({ level: 'warn', msg: 'careful', n: 1 });

    const tty = capture(true);
    const terminal = createTerminal({ json: false, jsonLogs: false, stderr: tty.stream });
    terminal.progress(1, 4, 'prod');
    terminal.warn('careful', { n: 1 });
    terminal.info('plain');
    terminal.error('broken');
    expect(tty.text()).toBe('\r\x1b[2K[ 25%] 1/4 prod\r\x1b[2Kwarning: careful n=1\nplain\nerror: broken\n');
  });

  it('carry a child logger’s source and runId on every line, at any depth, in both formats', () => {
    const err = capture();
    const terminal = createTerminal({ json: true, stderr: err.stream });
    const run = childLog(terminal, { source: 'prod', runId: '20260301T020000Z-1a2b3c4d' });
    run.info('source collection started', { scheduledFor: '2026-03-01T02:00:00.000Z' });
    childLog(run, { operation: 'iam:GetCredentialReport' }).warn('retrying operation', { attempt: 2 });
    const [started, retry] = jsonLines(err.text());
    expect(started).toMatchObject({ level: 'info', msg: 'source collection started', source: 'prod', runId: '20260301T020000Z-1a2b3c4d', scheduledFor: '2026-03-01T02:00:00.000Z' });
    expect(retry).toMatchObject({ level: 'warn', source: 'prod', runId: '20260301T020000Z-1a2b3c4d', operation: 'iam:GetCredentialReport', attempt: 2 });

    const tty = capture(true);
    childLog(createTerminal({ json: false, jsonLogs: false, stderr: tty.stream }), { source: 'prod', runId: 'r-1' }).error('source collection failed', { reason: 'AccessDenied' });
    expect(tty.text()).toBe('error: source collection failed source=prod runId=r-1 reason=AccessDenied\n');
  });

  it('childLog wraps a Log that is not pino-backed, the line’s own fields winning', () => {
    const seen: [string, string, LogFields | undefined][] = [];
    const plain: Log = {
      info: (m, f) => seen.push(['info', m, f]),
      warn: (m, f) => seen.push(['warn', m, f]),
      error: (m, f) => seen.push(['error', m, f]),
    };
    const child = childLog(childLog(plain, { source: 'prod', runId: 'r-1' }), { step: 'store' });
    child.warn('slow', { runId: 'r-2', ms: 900 });
    child.info('done');
    expect(seen).toEqual([
      ['warn', 'slow', { source: 'prod', runId: 'r-2', step: 'store', ms: 900 }],
      ['info', 'done', { source: 'prod', runId: 'r-1', step: 'store' }],
    ]);
  });

  it('never show a credential: registered values anywhere, secret field paths, headers and child bindings', () => {
    const token = randomBytes(12).toString('base64url');
    const secretKey = randomBytes(30).toString('base64');
    registerSecret(token);
    const leak = (log: Log) => {
      const run = childLog(log, { source: 'prod', runId: 'r-1', note: `bound ${token}`, sessionToken: 'bound-token-value' });
      run.error(`the security token ${token} is invalid`, {
        credentials: { accessKeyId: 'ASIA-not-a-real-key', secretAccessKey: secretKey },
        secretAccessKey: secretKey,
        request: { headers: { authorization: `AWS4-HMAC-SHA256 Credential=abc, Signature=${token}`, 'x-amz-security-token': 'header-token-value' } },
        headers: { authorization: 'Bearer header-bearer-value' },
        // A real key made at run time, as PEM text: never a key-shaped literal in the repository.
        privateKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        detail: { attempts: [{ message: `echoed ${token}` }] },
        credentialRows: 12,
      });
    };
    const json = capture();
    leak(createTerminal({ json: true, stderr: json.stream }));
    const tty = capture(true);
    leak(createTerminal({ json: false, jsonLogs: false, stderr: tty.stream }));
    for (const text of [json.text(), tty.text()]) {
      for (const secret of [token, secretKey, 'bound-token-value', 'header-token-value', 'header-bearer-value', 'BEGIN PRIVATE KEY', 'Signature=']) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('the security token [redacted] is invalid');
      expect(text).toContain('12'); // ordinary fields stay readable
    }
    const [line] = jsonLines(json.text());
    expect(line).toMatchObject({ source: 'prod', runId: 'r-1', note: 'bound [redacted]', sessionToken: '[redacted]', credentials: '[redacted]', credentialRows: 12 });
  });
});
