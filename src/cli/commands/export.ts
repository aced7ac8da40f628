import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createContext } from '../context.js';
import { positiveInt } from '../flags.js';
import { readOptions } from '../load-data.js';
import { resolveModelDir } from '../model-dir.js';
import { prepareOutFile } from '../out-file.js';

interface ExportFlags {
  calculator: string;
  data?: string;
  results?: string;
  title?: string;
  intendedUse?: string;
  unit?: string[];
  mc?: number;
  wasm?: boolean;
  delimiter?: string;
  missing?: string[];
}

/**
 * `clinreg export MODEL_DIR --calculator FILE.html`: one self-contained, offline HTML risk
 * calculator for a saved model (form, risk with MC-dropout interval, batch mode, model card).
 * @param program the root command.
 */
export function registerExport(program: Command, _setExitCode: (code: number) => void): void {
  program
    .command('export')
    .description('export a saved model as an offline HTML risk calculator')
    .argument('<model-dir>', 'directory written by clinreg train')
    .requiredOption('--calculator <file>', 'write the calculator page here (one self-contained .html file)')
    .option('--data <file>', 'development data CSV whose per-feature ranges the page warns outside of (default: the ranges clinreg train stored in the model)')
    .option('--results <file>', "results.json for the model card (default: the one in or beside the model directory)")
    .option('--title <text>', 'page title (default: Risk of <outcome>)')
    .option('--intended-use <text>', 'intended use and limits, for the model card')
    .option('--unit <feature=unit>', "unit shown beside a feature's label (repeatable)", (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--mc <passes>', 'MC-dropout passes of the risk interval (default 30)', positiveInt)
    .option('--no-wasm', 'leave the wasm kernels out: the page runs on the TypeScript kernels')
    .option('--delimiter <char>', 'field delimiter of --data (default: sniffed)')
    .option('--missing <tokens>', "more cell texts that mean missing in --data (comma-separated; empty cells, NA, NaN and ? always do)", (v: string) => v.split(',').map((s) => s.trim()))
    .action(async (modelArg: string, flags: ExportFlags) => {
      const modelDir = resolveModelDir(modelArg); // a train output set (DIR/model inside) is accepted
      const ctx = createContext({ json: false });
      prepareOutFile(flags.calculator, 'export --calculator');
      const api = await import('../../index.js');
      const options: import('../../index.js').exporter.CalculatorOptions = {};
      if (flags.data !== undefined) {
        const model = api.io.loadModel(modelDir);
        const features = model.preprocessor?.features ?? model.schema?.features ?? [];
        // The model's categorical features are read as text whatever they look like (codes such as 1–4).
        const table = await api.data.readCsv(flags.data, readOptions(flags));
        options.ranges = api.exporter.featureRanges(table, features);
      }
      if (flags.results !== undefined) {
        try {
          options.results = JSON.parse(readFileSync(flags.results, 'utf8')) as unknown;
        } catch (e) {
          throw new api.ValueError(`export: --results ${flags.results} is not a readable JSON file (${(e as Error).message}).`);
        }
      }
      if (flags.title !== undefined) options.title = flags.title;
      if (flags.intendedUse !== undefined) options.intendedUse = flags.intendedUse;
      if (flags.mc !== undefined) options.passes = flags.mc;
      if (flags.wasm === false) options.wasm = false;
      if (flags.unit !== undefined) {
        options.units = Object.create(null) as Record<string, string>; // '__proto__' may be a feature (H4, #19)
        for (const u of flags.unit) {
          const at = u.indexOf('=');
          if (at <= 0) throw new api.ValueError(`export: --unit must be feature=unit (e.g. chol=mg/dl). Received: ${u}.`);
          options.units[u.slice(0, at)] = u.slice(at + 1);
        }
      }
      const page = await api.exporter.exportCalculator(modelDir, flags.calculator, options);
      const ranges = page.rangesFrom === null ? 'training ranges not recorded (pass --data DEVELOPMENT.csv to show them and warn outside them)' : `training ranges from ${page.rangesFrom === 'options' ? flags.data : 'the model'}`;
      ctx.note(`calculator written to ${flags.calculator} (${(Buffer.byteLength(page.html) / 1024).toFixed(0)} KB; ${ranges}; model card ${page.resultsFrom === null ? 'without per-site results' : `from ${page.resultsFrom}`}; ${page.siteCheck ? 'flags patients unlike every development site' : 'no site profiles in the model (trained without --site): cannot flag patients unlike the development sites'}; ${page.wasm ? 'wasm SIMD kernels embedded' : 'TypeScript kernels'})`);
    });
}
