// readCsv splits a file without quote characters natively (fast path) and falls back to csv-parse
// when a quote turns up. Property: for any quote-free text, readCsv (fast path) gives the table —
// or the error, message included — that parseCsv (csv-parse) gives for the same text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { data } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-csv-fast-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The table as plain data (NaN as null), or the error's class and message. */
function outcome(read: () => data.Table): unknown {
  try {
    const t = read();
    return {
      rows: t.nRows,
      columns: t.columnNames.map((n) => {
        const c = t.column(n);
        return c.kind === 'categorical' ? { n, kind: c.kind, codes: [...c.codes], levels: c.levels } : { n, kind: c.kind, values: [...c.values].map((v) => (Number.isNaN(v) ? null : v)) };
      }),
    };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

async function both(text: string, name: string): Promise<{ fast: unknown; reference: unknown }> {
  const path = join(dir, name);
  writeFileSync(path, text);
  let table: data.Table | undefined;
  let error: unknown;
  try {
    table = await data.readCsv(path);
  } catch (e) {
    error = e;
  }
  const fast = outcome(() => {
    if (table === undefined) throw error;
    return table;
  });
  return { fast, reference: outcome(() => data.parseCsv(text, { source: path })) };
}

const piece = fc.constantFrom(',', ',', ',', ';', '\t', '\n', '\n', '\r\n', '\r', ' ', '\u0000', '\ufeff', 'NA', '?', '', '1', '2.5', '-3e2', '1e999', '2021-03-04', 'x', 'é', 'a b');
const quoteFree = fc.array(piece, { maxLength: 50 }).map((parts) => parts.join(''));

test('property: readCsv on a quote-free file equals parseCsv (csv-parse) — table or error message', async () => {
  let k = 0;
  await fc.assert(
    fc.asyncProperty(quoteFree, async (text) => {
      const { fast, reference } = await both(text, `p${k++}.csv`);
      // readCsv looks at the file's bytes first (NULs in the first bytes read as UTF-16/32) — a check
      // parseCsv, given text, has no bytes for; not a difference of the parsers.
      if (/ encoded; clinreg reads UTF-8 only/.test((fast as { message?: string }).message ?? '')) return;
      assert.deepEqual(fast, reference);
    }),
    { numRuns: 400 },
  );
});

test('readCsv fast path: line endings, a blank line and a multi-byte character across the 1 MiB read boundary', async () => {
  const MiB = 1 << 20;
  // split 1: the last byte of the first 1 MiB read is '\r' (CRLF cut in two, or a CR terminator);
  // split −1: the 2-byte 'é' before the line break is cut in two.
  for (const [eol, split] of [['\r\n', 1], ['\r\n', -1], ['\r', 1]] as const) {
    const head = `id,v,w${eol}`;
    const rows: string[] = [];
    let size = head.length;
    let i = 0;
    while (size < MiB - 200) {
      const r = `${i},${i % 7 === 0 ? 'NA' : (i / 4).toString()},${i % 3 === 0 ? 'é' : 'b'}${eol}`;
      rows.push(r);
      size += Buffer.byteLength(r);
      i++;
    }
    // The padded row ends (before its line break) at byte MiB − split.
    const nines = MiB - size - split - `${i},,`.length - 2;
    const pad = `${i},${'9'.repeat(nines)},é`;
    const path = join(dir, `boundary-${eol.length}-${split}.csv`);
    writeFileSync(path, head + rows.join('') + pad + eol + `${i + 1},1,b${eol}${eol}${i + 2},2,c`);
    assert.equal(Buffer.byteLength(head + rows.join('') + pad), MiB - split);
    const t = await data.readCsv(path);
    const where = `eol ${JSON.stringify(eol)}, split ${split}`;
    assert.equal(t.nRows, i + 3, where); // the blank line is skipped
    assert.deepEqual([...t.numbers('id')], Array.from({ length: i + 3 }, (_, k) => k), where);
    const v = t.numbers('v');
    assert.ok(Number.isNaN(v[0]!) && v[1] === 0.25 && v[i] === Number('9'.repeat(nines)) && v[i + 1] === 1 && v[i + 2] === 2, where);
    assert.deepEqual(t.strings('w').slice(i - 3), [...Array.from({ length: 3 }, (_, k) => ((i - 3 + k) % 3 === 0 ? 'é' : 'b')), 'é', 'b', 'c'], where);
  }
});

test('readCsv falls back to csv-parse when a quote appears after the first MiB: every row, the quoted field whole', async () => {
  const rows = ['a,b'];
  let size = 3;
  for (let i = 0; size < (1 << 20) + 5000; i++) {
    rows.push(`${i},${i % 2 === 0 ? 'u' : 'v'}`);
    size += rows[rows.length - 1]!.length + 1;
  }
  rows.push('7,"w, quoted"');
  const path = join(dir, 'late-quote.csv');
  writeFileSync(path, rows.join('\n') + '\n');
  const table = await data.readCsv(path);
  assert.equal(table.nRows, rows.length - 1);
  const b = table.column('b');
  assert.ok(b.kind === 'categorical' && b.levels.includes('w, quoted'));
  assert.deepEqual(table.strings('b').slice(-3), [...rows.slice(-3, -1).map((r) => r.split(',')[1]!), 'w, quoted']);
});
