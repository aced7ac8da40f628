import type { Command } from 'commander';
import { createContext } from '../context.js';
import { addJsonFlag, commaList, positiveInt } from '../flags.js';
import { readOptions } from '../load-data.js';
import { resolveModelDir } from '../model-dir.js';
import { prepareOutFile } from '../out-file.js';

interface PredictFlags {
  mc?: number;
  out?: string;
  id?: string;
  carry?: string[];
  delimiter?: string;
  missing?: string[];
  json?: boolean;
}

/**
 * `clinreg predict MODEL_DIR FILE [--id COL] [--carry COLS] [--mc 30] [--out FILE]`: the event
 * probability of every row (`develop.predictProba`: stored preprocessing, eval forward, stored
 * recalibration) as CSV — the `--id` column first (default: the id column the model was trained
 * with, when the file has it), the file row, carried columns, `probability`, and with `--mc` the
 * MC-dropout SD — on stdout or written atomically to `--out`.
 * @param program the root command.
 */
export function registerPredict(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('predict')
      .description('event probabilities for new rows (with --mc, their MC-dropout SD)')
      .argument('<model-dir>', 'directory written by clinreg train')
      .argument('<file>', 'CSV file with the model features')
      .option('--id <col>', 'row identifier column, written first (default: the model\'s --id column when the file has it)')
      .option('--carry <cols>', 'columns copied into the output (comma-separated, repeatable)', commaList)
      .option('--mc <passes>', 'MC-dropout passes (2–1000): add the SD of the probability', positiveInt)
      .option('--out <file>', 'write the CSV here (atomically) instead of stdout')
      .option('--delimiter <char>', 'field delimiter (default: sniffed)')
      .option('--missing <tokens>', "more cell texts that mean missing (comma-separated; empty cells, NA, NaN and ? always do)", commaList),
  ).action(async (modelArg: string, file: string, flags: PredictFlags) => {
    const modelDir = resolveModelDir(modelArg); // a train output set (DIR/model inside) is accepted
    const ctx = createContext({ json: flags.json === true });
    const { conformal, data, develop, io, DataError, ValueError } = await import('../../index.js');
    if (flags.mc !== undefined && (flags.mc < 2 || flags.mc > 1000)) throw new ValueError(`predict: --mc must be 2 to 1000 passes. Received: --mc ${flags.mc}.`);
    if (flags.out !== undefined) prepareOutFile(flags.out, 'predict --out');
    const trained = io.loadModel(modelDir);
    const table = await data.readCsv(file, readOptions(flags));
    const storedId = typeof trained.metadata['id'] === 'string' ? trained.metadata['id'] : undefined;
    const id = flags.id ?? (storedId !== undefined && table.has(storedId) ? storedId : undefined);
    for (const [role, name] of [['id', id], ...(flags.carry ?? []).map((c) => ['carried', c])] as [string, string | undefined][]) {
      if (name !== undefined && !table.has(name)) {
        throw new DataError(`the ${role} column '${name}' is not in the file. Columns: ${table.columnNames.join(', ')}.`, { file, column: name });
      }
    }
    const probability = develop.predictProba(trained, table);
    const sd = flags.mc !== undefined ? develop.predictProbaMc(trained, table, flags.mc, 0).std : undefined;
    const rows = Array.from({ length: table.nRows }, (_, i) => table.fileRow(i));
    // Rows outside the stored per-feature training range (models trained since issue 16 store it).
    const ranges = conformal.storedRanges(trained.metadata);
    const outOfRange = ranges === null ? null : conformal.flagOutOfRange(table, ranges).map((o) => ({ row: o.fileRow, features: o.features }));
    // Rows unlike every development site (stored per-site input profiles, conformal thresholds).
    const profiles = conformal.storedSiteProfiles(trained.metadata);
    const unlikeSites = profiles === null || trained.preprocessor === null ? null
      : conformal.flagUnlikeSites(profiles, trained.preprocessor.transform(table)).map((u) => ({ row: table.fileRow(u.row), closestSite: u.closestSite, ratio: u.ratio }));
    const columns: { name: string; values: ArrayLike<string | number | null> }[] = [];
    if (id !== undefined) columns.push({ name: id, values: table.strings(id) });
    columns.push({ name: 'row', values: rows });
    for (const c of flags.carry ?? []) if (c !== id) columns.push({ name: c, values: table.strings(c) });
    columns.push({ name: 'probability', values: probability });
    if (sd !== undefined) columns.push({ name: 'sd', values: sd });
    // A carried or id column named like one predict writes ('row', 'probability', 'sd') would make an
    // ambiguous header (row,row,probability) and collapse into one key in --json.
    const names = columns.map((c) => c.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) {
      throw new ValueError(`predict: the output would have two '${twice}' columns (${names.join(',')}). Fix: rename the file's '${twice}' column, or leave it out of --id/--carry.`);
    }
    if (ctx.json) {
      return ctx.emitJson({
        model: modelDir,
        file,
        rows: table.nRows,
        recalibration: trained.recalibration,
        ...(outOfRange !== null ? { outOfRange } : {}),
        ...(unlikeSites !== null ? { unlikeSites } : {}),
        predictions: rows.map((_, i) => Object.fromEntries(columns.map((c) => [c.name, c.values[i] ?? null]))),
        findings: [],
      });
    }
    if (outOfRange !== null && outOfRange.length > 0) {
      ctx.note(`${outOfRange.length} of ${table.nRows} rows lie outside the training range (first: row ${outOfRange[0]!.row}, ${outOfRange[0]!.features.join(', ')}); their risks are extrapolations (--json lists them).`);
    }
    if (unlikeSites !== null && unlikeSites.length > 0) {
      ctx.note(`${unlikeSites.length} of ${table.nRows} rows are unlike every development site (first: row ${unlikeSites[0]!.row}, closest ${unlikeSites[0]!.closestSite}); --json lists them.`);
    }
    const csv = develop.predictionsCsv(columns);
    if (flags.out === undefined) return ctx.print(csv.slice(0, -1));
    await io.writeFileAtomic(flags.out, csv);
    ctx.note(`${table.nRows} predictions written to ${flags.out}${trained.recalibration !== null ? ` (recalibrated: ${trained.recalibration.method})` : ''}`);
  });
}
