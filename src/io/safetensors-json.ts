// A strict JSON parser for safetensors headers (internal). Unlike JSON.parse it rejects duplicate
// object keys (JSON.parse keeps the last one silently, which would let a hostile file hide a
// tensor entry), returns objects as Maps (no prototype keys such as `__proto__` to trip over) and
// bounds the nesting depth. Every failure is a ModelFormatError whose message starts with `who`.
import { ModelFormatError } from '../errors.js';

/** A parsed JSON value; objects are Maps in key order. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A parsed JSON object. */
export type JsonObject = Map<string, JsonValue>;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parse `text` as one JSON value (surrounding whitespace allowed).
 * @throws ModelFormatError on a syntax error, a duplicate key or nesting deeper than `maxDepth`.
 */
export function parseStrictJson(text: string, who: string, maxDepth: number): JsonValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new ModelFormatError(`${who}: the header is not valid JSON (${what} at character ${pos}).`);
  };
  const skipWs = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
  };
  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    while (true) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(start, pos);
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          const mapped = e === undefined ? undefined : ESCAPES[e];
          if (mapped === undefined) fail('bad escape');
          out += mapped;
          pos += 2;
        }
        start = pos;
        continue;
      }
      pos++;
    }
  };
  const parseValue = (depth: number): JsonValue => {
    if (depth > maxDepth) {
      throw new ModelFormatError(`${who}: the header nests deeper than ${maxDepth} levels; a safetensors header is at most 3 deep.`);
    }
    skipWs();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: JsonObject = new Map();
      skipWs();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      while (true) {
        skipWs();
        if (text[pos] !== '"') fail('expected a string key');
        const key = parseString();
        if (obj.has(key)) {
          throw new ModelFormatError(`${who}: the header names '${key}' twice; each tensor (and each metadata key) must appear once.`);
        }
        skipWs();
        if (text[pos] !== ':') fail("expected ':'");
        pos++;
        obj.set(key, parseValue(depth + 1));
        skipWs();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const arr: JsonValue[] = [];
      skipWs();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      while (true) {
        arr.push(parseValue(depth + 1));
        skipWs();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return parseString();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null) return fail('unexpected character');
    pos += m[0].length;
    return Number(m[0]);
  };
  const value = parseValue(0);
  skipWs();
  if (pos !== text.length) fail('unexpected trailing content');
  return value;
}
