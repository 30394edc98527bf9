import { canonicalJson } from '../model/canonical-json.ts';

/** Sorted keys like canonicalJson, indented for people; ends with a newline. */
export function canonicalPrettyJson(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}
