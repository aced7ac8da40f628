// Ctrl-C in the middle of a synchronous training loop (src/cli/interrupts.ts): Node runs the CLI's
// SIGINT handler only when the main thread is back on its event loop, so a long fit (a 100k-row
// train held it 20–30 s) ignored Ctrl-C. A child process installs the CLI's handling, starts a fit
// of 100,000 epochs and sends itself SIGINT from the end of its second epoch: it must exit 130
// with the CLI's one line at the next training step, never reach the end of the fit (minutes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kernels as K } from '../../src/index.js';
import { srcModule } from '../helpers/src-module.js';

const native = K.availableTiers().includes('native');

test('SIGINT during a synchronous fit: exit 130 and "clinreg: interrupted" at the next step, not after the fit', { skip: !native && 'the native tier is not built here (the check needs its signal record)', timeout: 120_000 }, () => {
  const lib = srcModule('index');
  const cli = srcModule('cli/interrupts');
  const child = `
const { handleInterrupts } = await import(${JSON.stringify(cli.url)});
const { nn, optim, train, randn, manualSeed, Tensor, recommend } = await import(${JSON.stringify(lib.url)});
handleInterrupts();
manualSeed(0);
const x = randn([2000, 20]);
const y = new Tensor(Float32Array.from({ length: 2000 }, (_, i) => i % 2), [2000, 1]);
const model = recommend.buildMlp({ nFeatures: 20, hiddenSizes: [64], dropout: 0.1 });
let epochs = 0;
train.fit(model, {
  x, y, loss: new nn.BCEWithLogitsLoss(), optimizer: new optim.AdamW(model.parameters(), { lr: 1e-3 }), epochs: 100000, batchSize: 32,
  callbacks: [{ onEpochEnd: (log) => { epochs = log.epoch + 1; if (log.epoch === 1) process.kill(process.pid, 'SIGINT'); } }],
});
console.log('the fit ended after ' + epochs + ' epochs');
`;
  const r = spawnSync(process.execPath, [...lib.args, '--input-type=module', '-e', child], { encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL' });
  assert.equal(r.signal, null, `killed by ${String(r.signal)} (the fit ran on): ${r.stderr}`);
  assert.equal(r.status, 130, r.stderr);
  assert.equal(r.stderr, '\nclinreg: interrupted\n');
  assert.equal(r.stdout, '');
});
