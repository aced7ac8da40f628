import {
  assembleUpdatingExperiment,
  planUpdatingExperiment,
  runUpdatingUnit,
  updatingExperiment,
  type SiteLogits,
  type UpdatingExperimentOptions,
  type UpdatingExperimentResult,
  type UpdatingUnitResult,
} from '../update/updating-experiment.js';
import { MIN_SITE_ROWS, smallSitesLabel } from '../checks/small-sites.js';
import type { LosoResult } from '../validate/index.js';
import type { DevelopWorkers } from './develop-workers.js';
import { newClaims, runClaimed } from './fold-claims.js';
import type { UpdatingTask } from './develop-task.js';

/**
 * The updating experiment on a leave-one-site-out validation: each held-out site's out-of-fold
 * probabilities back to logits (the fold model that never saw the site), then
 * `update.updatingExperiment`. A pooled group of small sites is not one hospital and is left out;
 * a probability of exactly 0 or 1 (an infinite logit) is left out of its site; both are noted.
 */
export function runUpdatingExperiment(validation: LosoResult, options: UpdatingExperimentOptions): UpdatingExperimentResult {
  const { input, notes } = experimentInput(validation);
  const result = updatingExperiment(input, options);
  return { ...result, notes: [...notes, ...result.notes] };
}

/**
 * {@link runUpdatingExperiment} with its site × m units shared with worker threads, the same result
 * number for number: every draw is made here first from the seeded generator, in the serial order,
 * and a unit depends on its draws only. This thread and the threads claim units from a counter in
 * shared memory (see fold-claims.ts), so a thread busy drawing the report's charts takes none while
 * this one runs them all; this thread waits only for units a thread has claimed.
 * @throws what runUpdatingExperiment throws; a worker's error (WorkerTaskError with its code).
 */
export async function runUpdatingExperimentShared(validation: LosoResult, options: UpdatingExperimentOptions, workers: DevelopWorkers): Promise<UpdatingExperimentResult> {
  const { input, notes } = experimentInput(validation);
  const plan = planUpdatingExperiment(input, options);
  const { units } = plan;
  const claims = newClaims(0);
  const task: UpdatingTask = { kind: 'updating', sites: input, units, alpha: plan.alpha, conformalAlpha: plan.conformalAlpha, claims };
  const away = Promise.all(Array.from({ length: workers.size }, () => workers.runUpdatingUnits(task))).then((parts) => parts.flat());
  away.catch(() => undefined); // awaited below when a thread claimed a unit
  const done: (UpdatingUnitResult | undefined)[] = new Array(units.length);
  const here = runClaimed(claims, units.length, (k) => (done[k] = runUpdatingUnit(input[units[k]!.site]!, units[k]!, plan)));
  if (here < units.length) for (const c of await away) done[c.index] = c.result;
  const result = assembleUpdatingExperiment(plan, done as UpdatingUnitResult[]);
  return { ...result, notes: [...notes, ...result.notes] };
}

/** A unit's result with its position in the plan. */
export interface ClaimedUnit {
  index: number;
  result: UpdatingUnitResult;
}

/**
 * A worker thread's share of an updating experiment's units: claim and run units until none is
 * left, waiting first while `busy()` (the thread's chart tasks run; they go first, as in
 * `runFoldClaims`). @throws the first error of a unit it ran (the others stop claiming).
 */
export async function runUpdatingClaims(task: UpdatingTask, busy: () => boolean, waitFor: () => Promise<void>): Promise<ClaimedUnit[]> {
  const { units, claims } = task;
  const done: ClaimedUnit[] = [];
  while (busy()) await waitFor();
  runClaimed(claims, units.length, (index) => done.push({ index, result: runUpdatingUnit(task.sites[units[index]!.site]!, units[index]!, task) }));
  return done;
}

/** The experiment's input (each held-out site's finite logits and outcomes) and the notes on what was left out. */
function experimentInput(validation: LosoResult): { input: SiteLogits[]; notes: string[] } {
  const { yTrue, yProb, sites } = validation.predictions;
  // developModel keeps the default minSiteRows, so its pooled group carries the default label.
  const pooledLabel = validation.pooledSites.length > 0 ? smallSitesLabel(MIN_SITE_ROWS) : undefined;
  const bySite = new Map<string, { logits: number[]; y: number[]; infinite: number }>();
  for (let i = 0; i < yTrue.length; i++) {
    const site = sites[i]!;
    let s = bySite.get(site);
    if (s === undefined) bySite.set(site, (s = { logits: [], y: [], infinite: 0 }));
    const p = yProb[i]!;
    const z = Math.log(p) - Math.log1p(-p);
    if (Number.isFinite(z)) {
      s.logits.push(z);
      s.y.push(yTrue[i]!);
    } else s.infinite++;
  }
  const notes: string[] = [];
  const input: SiteLogits[] = [];
  for (const [site, s] of bySite) {
    if (site === pooledLabel) {
      notes.push(`${site}: left out (${validation.pooledSites.length} small sites pooled for evaluation, not one hospital)`);
      continue;
    }
    if (s.infinite > 0) notes.push(`${site}: ${s.infinite} patient(s) with a predicted risk of exactly 0 or 1 (infinite log-odds) left out`);
    input.push({ site, logits: s.logits, y: s.y });
  }
  return { input, notes };
}
