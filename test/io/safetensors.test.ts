import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, ModelFormatError, Tensor, ValueError, tensor, io } from '../../src/index.js';

/** A safetensors file from a raw header object and data bytes (for hand-made, broken files). */
function build(header: unknown, data: Uint8Array | number = 0, headerText?: string): Uint8Array {
  const text = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + text.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(body, 8 + text.length);
  return out;
}

function expectFormatError(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => io.readSafetensors(bytes), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError, `expected ModelFormatError, got ${String(e)}`);
    assert.equal(e.code, 'E_MODEL_FORMAT');
    assert.match(e.message, message);
    return true;
  });
}

const f32 = (...v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);

test('write → read round trip keeps names, shapes, values and metadata; the layout is the spec\'s', () => {
  const a = tensor([[1.5, -2], [3, 4e-30]]);
  const b = tensor([Math.PI]);
  const empty = new Tensor(new Float32Array(0), [0, 3]);
  const bytes = io.writeSafetensors(null, new Map([['z.weight', a], ['a.bias', b], ['empty', empty]]), { format: 'pt', note: 'ü' });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0, 'header padded to 8 bytes');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  assert.deepEqual(header['a.bias'], { dtype: 'F32', shape: [1], data_offsets: [0, 4] });
  assert.deepEqual(header['empty'], { dtype: 'F32', shape: [0, 3], data_offsets: [4, 4] });
  assert.deepEqual(header['z.weight'], { dtype: 'F32', shape: [2, 2], data_offsets: [4, 20] });
  assert.equal(bytes.length, 8 + n + 20);
  const back = io.readSafetensors(bytes);
  assert.ok(back instanceof Map);
  assert.deepEqual([...back.keys()], ['a.bias', 'empty', 'z.weight']);
  assert.deepEqual(back.get('z.weight')!.shape, [2, 2]);
  assert.deepEqual(Array.from(back.get('z.weight')!.data), Array.from(a.data));
  assert.equal(back.get('a.bias')!.data[0], Math.fround(Math.PI));
  assert.deepEqual(back.get('empty')!.shape, [0, 3]);
  assert.deepEqual(back.metadata, { format: 'pt', note: 'ü' });
});

test('writeSafetensors with a path writes atomically (no temporary file left) and readSafetensors reads the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-st-'));
  try {
    const path = join(dir, 'model.safetensors');
    writeFileSync(path, 'old contents');
    const bytes = io.writeSafetensors(path, { w: tensor([1, 2, 3]) });
    assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
    assert.deepEqual(readdirSync(dir), ['model.safetensors']);
    assert.deepEqual(Array.from(io.readSafetensors(path).get('w')!.data), [1, 2, 3]);
    assert.throws(() => io.readSafetensors(join(dir, 'missing.safetensors')), { code: 'E_MODEL_FORMAT', message: /cannot read the file/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeSafetensors rejects bad input with ValueError', () => {
  for (const [args, message] of [
    [[{ __metadata__: tensor([1]) }], /names must be strings other than '__metadata__'/],
    [[[['a', tensor([1])], ['a', tensor([2])]]], /'a' appears twice/],
    [[{ a: [1, 2] }], /'a' must be a Tensor/],
    [[{ a: tensor([1]) }, { epoch: 3 }], /metadata values must be strings\. Received: metadata\.epoch of type number/],
  ] as [unknown[], RegExp][]) {
    assert.throws(() => (io.writeSafetensors as (...a: unknown[]) => unknown)(null, ...args), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.code, 'E_VALUE');
      assert.match(e.message, message);
      return true;
    });
  }
});

test('I64 (num_batches_tracked) converts exactly; F16 and BF16 widen exactly', () => {
  const i64 = new Uint8Array(16);
  const v = new DataView(i64.buffer);
  v.setBigInt64(0, 12345n, true);
  v.setBigInt64(8, -(2n ** 53n), true);
  const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff, 0x8000, 0x7c00]).buffer); // 1, -2, 2^-24, 65504, -0, inf
  const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc0490fdb >>> 16]).buffer); // 1, ≈ -π
  const data = new Uint8Array([...i64, ...half, ...bf16]);
  const back = io.readSafetensors(build({
    n: { dtype: 'I64', shape: [2], data_offsets: [0, 16] },
    h: { dtype: 'F16', shape: [6], data_offsets: [16, 28] },
    b: { dtype: 'BF16', shape: [2], data_offsets: [28, 32] },
  }, data));
  assert.deepEqual(Array.from(back.get('n')!.data), [12345, -(2 ** 53)]);
  assert.deepEqual(Array.from(back.get('h')!.data), [1, -2, 2 ** -24, 65504, -0, Infinity]);
  assert.deepEqual(Array.from(back.get('b')!.data), [1, -3.140625]);
  const big = new Uint8Array(8);
  new DataView(big.buffer).setBigInt64(0, 2n ** 53n + 1n, true);
  expectFormatError(build({ n: { dtype: 'I64', shape: [], data_offsets: [0, 8] } }, big), /tensor 'n' holds the integer 9007199254740993 \(element 0\), beyond ±2\^53/);
});

