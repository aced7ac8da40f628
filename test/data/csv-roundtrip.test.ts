import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { data } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

type Kind = 'numeric' | 'date' | 'categorical';
interface Spec {
  names: string[];
  kinds: Kind[];
  cells: (number | string | null)[][]; // column-major
}

const MISSING = new Set(['', 'NA', 'NaN', '?']);
// Text with every character that needs quoting, plus ordinary ones.
const textChar = fc.constantFrom('a', 'b', 'Z', 'é', '1', '.', '-', ' ', ',', ';', '\t', '"', '\n', '\r\n', "'", '?');
const level = fc
  .array(textChar, { minLength: 1, maxLength: 6 })
  .map((cs) => cs.join(''))
  .filter((s) => !MISSING.has(s.trim()));
const name = fc
  .array(textChar, { minLength: 1, maxLength: 5 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s.length > 0);
const num = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
);
const dateMs = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });

function cellOf(kind: Kind): fc.Arbitrary<number | string | null> {
  const v: fc.Arbitrary<number | string> = kind === 'numeric' ? num : kind === 'date' ? dateMs : level;
  return fc.option(v, { freq: 4, nil: null });
}

const spec: fc.Arbitrary<Spec> = fc
  .record({
    names: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
    nRows: fc.integer({ min: 1, max: 15 }),
  })
  .chain(({ names, nRows }) =>
    fc
      .array(fc.constantFrom<Kind>('numeric', 'date', 'categorical'), { minLength: names.length, maxLength: names.length })
      .chain((kinds) =>
        fc
          .tuple(...kinds.map((k) => fc.array(cellOf(k), { minLength: nRows, maxLength: nRows })))
          .map((cells) => ({ names, kinds, cells })),
      ),
  );

function buildTable(s: Spec): InstanceType<typeof data.Table> {
  const cols: Record<string, data.Column> = {};
  s.names.forEach((n, c) => {
    const cells = s.cells[c]!;
    if (s.kinds[c] === 'categorical') {
      const levels: string[] = [];
      const codes = Int32Array.from(cells, (v) => {
        if (v === null) return -1;
        let k = levels.indexOf(v as string);
        if (k < 0) k = levels.push(v as string) - 1;
        return k;
      });
      cols[n] = { kind: 'categorical', codes, levels };
    } else {
      cols[n] = { kind: s.kinds[c] as 'numeric' | 'date', values: Float64Array.from(cells, (v) => (v === null ? NaN : (v as number))) };
    }
  });
  return new data.Table(cols);
}

function readOptions(s: Spec, delimiter: string): data.ReadCsvOptions {
  const types: Record<string, data.ColumnType> = {};
  s.names.forEach((n, c) => {
    // Categorical text may look like a number; a column with no values has no type to infer.
    if (s.kinds[c] === 'categorical' || s.cells[c]!.every((v) => v === null)) types[n] = s.kinds[c]!;
  });
  return { delimiter, types };
}

function assertSame(a: InstanceType<typeof data.Table>, b: InstanceType<typeof data.Table>): void {
  assert.deepEqual(b.columnNames, a.columnNames);
  assert.equal(b.nRows, a.nRows);
  for (const n of a.columnNames) assert.deepEqual(b.column(n), a.column(n), n);
}

const delimiter = fc.constantFrom(',', ';', '\t');
const eol = fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n');

test('property: random tables written with toCsv read back exactly (parseCsv)', () => {
  fc.assert(
    fc.property(spec, delimiter, eol, (s, d, e) => {
      const t = buildTable(s);
      assertSame(t, data.parseCsv(data.toCsv(t, { delimiter: d, lineEnding: e }), readOptions(s, d)));
    }),
    { numRuns: 300, seed: 20240501 },
  );
});

test('property: the same through a file with the streamed reader (writeCsv + readCsv)', async () => {
  const dir = tempDir('clinreg-rt-');
  let k = 0;
  await fc.assert(
    fc.asyncProperty(spec, delimiter, async (s, d) => {
      const t = buildTable(s);
      const path = join(dir, `t${k++}.csv`);
      await data.writeCsv(path, t, { delimiter: d });
      assertSame(t, await data.readCsv(path, readOptions(s, d)));
    }),
    { numRuns: 60, seed: 7 },
  );
});

test('property: inferred types and a sniffed delimiter for numeric/date/letter-coded tables', () => {
  const coded = fc.array(fc.constantFrom('a', 'b', 'c', ' ', 'x,y', 'q"t'), { minLength: 1, maxLength: 4 }).map((cs) => `k${cs.join('')}`);
  const simple = fc
    .record({ nCols: fc.integer({ min: 2, max: 5 }), nRows: fc.integer({ min: 1, max: 12 }) })
    .chain(({ nCols, nRows }) =>
      fc.tuple(
        fc.array(fc.constantFrom<Kind>('numeric', 'date', 'categorical'), { minLength: nCols, maxLength: nCols }),
        fc.constant(nRows),
      ),
    )
    .chain(([kinds, nRows]) =>
      fc
        .tuple(
          ...kinds.map((kind) => {
            const v: fc.Arbitrary<number | string> = kind === 'numeric' ? num : kind === 'date' ? dateMs : coded;
            // the first value is present so every column has a type to infer
            return fc.tuple(v, fc.array(fc.option(v, { nil: null }), { minLength: nRows - 1, maxLength: nRows - 1 })).map(([h, rest]) => [h, ...rest]);
          }),
        )
        .map((cells): Spec => ({ names: kinds.map((_, i) => `c${i}`), kinds, cells })),
    );
  fc.assert(
    fc.property(simple, delimiter, (s, d) => {
      const t = buildTable(s);
      assertSame(t, data.parseCsv(data.toCsv(t, { delimiter: d })));
    }),
    { numRuns: 200, seed: 11 },
  );
});

test('property: decimal text reads as exactly the double Number() gives', () => {
  const decimal = fc.stringMatching(/^[+-]?\d{1,18}(\.\d{0,24})?([eE][+-]?\d{1,3})?$/);
  fc.assert(
    fc.property(fc.array(decimal, { minLength: 1, maxLength: 20 }), (xs) => {
      const finite = xs.filter((s) => Number.isFinite(Number(s)));
      fc.pre(finite.length > 0);
      const t = data.parseCsv(`x\n${finite.join('\n')}\n`);
      assert.deepEqual([...t.numbers('x')], finite.map(Number));
    }),
    { numRuns: 300, seed: 5 },
  );
});
