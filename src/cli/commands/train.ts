import { Option, type Command } from 'commander';
import { createContext } from '../context.js';
import { addDataFlags, addFailOnFlag, addJsonFlag, nonNegativeInt, positiveInt, type DataFlags, type FailOn } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { loadData } from '../load-data.js';
import { runDevelopment, siteTable } from '../pipeline/run.js';

interface TrainFlags extends DataFlags {
  target: string;
  arch: 'mlp' | 'transformer';
  validation: 'leave-one-site-out' | 'group-kfold' | 'temporal';
  seed: number;
  epochs: number;
  mc: number;
  out: string;
  failOn: FailOn;
  json?: boolean;
}

/**
 * `clinreg train FILE --target COL --site COL [...]`: audit, shift diagnosis, recommended
 * configuration, validation (default leave-one-site-out: each site scored by the model that did
 * not see it; or group k-fold by patient, or temporal), final model on all rows, MC-dropout
 * uncertainty; writes DIR/model, DIR/report.html and DIR/results.json atomically.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerTrain(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('train')
    .description('validate the recommended model (leave-one-site-out by default), train it on all rows, write model + report')
    .argument('<file>', 'CSV file');
  addDataFlags(cmd, { target: 'required', site: 'optional' })
    .addOption(new Option('--arch <arch>', 'model family (tabular)').choices(['mlp', 'transformer']).default('mlp'))
    .addOption(new Option('--validation <scheme>', 'leave-one-site-out (needs --site), group-kfold (by --patient, else --site) or temporal (needs --time)').choices(['leave-one-site-out', 'group-kfold', 'temporal']).default('leave-one-site-out'))
    .option('--seed <n>', 'seed of everything stochastic', nonNegativeInt, 0)
    .option('--epochs <n>', 'maximum epochs per fit (early stopping ends sooner)', positiveInt, 100)
    .option('--mc <passes>', 'MC-dropout passes for the uncertainty of the final model', positiveInt, 30)
    .option('--out <dir>', 'output directory (model/, report.html, results.json)', '.clinreg-out');
  addJsonFlag(addFailOnFlag(cmd));
  cmd.action(async (file: string, flags: TrainFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    if (flags.mc < 2) throw new api.ValueError(`train: --mc must be at least 2 passes. Received: --mc ${flags.mc}.`);
    const loaded = await loadData(file, flags);
    const { doc } = await runDevelopment(api, ctx, loaded, {
      arch: flags.arch,
      validation: flags.validation,
      seed: flags.seed,
      epochs: flags.epochs,
      mcPasses: flags.mc,
      outDir: flags.out,
      command: ['clinreg', ...process.argv.slice(2)].join(' '),
    });
    setExitCode(exitCodeFor(doc.findings, flags.failOn));
    if (ctx.json) return ctx.emitJson(doc);
    ctx.print(siteTable(doc));
    ctx.print(formatFindings('Findings', doc.findings));
    ctx.print(`model:  ${String(doc['model'])}\nreport: ${String(doc['report'])}`);
  });
}
