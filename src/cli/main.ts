#!/usr/bin/env node
// The `clinreg` executable (package.json "bin"). Everything else lives in program.ts.
import { main } from './program.js';

// Ctrl-C: exit through process.exit so pending atomic writes remove their temporary files and
// no half-written model or report is left behind.
process.on('SIGINT', () => {
  process.stderr.write('\nclinreg: interrupted\n');
  process.exit(130);
});

// Once per run, on a terminal only: which kernel tier runs when it is not native, and how to get
// native (`doctor` prints the same note itself).
if (process.stderr.isTTY && process.argv[2] !== 'doctor') {
  const note = (await import('../kernels/doctor.js')).tierNotice();
  if (note !== null) process.stderr.write(`${note}\n`);
}

process.exitCode = await main(process.argv.slice(2));
