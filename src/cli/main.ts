#!/usr/bin/env node
// The `clinreg` executable (package.json "bin"). Everything else lives in program.ts.
import { handleInterrupts } from './interrupts.js';
import { main } from './program.js';

// Ctrl-C or a polite kill, also in the middle of a training loop: exit through process.exit so
// pending atomic writes and a run's staging directory are removed and the previous output set stays whole.
handleInterrupts();

// `clinreg … | head`: a reader that stops early is not an error (and never a stack trace).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// Once per run, on a terminal only: which kernel tier runs when it is not native, and how to get
// native (`doctor` prints the same note itself).
if (process.stderr.isTTY && process.argv[2] !== 'doctor') {
  const note = (await import('../kernels/doctor.js')).tierNotice();
  if (note !== null) process.stderr.write(`${note}\n`);
}

process.exitCode = await main(process.argv.slice(2));
