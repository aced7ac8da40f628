// Model files (issue #19 items 2 and 4): non-finite weights and impossible buffers are refused on
// save and on load; model files must be regular files within a size limit (a named pipe or a link
// to /dev/zero is refused at once); model.json nesting is bounded; any JSON document as model.json
// gives ModelFormatError, never a crash (fast-check).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ModelFormatError, ValueError, io, manualSeed, nn, noGrad, randn } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

function tmp(): string {
  return tempDir('clinreg-rel-model-');
}

function mlp(): nn.Sequential {
  manualSeed(1);
  const m = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 1));
  noGrad(() => m.forward(randn([8, 3])));
  return m.eval();
}

/** Rewrite one tensor of a saved model and fix the SHA-256 in model.json, as a careful forger would. */
function tamper(dir: string, name: string, index: number, value: number): void {
  const weightsPath = join(dir, 'model.safetensors');
  const sd = io.readSafetensors(weightsPath);
  sd.get(name)!.data[index] = value;
  const bytes = io.writeSafetensors(weightsPath, sd, { format: 'pt' });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weights: { sha256: string } };
  json.weights.sha256 = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
}

test('saveModel refuses NaN/±Inf weights and a negative running variance; nothing is written', () => {
  for (const [name, value] of [['0.weight', Number.NaN], ['3.bias', Infinity], ['1.running_mean', -Infinity], ['1.running_var', -0.5]] as const) {
    const model = mlp();
    model.stateDict().get(name)!.data[0] = value;
    const dir = join(tmp(), 'model');
    assert.throws(() => io.saveModel(dir, { model }), (e: unknown) => {
      assert.ok(e instanceof ValueError, String(e));
      assert.match(e.message, new RegExp(`saveModel: refusing to save .*tensor '${name.replace('.', '\\.')}'`));
      return true;
    });
    assert.throws(() => readFileSync(join(dir, 'model.json')), /ENOENT/);
  }
});

test('loadModel refuses NaN/±Inf weights and a negative running variance even with a matching SHA-256', () => {
  for (const [name, value, pattern] of [
    ['0.weight', Number.NaN, /tensor '0\.weight' holds NaN at index 2/],
    ['1.running_var', -1, /'1\.running_var' \(a BatchNorm running variance\) holds the negative value -1/],
    ['3.weight', -Infinity, /holds -Infinity/],
  ] as const) {
    const dir = join(tmp(), 'model');
    io.saveModel(dir, { model: mlp() });
    tamper(dir, name, 2, value);
    assert.throws(() => io.loadModel(dir), (e: unknown) => e instanceof ModelFormatError && pattern.test(e.message));
  }
});

test('a named pipe or a link to /dev/zero as a model file is refused at once (no hang, no huge allocation)', () => {
  const dir = join(tmp(), 'model');
  io.saveModel(dir, { model: mlp() });
  const fifoDir = join(tmp(), 'fifo');
  mkdirSync(fifoDir);
  execFileSync('mkfifo', [join(fifoDir, 'model.json')]);
  const t0 = Date.now();
  assert.throws(() => io.loadModel(fifoDir), /model\.json: is a named pipe; a model file must be a regular file/);
  const zeroDir = join(tmp(), 'zero');
  mkdirSync(zeroDir);
  writeFileSync(join(zeroDir, 'model.json'), readFileSync(join(dir, 'model.json')));
  symlinkSync('/dev/zero', join(zeroDir, 'model.safetensors'));
  assert.throws(() => io.loadModel(zeroDir), /model\.safetensors: is a character device/);
  assert.throws(() => io.readSafetensors(join(zeroDir, 'model.safetensors')), /is a character device/);
  const jsonZero = join(tmp(), 'jz');
  mkdirSync(jsonZero);
  symlinkSync('/dev/zero', join(jsonZero, 'model.json'));
  assert.throws(() => io.loadModel(jsonZero), /model\.json: is a character device/);
  assert.ok(Date.now() - t0 < 5000);
});

test('model.json nested 20,000 deep is refused with ModelFormatError (no stack overflow)', () => {
  const dir = join(tmp(), 'model');
  io.saveModel(dir, { model: mlp() });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  // Built as text: JSON.stringify itself recurses and cannot write such a document.
  const leaf = JSON.stringify({ type: 'Linear', inFeatures: 3, outFeatures: 1, bias: true });
  const deep = `${'{"type":"Sequential","layers":['.repeat(20_000)}${leaf}${']}'.repeat(20_000)}`;
  const doc = JSON.stringify({ ...json, architecture: 'DEEP' }).replace('"DEEP"', deep);
  writeFileSync(join(dir, 'model.json'), doc);
  assert.throws(() => io.loadModel(dir), /nested deeper than 64 levels/);
  // Deep metadata too: the bound is on the whole document.
  const meta = JSON.stringify({ ...json, metadata: { deep: 'DEEP' } }).replace('"DEEP"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  writeFileSync(join(dir, 'model.json'), meta);
  assert.throws(() => io.loadModel(dir), /nested deeper than 64 levels/);
});

test('any JSON document as model.json gives ModelFormatError, never another error (fast-check)', () => {
  const dir = join(tmp(), 'model');
  io.saveModel(dir, { model: mlp() });
  const good = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  const keys = Object.keys(good);
  fc.assert(
    fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 80 }), (key, value) => {
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...good, [key]: value }));
      try {
        io.loadModel(dir);
      } catch (e) {
        return e instanceof ModelFormatError;
      }
      return true;
    }),
    { numRuns: 150 },
  );
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 100 }), (doc) => {
      writeFileSync(join(dir, 'model.json'), JSON.stringify(doc));
      try {
        io.loadModel(dir);
        return false;
      } catch (e) {
        return e instanceof ModelFormatError;
      }
    }),
    { numRuns: 150 },
  );
});

test('a failed write names the destination path (ENOENT here; ENOSPC and EIO take the same path)', async () => {
  const dest = join(tmp(), 'missing-dir', 'report.html');
  assert.throws(() => io.writeFileAtomicSync(dest, 'x'), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT' && (e as Error).message.includes(dest));
  await assert.rejects(io.writeFileAtomic(dest, 'x'), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT' && (e as Error).message.includes(dest));
});
