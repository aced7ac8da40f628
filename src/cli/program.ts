import { Command } from 'commander';
import { clinregVersion } from './context.js';
import { describeError, EXIT } from './errors.js';
import { registerAudit } from './commands/audit.js';
import { registerDemo } from './commands/demo.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExport } from './commands/export.js';
import { registerPredict } from './commands/predict.js';
import { registerRecommend } from './commands/recommend.js';
import { registerShift } from './commands/shift.js';
import { registerTrain } from './commands/train.js';
import { registerValidate } from './commands/validate.js';
import { registerUpdate } from './commands/update.js';
import { registerMeta } from './commands/meta.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';

/** Options every command sees (set on the program, accepted anywhere on the line). */
export interface GlobalFlags {
  debug?: boolean;
}

/**
 * Build the `clinreg` commander program with every command registered. Commands set
 * `process.exitCode`-style results by returning an exit code through `setExitCode`.
 * @param setExitCode receives the exit code a command asks for (0 or 1).
 */
export function createProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('clinreg')
    .description('Clinical prediction models that still work at the next hospital.')
    .version(clinregVersion(), '-V, --version', 'print the clinreg version')
    .option('--debug', 'show stack traces for errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => undefined, // main() prints the one error line itself
    });
  registerDemo(program, setExitCode);
  registerAudit(program, setExitCode);
  registerDoctor(program, setExitCode);
  registerShift(program, setExitCode);
  registerTrain(program, setExitCode);
  registerValidate(program, setExitCode);
  registerPredict(program, setExitCode);
  registerRecommend(program, setExitCode);
  registerExport(program, setExitCode);
  registerUpdate(program, setExitCode);
  registerMeta(program, setExitCode);
  registerSweep(program);
  registerWorker(program);
  return program;
}

/**
 * Run clinreg with `argv` (without the node and script paths) and return the exit code:
 * 0 ok, 1 findings at the `--fail-on` severity, 2 usage or data error. Errors print exactly one
 * line `clinreg: <message>` on stderr (plus the stack with `--debug`).
 * @param argv command-line arguments, e.g. `['audit', 'data.csv', '--target', 'y']`.
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    const debug = argv.includes('--debug');
    const { code: exit, stderr } = describeError(err, debug);
    if (stderr !== '') process.stderr.write(stderr);
    return exit;
  }
}
