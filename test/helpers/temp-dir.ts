// Temporary folders for tests that are removed when the test process exits, passed or failed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** This process's folder of test folders under the system's temp dir, made on first use. */
let root: string | undefined;

/**
 * A new empty folder named `prefix` + six random characters, inside one folder per test process
 * that is removed with everything in it when the process exits (test files that share a process
 * share it). Use it where a test would call `mkdtempSync(join(tmpdir(), prefix))`: nothing is
 * left in the temp dir after the suite.
 */
export function tempDir(prefix: string): string {
  if (root === undefined) {
    const made = mkdtempSync(join(tmpdir(), `clinreg-test-${process.pid}-`));
    root = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}
