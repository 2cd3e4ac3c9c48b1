import type { Rejection } from '../model';

/**
 * One input read from a file or stdin: a parsed JSON value to hand to the normaliser,
 * or a rejection when the bytes at that place were not JSON.
 *
 * `input` labels where it came from, `<file>#<index>` (`-#3` for the fourth event on stdin).
 */
export type EventInput =
  | { readonly ok: true; readonly input: string; readonly event: unknown }
  | { readonly ok: false; readonly input: string; readonly rejection: Rejection };

/**
 * How the text of one source is laid out.
 * - `json`: one JSON document; an array is a list of events, anything else is one event.
 *   A document that does not parse but whose first line is a JSON object on its own is read as JSON Lines.
 * - `jsonl`: one JSON value per line (JSON Lines / NDJSON); blank lines are skipped.
 */
export type EventTextFormat = 'json' | 'jsonl';

/** The format a file name implies: `.jsonl` and `.ndjson` are JSON Lines, everything else is JSON. */
export function formatForFileName(fileName: string): EventTextFormat {
  return /\.(jsonl|ndjson)$/i.test(fileName) ? 'jsonl' : 'json';
}

/**
 * Splits the content of one source into events. Pure and total: it never throws for content.
 * Garbage, truncated JSON, an empty source or a bad JSON line become `malformed` rejections
 * naming the line and column; the other events of the source are still returned.
 *
 * @param content the raw bytes (checked to be UTF-8) or text of the source
 * @param source the label used in `input` (a file path, or `-` for stdin)
 * @param format how the text is laid out (see {@link formatForFileName})
 */
export function parseEventText(content: string | Uint8Array, source: string, format: EventTextFormat = 'json'): EventInput[] {
  const decoded = decode(content);
  if (decoded === undefined) {
    // Not UTF-8 as a whole. JSON Lines are read line by line, so one bad byte loses only its own line.
    const lines = decodeLines(content as Uint8Array);
    const first = lines.find((line) => line === undefined || line.trim() !== '');
    if (format === 'jsonl' || (first !== undefined && looksLikeJsonLines(first))) return parseJsonLines(lines, source);
    return [reject(source, 0, 'not UTF-8 text (binary data?)')];
  }
  const text = decoded.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return [reject(source, 0, 'empty input: no JSON found')];
  }
  if (format === 'jsonl') {
    return parseJsonLines(text.split(/\r?\n/), source);
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.map((event, index) => ({ ok: true as const, input: label(source, index), event }))
      : [{ ok: true, input: label(source, 0), event: value }];
  } catch {
    if (looksLikeJsonLines(text)) {
      return parseJsonLines(text.split(/\r?\n/), source);
    }
    const error = findJsonSyntaxError(text) ?? { offset: 0, message: 'not valid JSON' };
    const { line, column } = lineAndColumn(text, error.offset);
    return [reject(source, 0, `not valid JSON: ${error.message} at line ${line}, column ${column}`)];
  }
}

/** One event per line; a line that is `undefined` was not UTF-8 and is rejected on its own. */
function parseJsonLines(lines: ReadonlyArray<string | undefined>, source: string): EventInput[] {
  const out: EventInput[] = [];
  lines.forEach((line, lineIndex) => {
    const index = out.length;
    if (line === undefined) {
      out.push(reject(source, index, `line ${lineIndex + 1} is not UTF-8 text (binary data?)`));
      return;
    }
    if (line.trim() === '') return;
    try {
      out.push({ ok: true, input: label(source, index), event: JSON.parse(line) });
    } catch {
      const error = findJsonSyntaxError(line) ?? { offset: 0, message: 'not valid JSON' };
      out.push(reject(source, index, `line ${lineIndex + 1} is not valid JSON: ${error.message} at column ${error.offset + 1}`));
    }
  });
  return out;
}

