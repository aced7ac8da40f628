/**
 * Whether a column's name reads as a follow-up time or an outcome record (internal to
 * target-proxy.ts). In a cohort with a binary outcome "event during follow-up", the follow-up time
 * (`futime`, `rfstime`, `etime1`, `os_time`, `time`) and the event indicators beside it are
 * recorded after baseline, and they separate the outcome without being derived from it exactly:
 * in R survival::retinopathy `futime` separates loss of vision with AUC 0.87, a warning by its AUC
 * alone, and a model trained with it reaches cross-validated AUC 0.88 against 0.60 without it.
 * A target proxy whose name reads so is critical from `proxyWarning`. The names are those survival
 * analyses use; a laboratory time (`protime`, prothrombin time) is not one of them.
 */

/** Whole words (after splitting on non-letters and camelCase) that name a follow-up or an outcome record. */
const WORDS = new Set(['time', 'futime', 'fuptime', 'followup', 'follow', 'fu', 'surv', 'survival', 'survtime', 'death', 'dead', 'died', 'censor', 'censored', 'censoring', 'status', 'event', 'events', 'outcome', 'tte', 'los']);

/** What may stand before "time" in a survival time's name (`rfstime`: relapse-free survival time). */
const TIME_PREFIXES = new Set(['e', 'd', 'r', 's', 't', 'fu', 'fup', 'os', 'pfs', 'rfs', 'dfs', 'efs', 'mfs', 'ttp', 'surv', 'follow', 'event', 'death', 'censor', 'obs']);

/**
 * The word of `name` that reads as a follow-up time or an outcome record, or null: a word of
 * {@link WORDS}, or one of {@link TIME_PREFIXES} followed by "time". Case and digits are ignored
 * (`ETIME1`, `rfsTime`, `os.time`).
 */
export function followUpWord(name: string): string | null {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  for (const w of words) {
    if (WORDS.has(w)) return w;
    if (w.endsWith('time') && TIME_PREFIXES.has(w.slice(0, -4))) return w;
  }
  return null;
}
