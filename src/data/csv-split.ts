// The CSV reader's fast path (internal): records of a file without quote characters, split with the
// engine's native indexOf/split instead of csv-parse's character-by-character state machine. It
// yields exactly the records csv-parse yields with readCsv's settings (parserOptions in
// csv-text.ts: bom, relax_column_count, skip_empty_lines false): the record terminator is the first
// line break of the file ('\n', '\r\n' or '\r'; any other '\r' or '\n' is text), a terminator at the
// end of the file adds no record, an empty line is the record ['']. A quote anywhere needs
// csv-parse's RFC 4180 rules and error positions, so the caller falls back to it (`push` returns false).

const QUOTE = '"';

/** Splits quote-free CSV text, fed in chunks, into records. */
export class PlainCsvSplitter {
  private carry = '';
  private terminator: string | undefined;
  private started = false;

  /**
   * @param onLine receives every record's line in file order (its fields: `line.split(delimiter)`).
   */
  constructor(
    private readonly onLine: (line: string) => void,
  ) {}

  /**
   * Feed the next piece of the text.
   * @returns false when the text holds a quote: nothing more is parsed and the caller must read the
   *   file with csv-parse instead (records already handed over must be discarded).
   */
  push(chunk: string): boolean {
    if (chunk.indexOf(QUOTE) >= 0) return false;
    let text = this.carry.length > 0 ? this.carry + chunk : chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.terminator === undefined) {
      this.terminator = detectTerminator(text, false);
      if (this.terminator === undefined) {
        this.carry = text;
        return true;
      }
    }
    this.carry = this.splitComplete(text, this.terminator);
    return true;
  }

  /** Hand over every terminated record of `text`; returns the unterminated rest. */
  private splitComplete(text: string, term: string): string {
    let start = 0;
    for (;;) {
      const at = text.indexOf(term, start);
      if (at < 0) break;
      this.onLine(text.slice(start, at));
      start = at + term.length;
    }
    return start === 0 ? text : text.slice(start);
  }

  /** The end of the text: the last record, when it has no terminator. */
  end(): void {
    const term = this.terminator ?? detectTerminator(this.carry, true);
    const rest = term === undefined ? this.carry : this.splitComplete(this.carry, term);
    if (rest.length > 0) this.onLine(rest);
    this.carry = '';
  }
}

/**
 * The first line break of `text` ('\n', '\r\n' or '\r'), or undefined when there is none yet (or
 * the text ends on a '\r' that the next chunk may follow with '\n', unless `final`).
 */
function detectTerminator(text: string, final: boolean): string | undefined {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr < 0) return lf < 0 ? undefined : '\n';
  if (lf >= 0 && lf < cr) return '\n';
  if (cr + 1 < text.length) return text.charCodeAt(cr + 1) === 10 ? '\r\n' : '\r';
  return final ? '\r' : undefined;
}