/** A JSON document that fails to parse as a whole is JSON Lines when its first non-blank line is an object by itself. */
function looksLikeJsonLines(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '');
  if (first === undefined || !first.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

function decode(content: string | Uint8Array): string | undefined {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}

/** The lines of a byte buffer (LF or CRLF), each decoded on its own: `undefined` for a line that is not UTF-8. */
function decodeLines(bytes: Uint8Array): Array<string | undefined> {
  const lines: Array<string | undefined> = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
    const line = decode(bytes.subarray(start, end));
    lines.push(lines.length === 0 ? line?.replace(/^\uFEFF/, '') : line);
    start = i + 1;
  }
  return lines;
}

function label(source: string, index: number): string {
  return `${source}#${index}`;
}

function reject(source: string, index: number, reason: string): EventInput {
  const input = label(source, index);
  return { ok: false, input, rejection: { code: 'malformed', reason, input } };
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Where and why a text is not JSON. */
export interface JsonSyntaxError {
  /** Character offset of the first character that cannot be accepted (the text length when it is truncated). */
  readonly offset: number;
  readonly message: string;
}

/**
 * Locates the first syntax error of a JSON text (RFC 8259), or returns undefined when it is valid.
 * `JSON.parse` reports no position for most errors; this scanner does, so a rejection can say where.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let pos = 0;
  const fail = (message: string): never => {
    throw new ScanError(pos, pos >= text.length ? 'unexpected end of input (truncated?)' : message);
  };
  const unexpected = (): never => fail(`unexpected ${describe(text[pos])}`);
  const skipSpace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const expectLiteral = (word: string) => {
    for (const ch of word) {
      if (text[pos] !== ch) unexpected();
      pos++;
    }
  };
  const scanString = () => {
    pos++; // opening quote
    for (;;) {
      if (pos >= text.length) fail('');
      const code = text.charCodeAt(pos);
      if (code === 0x22) {
        pos++;
        return;
      }
      if (code < 0x20) fail('unescaped control character in string');
      if (code === 0x5c) {
        pos++;
        const esc = text[pos];
        if (esc === 'u') {
          pos++;
          for (let i = 0; i < 4; i++) {
            if (!/[0-9a-fA-F]/.test(text[pos] ?? '')) fail('bad \\u escape in string');
            pos++;
          }
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          pos++;
        } else {
          fail('bad escape in string');
        }
      } else {
        pos++;
      }
    }
  };
  const scanDigits = () => {
    const start = pos;
    while (/[0-9]/.test(text[pos] ?? '')) pos++;
    if (pos === start) unexpected();
  };
  const scanNumber = () => {
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') pos++;
    else scanDigits();
    if (text[pos] === '.') {
      pos++;
      scanDigits();
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      scanDigits();
    }
  };
  const scanValue = (depth: number) => {
    if (depth > 512) fail('nesting too deep');
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a property name but found ${describe(text[pos])}`);
        scanString();
        skipSpace();
        if (text[pos] !== ':') fail(`expected ':' but found ${describe(text[pos])}`);
        pos++;
        scanValue(depth + 1);
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        fail(`expected ',' or '}' but found ${describe(text[pos])}`);
      }
    }
    if (ch === '[') {
      pos++;
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        scanValue(depth + 1);
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        fail(`expected ',' or ']' but found ${describe(text[pos])}`);
      }
    }
    if (ch === '"') return scanString();
    if (ch === 't') return expectLiteral('true');
    if (ch === 'f') return expectLiteral('false');
    if (ch === 'n') return expectLiteral('null');
    if (ch === '-' || /[0-9]/.test(ch ?? '')) return scanNumber();
    return unexpected();
  };

  try {
    scanValue(0);
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describe(text[pos])} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof ScanError) return { offset: e.offset, message: e.message };
    throw e;
  }
}

class ScanError extends Error {
  constructor(public readonly offset: number, message: string) {
    super(message);
  }
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'end of input';
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f || code === 0xfffd) return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}
