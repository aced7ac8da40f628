// The demo gives the same output set on one thread and with a worker thread (folds claimed by
// both threads, charts drawn there as their data appear): results.json apart from its timing, the
// model files, predictions.csv and report.html apart from the command line in its footer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

/** A file of a demo output set as compared: its own directory and the model's creation time masked. */
function normalised(dir: string, file: string): string {
  let text = readFileSync(join(dir, file), file.endsWith('.safetensors') ? 'latin1' : 'utf8').split(dir).join('OUT');
  if (file === 'results.json') {
    const doc = JSON.parse(text) as { timing?: unknown };
    assert.equal(doc.timing, undefined, 'timing is printed with --json, not written');
    text = JSON.stringify(doc);
  }
  if (file === 'model/model.json') text = text.replace(/"created": "[^"]*"/, '"created": ""');
  if (file === 'report.html') text = text.replace(/<footer>[\s\S]*<\/footer>/, '<footer/>');
  return text;
}

test('demo --threads 1 writes the same results, model, predictions and report as --threads 0 (seed 0)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'clinreg-demo-threads-'));
  try {
    const dirs = ['serial', 'threaded'].map((d) => join(root, d));
    const timings: { stages: { stage: string }[] }[] = [];
    for (const [k, threads] of ['0', '1'].entries()) {
      const r = await runCli(['demo', '--json', '--threads', threads, '--out', dirs[k]!], { timeoutMs: 180_000 });
      assert.equal(r.code, 0, r.stderr);
      timings.push((JSON.parse(r.stdout) as { timing: { stages: { stage: string }[] } }).timing);
    }
    assert.ok(timings[1]!.stages.some((s) => /on 1 worker thread$/.test(s.stage)), 'the threaded run used its worker');
    assert.ok(!timings[0]!.stages.some((s) => /worker thread/.test(s.stage)), 'the serial run used none');
    const files = ['results.json', 'predictions.csv', 'report.html', ...readdirSync(join(dirs[0]!, 'model')).map((f) => `model/${f}`)];
    assert.deepEqual(readdirSync(join(dirs[1]!, 'model')).sort(), readdirSync(join(dirs[0]!, 'model')).sort());
    assert.ok(files.includes('model/model.json') && files.length >= 5, files.join(', '));
    for (const f of files) assert.ok(normalised(dirs[0]!, f) === normalised(dirs[1]!, f), `${f} differs between --threads 0 and --threads 1`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
