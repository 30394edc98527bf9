/**
 * Loads binder.config.yaml: YAML syntax errors name the line; schema errors name every bad field's
 * path and what was expected, all at once, so a person fixes the file in one pass.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { BinderConfig } from './schema.ts';

export const DEFAULT_CONFIG_FILE = 'binder.config.yaml';

export class ConfigError extends Error {
  /** Exit 2 with the message alone (model/input-error.ts). */
  readonly inputError = true as const;
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: BinderConfig;
  /** Absolute path of the file read. */
  file: string;
  /** Folder relative paths in the config are resolved against. */
  dir: string;
}

export async function loadConfig(path: string = DEFAULT_CONFIG_FILE): Promise<LoadedConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found (create one from config/binder.config.example.yaml, or pass --config)'
        : `cannot be read (${code ?? String(err)})`;
    throw new ConfigError(file, [why]);
  }
  return { config: parseConfigText(text, file), file, dir: dirname(file) };
}

/** Parses and validates config text; `file` is only used in messages. */
export function parseConfigText(text: string, file: string): BinderConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const line = e.linePos?.[0];
        return `${line ? `line ${line.line}, column ${line.col}: ` : ''}${e.message.split('\n')[0]}`;
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) throw new ConfigError(file, ['the file is empty; expected a mapping with at least "sources"']);
  const parsed = BinderConfig.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error.issues));
  return parsed.data;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') : '(top level)';
    return `${path}: ${describeIssue(issue)}`;
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see config/binder.config.example.yaml)`;
    case 'invalid_type':
      return issue.input === undefined ? `required, expected ${issue.expected}` : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'invalid_union': {
      // A discriminated union reports the bad discriminator with the whole object as input.
      const note = (issue as { note?: string }).note;
      if (note === 'No matching discriminator' && issue.input && typeof issue.input === 'object') {
        const field = String(issue.path[issue.path.length - 1] ?? '');
        const value = (issue.input as Record<string, unknown>)[field];
        const options = issue.message.replace(/^.*Expected /, '').replace(/'/g, '"').split(' | ').join(', ');
        return `expected one of ${options}, got ${describeValue(value)}`;
      }
      return `${issue.message}${issue.input !== undefined ? `, got ${describeValue(issue.input)}` : ''}`;
    }
    default:
      return `${issue.message}${'input' in issue && issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : ''}`;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
