/**
 * Whether a control yields automated test verdicts: it has automated checks. Controls evidenced
 * only by change records or documents have no pass/fail of their own (status "manual"), whatever
 * their coverage in the catalog (see coverageOf in controls/catalog/index.ts).
 */
import type { Control } from '../catalog/types.ts';

export function isAutomatedControl(control: Pick<Control, 'evidencedBy' | 'checkIds'>): boolean {
  return control.evidencedBy.includes('automated') && control.checkIds.length > 0;
}
