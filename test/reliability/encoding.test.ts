// CSV encodings (issue #19 item 6): invalid UTF-8 is refused naming the first bad byte's row and
// column; UTF-16/32 files are refused as unsupported; valid multi-byte text across stream chunk
// boundaries reads unchanged. Property (fast-check): any valid UTF-8 CSV of quoted text reads back.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DataError, data } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('clinreg-enc-');
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

test('invalid UTF-8 names the row and column of the first bad byte (readCsv and readCsvSync)', async () => {
  const bytes = Buffer.concat([Buffer.from('a,b,c\n1,x,2\n3,caf'), Buffer.from([0xe9]), Buffer.from(',4\n')]);
  const p = file('latin1.csv', bytes);
  for (const read of [(): Promise<unknown> => data.readCsv(p), async (): Promise<unknown> => data.readCsvSync(p)]) {
    await assert.rejects(read(), (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.deepEqual([e.file, e.row, e.column], [p, 3, 'b']);
      assert.match(e.message, /byte 17 \(0xe9\) is not valid UTF-8/);
      return true;
    });
  }
});

test('invalid UTF-8 far into a large file (past the first stream chunks) is found exactly', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => `${i},héllo wörld ${i}`);
  const head = Buffer.from(`id,t\n${rows.join('\n')}\n`);
  const p = file('late.csv', Buffer.concat([head, Buffer.from('5,"ok\n'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]));
  await assert.rejects(data.readCsv(p), (e: unknown) => e instanceof DataError && e.row === 20_002 && e.column === 't');
});

test('valid multi-byte text across chunk boundaries reads unchanged', async () => {
  const cell = 'é😀中'.repeat(7);
  const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${cell}`);
  const p = file('ok.csv', `id,t\n${rows.join('\n')}\n`);
  const t = await data.readCsv(p);
  assert.equal(t.nRows, 30_000);
  assert.ok(t.strings('t').every((s) => s === cell));
});

test('UTF-16 and UTF-32 files are refused as unsupported (with and without a byte-order mark)', async () => {
  const text = 'a,b\n1,2\n';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  const cases: [string, Buffer, string][] = [
    ['u16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'UTF-16LE'],
    ['u16be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'UTF-16BE'],
    ['u16le.csv', le, 'UTF-16LE'],
    ['u16be.csv', be, 'UTF-16BE'],
    ['u32le-bom.csv', Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), 'UTF-32LE'],
  ];
  for (const [name, bytes, enc] of cases) {
    const p = file(name, bytes);
    await assert.rejects(data.readCsv(p), (e: unknown) => e instanceof DataError && e.row === 1 && e.message.includes(`the file is ${enc} encoded; clinreg reads UTF-8 only`), name);
    assert.throws(() => data.readCsvSync(p), new RegExp(`${enc} encoded`), name);
  }
});

test('property: any valid UTF-8 text in quoted CSV fields reads back unchanged (no NUL, no controls lost)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\u0000') && s.trim() === s && s.trim() !== '' && !['NA', 'NaN', '?'].includes(s)), { minLength: 1, maxLength: 20 }), async (cells) => {
      const p = file('prop.csv', `k,v\n${cells.map((c, i) => `${i},"${c.replace(/"/g, '""')}"`).join('\n')}\n`);
      const t = await data.readCsv(p, { categorical: ['v'] });
      assert.deepEqual(t.strings('v'), cells);
    }),
    { numRuns: 60 },
  );
});
