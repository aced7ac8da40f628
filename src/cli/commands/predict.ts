import type { Command } from 'commander';
import { createContext } from '../context.js';
import { addJsonFlag, positiveInt } from '../flags.js';
import { readOptions } from '../load-data.js';
import { loadTrainedModel, modelInputs, predictProba } from '../model-inputs.js';

interface PredictFlags {
  mc?: number;
  out?: string;
  delimiter?: string;
  missing?: string[];
  json?: boolean;
}

/**
 * `clinreg predict MODEL_DIR FILE [--mc 30] [--out FILE]`: the event probability of every row
 * (CSV: `row,probability` with the file row number, plus `sd` with MC dropout), on stdout or
 * written atomically to `--out`.
 * @param program the root command.
 */
export function registerPredict(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('predict')
      .description('event probabilities for new rows (optionally MC-dropout mean and SD)')
      .argument('<model-dir>', 'directory written by clinreg train')
      .argument('<file>', 'CSV file with the model features')
      .option('--mc <passes>', 'MC-dropout passes: report mean probability and its SD', positiveInt)
      .option('--out <file>', 'write the CSV here (atomically) instead of stdout')
      .option('--delimiter <char>', 'field delimiter (default: sniffed)')
      .option('--missing <tokens>', "cell texts meaning missing (comma-separated; default '', NA, NaN, ?)", (v: string) => v.split(',').map((s) => s.trim())),
  ).action(async (modelDir: string, file: string, flags: PredictFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    if (flags.mc !== undefined && flags.mc < 2) throw new api.ValueError(`predict: --mc must be at least 2 passes. Received: --mc ${flags.mc}.`);
    const trained = loadTrainedModel(api, modelDir);
    const table = await api.data.readCsv(file, readOptions(flags));
    const x = modelInputs(api, trained, table);
    let probability: ArrayLike<number>;
    let sd: ArrayLike<number> | undefined;
    if (flags.mc !== undefined) {
      const mc = api.train.mcDropoutPredict(trained.model, x, { passes: flags.mc, seed: 0 });
      probability = mc.mean;
      sd = mc.std;
    } else {
      probability = predictProba(api, trained.model, x);
    }
    const rows = Array.from({ length: table.nRows }, (_, i) => table.fileRow(i));
    if (ctx.json) {
      return ctx.emitJson({
        model: modelDir,
        file,
        rows: table.nRows,
        predictions: rows.map((row, i) => ({ row, probability: probability[i]!, ...(sd !== undefined ? { sd: sd[i]! } : {}) })),
        findings: [],
      });
    }
    const lines = [sd !== undefined ? 'row,probability,sd' : 'row,probability'];
    for (let i = 0; i < rows.length; i++) {
      lines.push(`${rows[i]},${probability[i]!.toPrecision(6)}${sd !== undefined ? `,${sd[i]!.toPrecision(6)}` : ''}`);
    }
    const csv = `${lines.join('\n')}\n`;
    if (flags.out === undefined) return ctx.print(csv.slice(0, -1));
    await api.io.writeFileAtomic(flags.out, csv);
    ctx.note(`${table.nRows} predictions written to ${flags.out}`);
  });
}
