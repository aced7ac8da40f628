// Any text as a CSV file (issue #19 proof, fast-check): parseCsv returns a Table or throws a
// DataError/ValueError — never another error — and a refusal's message stays bounded (the CLI
// escapes its control and bidi characters when it prints it: see safe-text and cli-bounds tests).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DataError, ValueError, data } from '../../src/index.js';

const PROTO = Object.getOwnPropertyNames(Object.prototype);
const piece = fc.oneof(
  fc.constantFrom(',', ';', '\t', '"', '""', '\n', '\r\n', '\r', '\u0000', '\u001b[2J', '\u202e', '\u2066', 'NA', '?', '1e999', '-0', '1.5', '2020-02-30', '  '),
  fc.constantFrom(...PROTO),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.integer({ min: -1000, max: 1000 }).map(String),
);
const csvText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

test('property: any text as a CSV gives a Table or a DataError/ValueError, never another error', () => {
  fc.assert(
    fc.property(csvText, (text) => {
      try {
        const t = data.parseCsv(text, { source: 'fuzz.csv' });
        assert.ok(t.nRows >= 1);
        // Every column name is the trimmed header field and none is an Object.prototype member by accident.
        for (const name of t.columnNames) assert.equal(typeof t.column(name).kind, 'string');
      } catch (e) {
        if (!(e instanceof DataError || e instanceof ValueError)) throw e;
        assert.ok(e.message.length < 2000, `message of ${e.message.length} characters`);
      }
    }),
    { numRuns: 1500 },
  );
});

test('property: headers made of Object.prototype names read as ordinary columns', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.constantFrom(...PROTO), { minLength: 1, maxLength: PROTO.length }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 }), (names, values) => {
      const text = `${names.join(',')}\n${values.map((v) => names.map(() => v).join(',')).join('\n')}\n`;
      const t = data.parseCsv(text);
      assert.deepEqual(t.columnNames, names);
      for (const n of names) assert.deepEqual([...t.numbers(n)], values);
    }),
    { numRuns: 200 },
  );
});
