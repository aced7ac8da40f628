#!/usr/bin/env node
// The `clinreg` executable (package.json "bin"). Everything else lives in program.ts.
import { main } from './program.js';

// Ctrl-C: exit through process.exit so pending atomic writes remove their temporary files and
// no half-written model or report is left behind.
process.on('SIGINT', () => {
  process.stderr.write('\nclinreg: interrupted\n');
  process.exit(130);
});

process.exitCode = await main(process.argv.slice(2));
