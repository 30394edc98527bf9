/**
 * What a compliance lead does in the demo year's fieldwork, as the commands would record it in the
 * store's journal: the policy documents attached (`binder attach --from-yaml`), management's
 * response to the first exception that was fixed (`binder respond`), and two accepted deviations
 * (`binder accept`): one covering a whole exception, one that runs out while the resource still
 * fails, so the binder shows an exception again from that day. Recorded on a simulated clock (the
 * day after the period), so the demo's binder is the same on every run.
 */
import { attachDocuments } from '../fieldwork/attach-documents.ts';
import { dayOf, startOfDayMs } from '../fieldwork/calendar.ts';
import { exceptionKey } from '../fieldwork/exception-key.ts';
import { mediaTypeOf } from '../fieldwork/read-document.ts';
import { loadManualEvidence } from '../binder/load-manual-evidence.ts';
import type { PeriodEvaluation } from '../model/evaluation.ts';
import type { EvidenceStore } from '../store/types.ts';

const DAY_MS = 86_400_000;
const day = dayOf;
const addDays = (d: string, n: number) => dayOf(new Date(startOfDayMs(d) + n * DAY_MS).toISOString());

export interface DemoFieldworkResult {
  attached: number;
  responses: number;
  acceptances: number;
}

export async function recordDemoFieldwork(store: EvidenceStore, manualDir: string, evaluation: PeriodEvaluation): Promise<DemoFieldworkResult> {
  const fieldworkDay = addDays(evaluation.period.to, 1);
  let tick = 0;
  // Entries a minute apart on the morning after the period.
  const now = () => new Date(Date.parse(`${fieldworkDay}T09:00:00Z`) + tick++ * 60_000);
  const lead = 'Dana Controller (compliance lead)';

  // Every document of the folder, also one effective only after this period (the binder flags it).
  const manual = await loadManualEvidence(manualDir, '9999-12-31');
  const attached = await attachDocuments(
    store,
    manual.items.map((m) => ({
      origin: `${manualDir}/${m.fileName}`,
      fileName: m.fileName,
      mediaType: mediaTypeOf(m.fileName),
      body: m.body,
      title: m.title,
      criteria: [...m.criteria],
      effective: m.effectiveDate,
      expires: null,
      description: m.description ?? null,
      sourceUrl: m.sourceUrl ?? null,
    })),
    lead,
    now,
  );

  const exceptions = evaluation.checks.flatMap((c) => c.exceptions);
  let responses = 0;
  const fixed = exceptions.find((e) => !e.open && e.fixedAt !== null);
  if (fixed) {
    await store.appendJournal({
      kind: 'response',
      recordedAt: now().toISOString(),
      recordedBy: lead,
      response: {
        exceptionKey: exceptionKey(fixed),
        checkId: fixed.checkId,
        source: fixed.source,
        resourceId: fixed.resourceId,
        text: 'Found by the daily check; the owner was asked to correct it and did. The change is in the change log.',
        remediatedAt: day(fixed.fixedAt!),
      },
    });
    responses++;
  }

  let acceptances = 0;
  const accept = async (e: (typeof exceptions)[number], until: string, reason: string) => {
    await store.appendJournal({
      kind: 'acceptance',
      recordedAt: now().toISOString(),
      recordedBy: lead,
      acceptance: { checkId: e.checkId, resource: e.resourceId, source: e.source, reason, approvedBy: 'Sam Ortiz (CISO)', from: day(e.firstSeen), until },
    });
    acceptances++;
  };
  // A closed exception other than the one responded to, accepted for its whole run.
  const whole = exceptions.find((e) => e !== fixed && !e.open && e.fixedAt !== null && day(e.fixedAt) > day(e.firstSeen));
  if (whole) await accept(whole, day(whole.fixedAt!), 'Known and accepted while the replacement was rolled out; compensating control: daily review of the change log.');
  // An open exception, accepted for half of its run: an exception again after that.
  const open = exceptions.find((e) => e.open && e.durationDays >= 4 && e !== whole);
  if (open) {
    const half = addDays(day(open.firstSeen), Math.floor(open.durationDays / 2));
    await accept(open, half, 'Accepted for a fixed time while a replacement was evaluated; the acceptance was not renewed.');
  }
  return { attached: attached.filter((a) => a.status === 'attached').length, responses, acceptances };
}
