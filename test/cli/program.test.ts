/**
 * The commander program built from every command, in-process: each command's generated help
 * lists each of its options once, and commander's usage errors reach the hook naming what is
 * wrong and where the help is, instead of exiting the process.
 */
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, COMMANDS } from '../../cli/commands/index.ts';
import { outcomeLine } from '../../cli/commands/collect.ts';
import { createProgram } from '../../cli/program.ts';
import type { SourceOutcome } from '../../collectors/collect-run.ts';

function program(usageErrors: string[] = []): Command {
  return createProgram(COMMANDS, COMMAND_GROUPS, {
    run: async () => {},
    usageError: (message) => usageErrors.push(message),
  });
}

function find(root: Command, name: string): Command {
  let command = root;
  for (const word of name.split(' ')) command = command.commands.find((c) => c.name() === word)!;
  expect(command, name).toBeDefined();
  return command;
}

/** The long flags on the Options lines of a help text, in order, repeats kept. */
function optionFlags(help: string): string[] {
  const section = help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(?:-\w, | {4})(--[\w-]+)/gm)].map((m) => m[1]!);
}

describe('the binder program', () => {
  it.each(COMMANDS.map((c) => c.name))('`binder %s --help` lists each option once, its usage, description and --json', (name) => {
    const command = find(program(), name);
    const help = command.helpInformation();
    expect(help).toMatch(new RegExp(`^Usage: binder ${name} `));
    const flags = optionFlags(help);
    expect(new Set(flags).size, help).toBe(flags.length);
    expect(flags.sort()).toEqual([...command.options.map((o) => o.long!), '--help'].sort());
    expect(flags).toContain('--json');
    expect(help).toContain(COMMANDS.find((c) => c.name === name)!.description.split('\n')[0]!.slice(0, 40));
  });

  it('`binder --help` lists every command by its full name', () => {
    const help = program().helpInformation();
    for (const c of COMMANDS) expect(help).toMatch(new RegExp(`^  ${c.name}\\b.*${c.summary.slice(0, 20).replace(/[()+]/g, '\\$&')}`, 'm'));
  });

  it('reports an unknown option, a missing value and a bad value by name, with a hint to --help, and does not exit', async () => {
    const cases: [string[], RegExp][] = [
      [['collect', '--sauce'], /^binder collect: unknown option '--sauce'.*; see `binder collect --help`$/],
      [['collect', '--config'], /^binder collect: option '-c, --config <file>' argument missing; see `binder collect --help`$/],
      [['evaluate', '--from', '2026-02-30', '--to', '2026-03-01'], /^binder evaluate: option '--from <date>' argument '2026-02-30' is invalid\. 2026-02-30 is not a calendar date; see/],
      [['store', 'verify', '--against'], /^binder store verify: option '--against <zip>' argument missing; see `binder store verify --help`$/],
      [['snapshots', 'show'], /^binder snapshots show: missing required argument 'id'/],
      [['sandbox', '--size', 'huge'], /^binder sandbox: option '--size <name>' argument 'huge' is invalid\. Allowed choices are demo, ci, bench, estate; see/],
      [['colect'], /^binder: unknown command 'colect'.*; see `binder --help`$/],
    ];
    for (const [argv, message] of cases) {
      const errors: string[] = [];
      const err = await program(errors)
        .parseAsync(argv, { from: 'user' })
        .then(() => null, (e: unknown) => e);
      expect(err, argv.join(' ')).toBeInstanceOf(CommanderError);
      expect(errors, argv.join(' ')).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    }
  });

  it('hands a parsed command its typed options and arguments, --json before or after its name', async () => {
    const seen: unknown[] = [];
    const p = createProgram(COMMANDS, COMMAND_GROUPS, { run: async (c, o, a) => void seen.push([c.name, o, a]), usageError: () => {} });
    await p.parseAsync(['collect', '-s', 'prod', '--source', 'staging', '--off-schedule', '--json', '-c', 'x.yaml'], { from: 'user' });
    await p.parseAsync(['snapshots', 'show', 'prod/2026', '--config', 'y.yaml'], { from: 'user' });
    await p.parseAsync(['--json', 'keys', 'generate'], { from: 'user' });
    expect(seen).toEqual([
      ['collect', { source: ['prod', 'staging'], offSchedule: true, json: true, config: 'x.yaml' }, []],
      ['snapshots show', { config: 'y.yaml' }, ['prod/2026']],
      ['keys generate', { json: true, out: 'keys', name: 'binder-signing-key' }, []],
    ]);
  });
});

describe('collect run summary lines', () => {
  const base: SourceOutcome = {
    source: 'prod',
    runId: '20260301T020000Z-1a2b3c4d',
    status: 'success',
    slot: '2026-03-01T02:00:00.000Z',
    offSchedule: false,
    offScheduleReason: null,
    snapshotId: 'prod/20260301T020000Z/20260301T020000Z-1a2b3c4d',
    snapshotSha256: 'a'.repeat(64),
    resourceCount: 42,
    capturedAt: '2026-03-01T02:00:05.000Z',
    filledBy: null,
    apiCalls: {},
    reason: null,
    durationMs: 5200,
  };

  it('says an off-schedule snapshot is off-schedule, and why', () => {
    expect(outcomeLine(base)).toBe(`  prod: ok  snapshot ${base.snapshotId}  (42 resources, 5.2 s)`);
    expect(outcomeLine({ ...base, slot: null, offSchedule: true, offScheduleReason: 'taken on purpose (collect --off-schedule)' })).toBe(
      `  prod: ok  snapshot ${base.snapshotId}  (42 resources, 5.2 s)  off-schedule: taken on purpose (collect --off-schedule)`,
    );
  });

  it('names the run that holds a skipped slot, and its snapshot once it has one', () => {
    const holder = { runId: '20260301T020001Z-99887766', host: 'collector-2', pid: 4242, claimedAt: '2026-03-01T02:00:01.000Z', snapshotId: null };
    const skipped = { ...base, status: 'skipped' as const, snapshotId: null, snapshotSha256: null, resourceCount: null, capturedAt: null, filledBy: holder };
    expect(outcomeLine(skipped)).toBe(
      '  prod: slot 2026-03-01T02:00:00.000Z already filled by run 20260301T020001Z-99887766 (collector-2, pid 4242, claimed 2026-03-01T02:00:01.000Z); nothing collected',
    );
    expect(outcomeLine({ ...skipped, filledBy: { ...holder, snapshotId: 'prod/x' } })).toMatch(/claimed 2026-03-01T02:00:01\.000Z\); snapshot prod\/x; nothing collected$/);
  });

  it('gives a failed source its reason', () => {
    expect(outcomeLine({ ...base, status: 'failed', snapshotId: null, reason: 'iam:GetAccountAuthorizationDetails failed with AccessDenied' })).toBe(
      '  prod: FAILED  iam:GetAccountAuthorizationDetails failed with AccessDenied',
    );
  });
});
