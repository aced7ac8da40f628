import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, ValueError } from '../../src/index.js';

// Under scripts/run-tests.mjs the sources are transpiled beside the tests: the child imports that
// JavaScript (through tsx its start alone cost ~2 s of CPU); else it runs src/ through tsx.
const INDEX = new URL('../../src/index.js', import.meta.url);
const COMPILED = existsSync(fileURLToPath(INDEX));

function withDir(fn: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-atomic-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'writeFileAtomic: writes, replaces, and leaves only the destination',
  withDir(async (dir) => {
    const file = join(dir, 'out.json');
    await io.writeFileAtomic(file, '{"a":1}');
    assert.equal(readFileSync(file, 'utf8'), '{"a":1}');
    await io.writeFileAtomic(file, Uint8Array.of(0x7b, 0x7d));
    assert.equal(readFileSync(file, 'utf8'), '{}');
    io.writeFileAtomicSync(file, 'sync ✓');
    assert.equal(readFileSync(file, 'utf8'), 'sync ✓');
    assert.deepEqual(readdirSync(dir), ['out.json']);
    io.writeFileAtomicSync(join(dir, 'private'), 'x', { mode: 0o600 });
    assert.equal(statSync(join(dir, 'private')).mode & 0o077, 0);
  }),
);

test(
  'writeFileAtomic: a missing directory fails with the fs error and creates nothing',
  withDir(async (dir) => {
    await assert.rejects(io.writeFileAtomic(join(dir, 'nope', 'f.txt'), 'x'), /ENOENT/);
    assert.throws(() => io.writeFileAtomicSync(join(dir, 'nope', 'f.txt'), 'x'), /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  }),
);

test('writeFileAtomic: a path that names no file is a ValueError', async () => {
  await assert.rejects(io.writeFileAtomic('', 'x'), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  assert.throws(() => io.writeFileAtomicSync('some/dir/', 'x'), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /must name a file/.test(e.message));
});

test(
  'an interrupted run keeps the old file and leaves no temporary file behind',
  withDir((dir) => {
    const file = join(dir, 'model.json');
    writeFileSync(file, 'old');
    // The child starts a 64 MiB atomic write and, as soon as the temporary file exists, exits (as
    // the CLI does on Ctrl-C) before the write can finish.
    const script = `
      import { readdirSync } from 'node:fs';
      import { io } from ${JSON.stringify(COMPILED ? INDEX.href : './src/index.js')};
      void io.writeFileAtomic(${JSON.stringify(file)}, new Uint8Array(64 * 1024 * 1024).fill(65));
      const poll = () => {
        if (readdirSync(${JSON.stringify(dir)}).some((f) => f.endsWith('.tmp'))) {
          process.stdout.write('saw-tmp');
          process.exit(130);
        }
        setImmediate(poll);
      };
      poll();
    `;
    const r = spawnSync(process.execPath, [...(COMPILED ? [] : ['--import', 'tsx']), '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 130, r.stderr);
    assert.equal(r.stdout, 'saw-tmp');
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['model.json']);
  }),
);