test('dtypes clinreg does not load are a ModelFormatError naming tensor and dtype', () => {
  expectFormatError(build({ 'fc.weight': { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, 8), /tensor 'fc\.weight' has dtype F64, which clinreg does not load.*v\.float\(\)/);
  expectFormatError(build({ m: { dtype: 'I32', shape: [2], data_offsets: [0, 8] } }, 8), /tensor 'm' has dtype I32/);
  expectFormatError(build({ m: { dtype: 'Q4', shape: [2], data_offsets: [0, 8] } }, 8), /tensor 'm' has an unknown dtype "Q4"/);
});

test('every header field is validated (ModelFormatError with the tensor and field)', () => {
  const ok = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(5), /fewer than the 8-byte header length/],
    [(() => { const b = build({ a: ok }, 8); new DataView(b.buffer).setUint32(4, 1, true); return b; })(), /header length field says \d+ bytes, more than the 100000000-byte limit/],
    [(() => { const b = build({ a: ok }, 8); new DataView(b.buffer).setUint32(0, 99_000_000, true); return b; })(), /says 99000000 bytes but only \d+ follow/],
    [build(null, 8, '{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "a": {}}'), /names 'a' twice/],
    [build(null, 8, '{"a": '), /not valid JSON \(.* at character 6\)/],
    [build(null, 0, '[1, 2]'), /the header must be a JSON object/],
    [build(null, 0, `${'['.repeat(50)}${']'.repeat(50)}`), /nests deeper than 8 levels/],
    [(() => { const b = build(null, 0, '{"\u00e9": 1}'); b[11] = 0xff; return b; })(), /not valid UTF-8/],
    [build({ a: 3 }, 8), /tensor 'a' must be an object \{dtype, shape, data_offsets\}\. Received: 3/],
    [build({ a: { ...ok, shape: [2.5] } }, 8), /tensor 'a': 'shape' must be an array of non-negative integers\. Received: \[2\.5\]/],
    [build({ a: { ...ok, shape: [-2] } }, 8), /'shape' must be an array/],
    [build({ a: { ...ok, shape: '2' } }, 8), /'shape' must be an array/],
    [build({ a: { ...ok, data_offsets: [0] } }, 8), /'data_offsets' must be \[begin, end\]/],
    [build({ a: { ...ok, data_offsets: [8, 0] } }, 8), /data_offsets \[8, 0\] do not lie inside the 8-byte data buffer/],
    [build({ a: { ...ok, data_offsets: [0, 16] } }, 8), /do not lie inside/],
    [build({ a: { ...ok, shape: [3] } }, 16), /shape \[3\] of F32 needs 12 bytes but data_offsets span 8/],
    [build({ a: { ...ok, shape: [2 ** 40, 2 ** 40, 2 ** 40] } }, 8), /needs more than 8 bytes/],
    [build({ a: ok, b: { ...ok, data_offsets: [4, 12] } }, 12), /tensor 'b' starts at byte 4 and overlaps the previous tensor/],
    [build({ a: ok, b: { ...ok, data_offsets: [12, 20] } }, 20), /tensor 'b' starts at byte 12 and leaves a gap of 4 bytes/],
    [build({ a: ok }, 12), /the tensors cover 8 bytes but the data buffer holds 12/],
    [build({ __metadata__: { epoch: 3 }, a: ok }, 8), /'__metadata__\.epoch' must be a string/],
    [build({ __metadata__: [], a: ok }, 8), /'__metadata__' must be an object of strings/],
  ];
  for (const [bytes, message] of cases) expectFormatError(bytes, message);
  // Well-formed oddities stay readable: out-of-order offsets, unknown extra fields, escapes, no metadata.
  const odd = io.readSafetensors(build(null, f32(1, 2, 3, 4), '{"b\\u0031": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8], "extra": true}}  '));
  assert.deepEqual([...odd.keys()], ['b1', 'a']);
  assert.deepEqual(Array.from(odd.get('b1')!.data), [3, 4]);
  assert.deepEqual(odd.metadata, {});
});

