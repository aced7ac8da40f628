import { Option, type Command } from 'commander';
import { groupDigits } from '../../recommend/group-digits.js';
import type { recommend } from '../../index.js';
import { createContext } from '../context.js';
import { addJsonFlag, openUnitRate, positiveInt } from '../flags.js';

interface RecommendFlags {
  rows: number;
  arch: recommend.Architecture;
  positiveRate?: number;
  features?: number;
  json?: boolean;
}

/** Human-readable value of one config field. */
function show(value: unknown): string {
  if (Array.isArray(value)) return value.join(' → ') || '(none)';
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join(', ');
  }
  return String(value);
}

/**
 * `clinreg recommend --rows N [--arch mlp|cnn|transformer] [--positive-rate R] [--json]`: the
 * regularisation configuration for a dataset, with the reason for each value (`--arch` default mlp).
 * @param program the root command.
 */
export function registerRecommend(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('recommend')
      .description('recommended regularisation (dropout, weight decay, early stopping, …) with reasons')
      .requiredOption('--rows <n>', 'number of training rows', positiveInt)
      .addOption(new Option('--arch <arch>', 'model family').choices(['mlp', 'cnn', 'transformer']).default('mlp'))
      .option('--positive-rate <r>', 'share of events, in (0, 1)', openUnitRate)
      .option('--features <n>', 'number of input features (sizes the MLP)', positiveInt),
  ).action(async (flags: RecommendFlags) => {
    const { recommend } = await import('../../index.js');
    const ctx = createContext({ json: flags.json === true });
    const config = recommend.getRegularisationConfig({
      datasetSize: flags.rows,
      architecture: flags.arch,
      ...(flags.positiveRate !== undefined ? { positiveRate: flags.positiveRate } : {}),
      ...(flags.features !== undefined ? { nFeatures: flags.features } : {}),
    });
    if (ctx.json) return ctx.emitJson({ config, findings: [] });
    const { notes, base: _base, architecture, ...fields } = config;
    const lines = [`Recommended regularisation for ${architecture}, ${groupDigits(flags.rows)} rows:`];
    for (const [name, value] of Object.entries(fields)) {
      lines.push(`  ${name.padEnd(18)} ${show(value)}`);
      for (const n of notes.filter((x) => x.field === name)) lines.push(`  ${''.padEnd(18)} ↳ ${n.reason}`);
    }
    const shown = new Set(Object.keys(fields));
    for (const n of notes.filter((x) => !shown.has(x.field))) lines.push(`  note (${n.field}): ${n.reason}`);
    ctx.print(lines.join('\n'));
  });
}
