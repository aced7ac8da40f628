// A role flag (`--target`, `--site`, `--patient`, `--split`, `--id`, and each name in `--exclude`,
// `--features`, `--categorical`) that names no column of the file: the library's refusal
// (createSchema) names the function and 'the table'; a CLI user needs the flag, the name given, the closest column
// (a typo or a different spelling, 'centre' for 'center') and the columns there are.
import { DataError } from '../errors.js';
import type { data } from '../index.js';
import type { DataFlags } from './flags.js';

const SINGLE = ['target', 'site', 'patient', 'split', 'id'] as const;
const LISTS = ['exclude', 'features', 'categorical'] as const;

/** Edit distance (insertions, deletions, substitutions) between two short names, case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * The column a mistyped name most likely meant: the nearest by edit distance when that is at most a
 * third of the name's length (at least 1, case differences free), else a column that starts with the
 * name or that the name starts with; null when none is close.
 */
export function closestColumn(name: string, columns: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of columns) {
    const d = distance(name, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best !== null && bestDistance <= Math.max(1, Math.floor(name.length / 3))) return best;
  const lower = name.toLowerCase();
  return columns.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())) ?? null;
}

/**
 * Refuse a role flag that names no column of the file, before the schema is built: one line naming
 * the flag, the name, the closest column ("did you mean") and the file's columns.
 * @param file the file as the user gave it. @param table the table read from it. @param flags the data flags.
 * @throws DataError naming file and column.
 */
export function refuseUnknownRoleColumns(file: string, table: data.Table, flags: DataFlags): void {
  const named: { flag: string; role: string; name: string }[] = [];
  for (const role of SINGLE) {
    const name = flags[role];
    if (name !== undefined) named.push({ flag: `--${role}`, role: `${role} column`, name });
  }
  for (const role of LISTS) for (const name of flags[role] ?? []) named.push({ flag: `--${role}`, role: 'column', name });
  for (const { flag, role, name } of named) {
    if (table.has(name)) continue;
    const near = closestColumn(name, table.columnNames);
    const hint = near !== null ? ` Did you mean '${near}'?` : '';
    throw new DataError(`${flag} ${name}: the ${role} '${name}' is not in the file.${hint} Columns: ${table.columnNames.join(', ')}.`, { file, column: name });
  }
}
