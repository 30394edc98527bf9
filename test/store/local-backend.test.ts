import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../model/canonical-json.ts';
import { LocalFolderBackend } from '../../store/local-backend.ts';
import { describeBackendContract } from './backend-contract.ts';
import { makeLocalHarness } from './local-harness.ts';

describeBackendContract('local folder', makeLocalHarness);

describe('LocalFolderBackend on disk', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function harness() {
    const h = await makeLocalHarness();
    cleanups.push(h.cleanup);
    return h;
  }
  const put = (b: LocalFolderBackend, key: string, body: string) => b.put(key, Buffer.from(body), { sha256: sha256Hex(body) });

  it('publishes read-only files with a sha256sum-compatible checksum beside them', async () => {
    const { root, backend } = await harness();
    await put(backend, 'ledger/0000000001.json', '{"seq":1}');
    const file = join(root, 'ledger', '0000000001.json');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o444);
    expect((await fs.stat(file + '.sha256')).mode & 0o777).toBe(0o444);
    expect(await fs.readFile(file + '.sha256', 'utf8')).toBe(`${sha256Hex('{"seq":1}')}  ledger/0000000001.json\n`);
    const check = spawnSync('sha256sum', ['-c', 'ledger/0000000001.json.sha256'], { cwd: root, encoding: 'utf8' });
    if (check.error) return; // no sha256sum on this machine
    expect(check.stdout).toContain('ledger/0000000001.json: OK');
  });

  it('never lists checksum files or temp files', async () => {
    const { root, backend } = await harness();
    await put(backend, 'a/x', 'x');
    await fs.writeFile(join(root, '.tmp', `${process.pid}-abc.obj`), 'partial');
    expect((await backend.list('')).map((o) => o.key)).toEqual(['a/x']);
  });

  it('cleans temp files of a killed process when opened, and keeps those of a live one', async () => {
    const { root, backend } = await harness();
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    const dead = join(root, '.tmp', `${deadPid}-0001.obj`);
    const live = join(root, '.tmp', `${process.ppid}-0002.obj`);
    await fs.writeFile(dead, 'half-written evidence');
    await fs.writeFile(live, 'being written by another process');
    await LocalFolderBackend.open(root);
    await expect(fs.access(dead)).rejects.toThrow();
    await expect(fs.access(live)).resolves.toBeUndefined();
    expect(await backend.list('')).toEqual([]);
  });

  it('finishes a publish killed between the object and its checksum when opened', async () => {
    const { root, backend } = await harness();
    await put(backend, 'snapshots/p/x.json.gz', 'record body');
    // Simulate the crash window: the object is published, its checksum is only in .tmp.
    const sum = join(root, 'snapshots', 'p', 'x.json.gz.sha256');
    await fs.rename(sum, join(root, '.tmp', '999999999-dead.sha256'));
    await expect(backend.get('snapshots/p/x.json.gz')).rejects.toThrow(/no checksum file/);
    const reopened = await LocalFolderBackend.open(root);
    expect(Buffer.from(await reopened.get('snapshots/p/x.json.gz')).toString()).toBe('record body');
    expect(await fs.readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('inspect reports objects without checksums, checksums without objects and writable objects', async () => {
    const { root, backend } = await harness();
    await put(backend, 'a/1', 'one');
    await put(backend, 'a/2', 'two');
    await put(backend, 'a/3', 'three');
    await fs.rm(join(root, 'a', '1.sha256'));
    await fs.rm(join(root, 'a', '2'));
    await fs.chmod(join(root, 'a', '3'), 0o644);
    await fs.writeFile(join(root, 'stray file.txt'), 'x');
    const problems = await backend.inspect();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', key: 'a/1', message: expect.stringMatching(/no checksum/) }),
        expect.objectContaining({ severity: 'error', key: 'a/2', message: expect.stringMatching(/object is missing/) }),
        expect.objectContaining({ severity: 'warning', key: 'a/3', message: expect.stringMatching(/writable/) }),
        expect.objectContaining({ severity: 'warning', key: 'stray file.txt' }),
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});
