// `clinreg demo` with its defaults, as `npm start` runs it, once per test run for the test files
// that check its output (test/cli/demo.test.ts: the screen and the output set; test/report/
// browser.test.ts: the report in Chromium). Not a test file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oncePerRun } from './once-per-run.js';
import { runCli, type CliResult } from './run-cli.js';

/**
 * `clinreg demo --out <folder>/run/demo` (runCli: the executable, not the CLI host), run once per
 * test run (test/cli/once-per-run.ts); its exit code and output, and the `--out` folder, which
 * the callers only read. `run/` holds nothing else.
 * @param fallback the caller's own folder for the run when the run's shared one is missing or failed.
 */
export async function demoOnce(fallback: string): Promise<{ out: string; result: CliResult }> {
  const folder = await oncePerRun('demo', fallback, async (f) => {
    const result = await runCli(['demo', '--out', join(f, 'run', 'demo')], { timeoutMs: 120_000 });
    writeFileSync(join(f, 'result.json'), JSON.stringify(result));
  });
  return { out: join(folder, 'run', 'demo'), result: JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as CliResult };
}
