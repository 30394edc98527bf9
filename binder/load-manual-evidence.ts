/**
 * Reads the manual evidence folder named by the config (`manualEvidence`): documents that no API
 * can produce (policies, minutes, signed acknowledgements, screenshots), listed in
 * `manual-evidence.yaml` with the criteria each evidences and the date it took effect.
 *
 *   documents:
 *     - file: information-security-policy.pdf
 *       title: Information security policy v4
 *       criteria: [CC1.1, CC5.3]
 *       effective: 2026-02-01
 *       sourceUrl: https://intranet.example.com/policies/infosec   # optional
 *       description: Approved by the board on 2026-01-28            # optional
 */
import { readFile, realpath } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../config/load-config.ts';
import { CRITERIA } from '../controls/catalog/index.ts';
import { ManualEvidenceError, type ManualEvidenceItem } from './manual-evidence.ts';

export const MANUAL_EVIDENCE_INDEX = 'manual-evidence.yaml';

const criterionIds = new Set(CRITERIA.map((c) => c.id));

const ManualEvidenceIndex = z
  .object({
    documents: z.array(
      z
        .object({
          file: z.string().min(1),
          title: z.string().min(1),
          criteria: z
            .array(z.string().refine((id) => criterionIds.has(id), { message: 'a criterion id such as CC1.1 or A1.2' }))
            .min(1, 'name at least one criterion'),
          effective: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'the day the document took effect, YYYY-MM-DD')
            .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, { message: 'a calendar date' }),
          description: z.string().optional(),
          sourceUrl: z.string().url().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export interface LoadedManualEvidence {
  items: ManualEvidenceItem[];
  /** Documents not yet in effect at the end of the period (listed so nobody wonders where they went). */
  notYetEffective: string[];
}

/** Loads the documents in effect by `periodTo` (YYYY-MM-DD); `indexName` is the index file in the folder (`binder attach --from-yaml` names its own). */
export async function loadManualEvidence(folder: string, periodTo: string, indexName: string = MANUAL_EVIDENCE_INDEX): Promise<LoadedManualEvidence> {
  const root = resolve(folder);
  const indexPath = join(root, indexName);
  let text: string;
  try {
    text = await readFile(indexPath, 'utf8');
  } catch (err) {
    throw new ManualEvidenceError(`${indexPath}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); it lists the manual evidence documents`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ManualEvidenceError(`${indexPath}: ${doc.errors[0]?.message.split('\n')[0]}`);
  const parsed = ManualEvidenceIndex.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) throw new ManualEvidenceError(`${indexPath}: invalid\n${formatIssues(parsed.error.issues).map((p) => `  - ${p}`).join('\n')}`);

  const realRoot = await realpath(root);
  const items: ManualEvidenceItem[] = [];
  const notYetEffective: string[] = [];
  const names = new Set<string>();
  for (const [i, d] of parsed.data.documents.entries()) {
    const where = `${indexPath}: documents[${i}].file`;
    const path = resolve(root, d.file);
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new ManualEvidenceError(`${where}: ${d.file} does not exist in ${root}`);
    }
    const rel = relative(realRoot, real);
    if (rel.startsWith('..') || rel.startsWith(sep)) throw new ManualEvidenceError(`${where}: ${d.file} is outside the manual evidence folder`);
    const fileName = basename(real);
    if (d.effective > periodTo) {
      notYetEffective.push(`${d.title} (effective ${d.effective})`);
      continue;
    }
    if (names.has(fileName)) throw new ManualEvidenceError(`${where}: two documents in effect are named ${fileName}`);
    names.add(fileName);
    items.push({
      title: d.title,
      criteria: d.criteria,
      effectiveDate: d.effective,
      fileName,
      body: await readFile(real),
      ...(d.description ? { description: d.description } : {}),
      ...(d.sourceUrl ? { sourceUrl: d.sourceUrl } : {}),
    });
  }
  return { items, notYetEffective };
}
