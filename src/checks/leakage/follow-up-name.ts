/**
 * Whether a column's name reads as a follow-up time or an outcome record (internal to
 * target-proxy.ts). In a cohort with a binary outcome "event during follow-up", the follow-up time
 * (`futime`, `rfstime`, `etime1`, `os_time`, `time`) and the death or censoring records beside it
 * are known only after baseline, and they separate the outcome without being derived from it
 * exactly: in R survival::retinopathy `futime` separates loss of vision with AUC 0.87 (a model
 * trained with it reaches cross-validated AUC 0.88, 0.60 without it); in survival::mgus2 `futime`
 * separates death with AUC 0.79 and, with the time to progression beside it, a model reaches
 * AUC 0.97. A target proxy whose name reads so is critical from max(AUC, 1 − AUC) ≥ 0.6.
 *
 * The names are those survival analyses use, read narrowly so that baseline predictors are not
 * taken for them: `status`, `event` and `dead` count only alone or after a survival word (`vital_status`,
 * not `smoking_status`, `er_status`, `performance_status` or `dead_space`); `time` only alone or after a
 * survival abbreviation (`os_time`, not `prothrombin_time`); no length of stay (a predictor at
 * discharge) and no laboratory time (`protime`).
 */

/** Words that name a follow-up time or an outcome record wherever they stand in a name. */
const ANYWHERE = new Set(['futime', 'fuptime', 'followup', 'survtime', 'tte', 'surv', 'survival', 'death', 'died', 'deceased', 'censor', 'censored', 'censoring', 'outcome', 'vstatus']);

/** What may stand before "time" in a survival time's name, as one word (`rfstime`, `ptime`) or two (`os_time`), and before `stat`/`status` as one word (`pstat`). */
const TIME_PREFIXES = new Set(['e', 'd', 'r', 's', 't', 'p', 'fu', 'fup', 'os', 'pfs', 'rfs', 'dfs', 'efs', 'mfs', 'ttp', 'surv', 'survival', 'follow', 'followup', 'event', 'death', 'censor', 'censoring', 'obs']);

/** Words that name the outcome record alone or after one of these (`vital_status`, `death_event`; `dead`, not `dead_space`). */
const RECORDS = new Set(['status', 'event', 'events', 'dead']);

/** Words after which a word of {@link RECORDS} names the outcome record. */
const OUTCOME_QUALIFIERS = new Set(['vital', 'survival', 'surv', 'death', 'censor', 'censoring', 'os', 'pfs', 'rfs', 'dfs', 'efs', 'followup', 'fu']);

/**
 * The word of `name` that reads as a follow-up time or an outcome record, or null (see the file
 * comment). The name is split into words on non-letters and camelCase; case and digits are
 * ignored (`ETIME1`, `rfsTime`, `os.time`).
 */
export function followUpWord(name: string): string | null {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const before = i > 0 ? words[i - 1]! : null;
    if (ANYWHERE.has(w)) return w;
    if (w.length > 4 && w.endsWith('time') && TIME_PREFIXES.has(w.slice(0, -4))) return w;
    // Their status beside them, abbreviated as one word: `pstat`, `dstatus` (mgus2's progression status).
    for (const end of ['stat', 'status']) if (w.length > end.length && w.endsWith(end) && TIME_PREFIXES.has(w.slice(0, -end.length))) return w;
    if (w === 'time' && (words.length === 1 || (before !== null && TIME_PREFIXES.has(before)))) return w;
    if (RECORDS.has(w) && (words.length === 1 || (before !== null && OUTCOME_QUALIFIERS.has(before)))) return w;
  }
  return null;
}
