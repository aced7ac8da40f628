import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './run-cli.js';

/** A usage error: exit 2, nothing on stdout, exactly one `clinreg: …` line, no stack trace. */
function assertOneLineError(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^clinreg: [^\n]+\n$/, `one line on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stderr, pattern);
}

test('usage errors: unknown command, unknown option, missing and invalid option values → exit 2, one line', async () => {
  assertOneLineError(await runCli(['frobnicate']), /^clinreg: unknown command 'frobnicate'/);
  assertOneLineError(await runCli(['recommend', '--rows', '10', '--arch', 'mlp', '--bogus']), /unknown option '--bogus'/);
  assertOneLineError(await runCli(['recommend', '--rows']), /option '--rows <n>' argument missing/);
  assertOneLineError(await runCli(['recommend', '--rows', 'ten', '--arch', 'mlp']), /'--rows <n>' argument 'ten' is invalid\. Expected a positive integer\./);
  assertOneLineError(await runCli(['recommend', '--rows', '10', '--arch', 'rnn']), /Allowed choices are mlp, cnn, transformer/);
  assertOneLineError(await runCli(['recommend', '--rows', '10', '--arch', 'mlp', '--positive-rate', '1']), /Expected a number in \(0, 1\)/);
});

test('--debug adds the stack trace after the one line', async () => {
  const r = await runCli(['recommend', '--rows', '0', '--arch', 'mlp', '--debug']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^clinreg: option '--rows <n>' argument '0' is invalid\. Expected a positive integer\.\n/);
  assert.match(r.stderr, /\n\s+at /);
});

test('no command prints the usage on stderr and exits 2; --help and --version exit 0 on stdout', async () => {
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^Usage: clinreg /);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const cmd of ['demo', 'audit', 'shift', 'train', 'validate', 'predict', 'recommend', 'doctor']) assert.match(help.stdout, new RegExp(`\\n  ${cmd}\\b`));
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('doctor: versions and CPU, and --json is one JSON document', async () => {
  const text = await runCli(['doctor']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^clinreg {4}\d+\.\d+\.\d+\nnode {7}v\d+/);
  assert.match(text.stdout, /\nwasm simd {2}(yes|no)\n/);
  assert.match(text.stdout, /\nkernels {4}(native|wasm|ts) — \S/);
  const json = await runCli(['doctor', '--json']);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stderr, '');
  const doc = JSON.parse(json.stdout) as {
    node: string;
    clinreg: string;
    cpu: { logicalCores: number };
    findings: unknown[];
    wasmSimd: boolean;
    kernels: { tier: string; reason: string };
  };
  assert.ok(['native', 'wasm', 'ts'].includes(doc.kernels.tier));
  assert.ok(doc.kernels.reason.length > 0);
  assert.equal(doc.node, process.version);
  assert.ok(doc.cpu.logicalCores >= 1);
  assert.deepEqual(doc.findings, []);
  assert.equal(typeof doc.wasmSimd, 'boolean');
});

test('recommend: settings with reasons (--arch mlp by default); --json carries the config and empty findings', async () => {
  const text = await runCli(['recommend', '--rows', '920', '--positive-rate', '0.55']); // --arch defaults to mlp
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Recommended regularisation for mlp, 920 rows:\n/);
  assert.match(text.stdout, /\n {2}dropout {12}0\.5\n {21}↳ 920 rows \(< 5,000\)/);
  const json = await runCli(['recommend', '--rows', '100000', '--arch', 'transformer', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { config: { dropout: number; architecture: string; notes: unknown[] }; findings: unknown[] };
  assert.equal(doc.config.architecture, 'transformer');
  assert.equal(doc.config.dropout, 0.1);
  assert.ok(doc.config.notes.length > 0);
  assert.deepEqual(doc.findings, []);
});