test('fuzz: 3000 seeded byte flips and truncations of a valid file only ever give ModelFormatError', () => {
  const valid = io.writeSafetensors(null, new Map([
    ['net.0.weight', tensor([[1, 2, 3], [4, 5, 6]])],
    ['net.0.bias', tensor([0.5, -0.5])],
    ['net.1.running_mean', tensor([0, 0])],
  ]), { format: 'pt' });
  const headerEnd = 8 + Number(new DataView(valid.buffer).getBigUint64(0, true));
  const rng = new Generator(2024);
  let rejected = 0;
  let accepted = 0;
  for (let iter = 0; iter < 3000; iter++) {
    let bytes = valid.slice();
    const kind = rng.randint(4);
    if (kind === 0) {
      bytes = bytes.slice(0, rng.randint(bytes.length));
    } else {
      const flips = 1 + rng.randint(4);
      for (let k = 0; k < flips; k++) {
        // Mostly in the length field and header, where the parsing is; sometimes in the data.
        const at = kind === 1 ? rng.randint(8) : kind === 2 ? rng.randint(headerEnd) : rng.randint(bytes.length);
        bytes[at] = kind === 3 && rng.randint(2) === 0 ? bytes[at]! ^ (1 << rng.randint(8)) : rng.randint(256);
      }
    }
    try {
      const out = io.readSafetensors(bytes);
      for (const t of out.values()) assert.ok(t instanceof Tensor && t.data.length === t.shape.reduce((a, b) => a * b, 1));
      accepted++;
    } catch (e) {
      if (!(e instanceof ModelFormatError) || e.code !== 'E_MODEL_FORMAT') throw new Error(`iteration ${iter}: unexpected ${String(e)}`, { cause: e });
      rejected++;
    }
  }
  assert.equal(rejected + accepted, 3000);
  assert.ok(rejected > 1500, `most corruptions must be caught (${rejected})`);
});

test('property: any JSON header over any data bytes gives tensors or a ModelFormatError, never another error', () => {
  const tensorInfo = fc.record({
    dtype: fc.constantFrom('F32', 'F16', 'BF16', 'I64', 'F64', 'U8', 'X'),
    shape: fc.array(fc.oneof(fc.nat(6), fc.integer({ min: -2, max: 2 ** 40 })), { maxLength: 3 }),
    data_offsets: fc.array(fc.nat(40), { minLength: 1, maxLength: 3 }),
  }, { requiredKeys: [] });
  const header = fc.oneof(
    fc.json(),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(tensorInfo, fc.jsonValue()), { maxKeys: 4 }).map((h) => JSON.stringify(h)),
  );
  fc.assert(fc.property(header, fc.uint8Array({ maxLength: 40 }), (text, data) => {
    try {
      const out = io.readSafetensors(build(null, data, text));
      for (const t of out.values()) assert.ok(t instanceof Tensor);
    } catch (e) {
      if (!(e instanceof ModelFormatError)) throw e;
    }
  }), { numRuns: 1500, seed: 7 });
});

test('property: writeSafetensors → readSafetensors is the identity on names, shapes and float32 bits', () => {
  const entry = fc.tuple(fc.array(fc.nat(3), { maxLength: 3 }), fc.float32Array({ maxLength: 27 }));
  fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__metadata__'), entry, { maxKeys: 5 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), (spec, metadata) => {
    const tensors = new Map<string, Tensor>();
    for (const [name, [shape, values]] of Object.entries(spec)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) data[i] = values.length > 0 ? values[i % values.length]! : i;
      tensors.set(name, new Tensor(data, shape));
    }
    const back = io.readSafetensors(io.writeSafetensors(null, tensors, metadata));
    assert.deepEqual([...back.keys()].sort(), [...tensors.keys()].sort());
    for (const [name, t] of tensors) {
      assert.deepEqual(back.get(name)!.shape, t.shape);
      assert.deepEqual(new Uint8Array(back.get(name)!.data.buffer), new Uint8Array(t.data.buffer));
    }
    assert.deepEqual({ ...back.metadata }, Object.keys(metadata).length > 0 ? { ...metadata } : {});
  }), { numRuns: 300, seed: 11 });
});
