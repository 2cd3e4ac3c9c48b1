import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { findJsonSyntaxError, InputPathError, parseEventText, readEventInputs, type EventInput } from '../../src/runtime/io';

const event = (id: string) => ({ 'version': '0', id, 'detail-type': 'Test', 'source': 'test', 'detail': {} });

function ids(inputs: EventInput[]): Array<string | undefined> {
  return inputs.map((i) => (i.ok ? (i.event as { id?: string }).id : undefined));
}

describe('parseEventText', () => {
  test('one JSON object is one event labelled #0', () => {
    const out = parseEventText(JSON.stringify(event('a'), null, 2), 'one.json');
    expect(out).toEqual([{ ok: true, input: 'one.json#0', event: event('a') }]);
  });

  test('a JSON array is one event per element, labelled by index', () => {
    const out = parseEventText(JSON.stringify([event('a'), event('b'), event('c')]), 'many.json');
    expect(out.map((o) => o.input)).toEqual(['many.json#0', 'many.json#1', 'many.json#2']);
    expect(ids(out)).toEqual(['a', 'b', 'c']);
  });

  test('an empty JSON array is no events, not a rejection', () => {
    expect(parseEventText('[]', 'none.json')).toEqual([]);
  });

  test('JSON Lines: one event per line, blank lines skipped, CRLF accepted', () => {
    const text = `${JSON.stringify(event('a'))}\r\n\r\n${JSON.stringify(event('b'))}\n`;
    const out = parseEventText(text, 'x.jsonl', 'jsonl');
    expect(out.map((o) => o.input)).toEqual(['x.jsonl#0', 'x.jsonl#1']);
    expect(ids(out)).toEqual(['a', 'b']);
  });

  test('a bad JSON line is rejected with its line number; the lines around it are still read', () => {
    const text = [JSON.stringify(event('a')), '{"version":"0","id":"b"', '', JSON.stringify(event('c'))].join('\n');
    const out = parseEventText(text, 'x.jsonl', 'jsonl');
    expect(ids(out)).toEqual(['a', undefined, 'c']);
    const bad = out[1];
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.input).toBe('x.jsonl#1');
    expect(bad.rejection).toEqual({ code: 'malformed', input: 'x.jsonl#1', reason: expect.stringMatching(/^line 2 is not valid JSON: unexpected end of input \(truncated\?\) at column 24$/) });
  });

  test('JSON Lines content in a .json file (or on stdin) is recognised', () => {
    const text = `${JSON.stringify(event('a'))}\n${JSON.stringify(event('b'))}\n`;
    expect(ids(parseEventText(text, '-'))).toEqual(['a', 'b']);
  });

  test('truncated JSON is one rejection naming the line and column of the end', () => {
    const text = '{\n  "version": "0",\n  "detail": {\n    "state": "ALA';
    const out = parseEventText(text, 'cut.json');
    expect(out).toEqual([{
      ok: false,
      input: 'cut.json#0',
      rejection: { code: 'malformed', input: 'cut.json#0', reason: 'not valid JSON: unexpected end of input (truncated?) at line 4, column 18' },
    }]);
  });

  test('garbage text is rejected with the position of the first bad character', () => {
    const [out] = parseEventText('{"a": 1,\n "b": nope}', 'bad.json');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.rejection.reason).toBe("not valid JSON: unexpected 'o' at line 2, column 8");
  });

  test('one byte that is not UTF-8 in JSON Lines rejects only its line; the other lines are read', () => {
    const good = (n: number) => Buffer.from(`${JSON.stringify({ n })}\n`, 'utf8');
    const bytes = Buffer.concat([good(1), Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d, 0x0d, 0x0a]), good(3), Buffer.from('\n'), good(4)]);
    for (const [name, format] of [['x.jsonl', 'jsonl'], ['x.json', 'json']] as const) {
      const out = parseEventText(bytes, name, format);
      expect(out).toEqual([
        { ok: true, input: `${name}#0`, event: { n: 1 } },
        { ok: false, input: `${name}#1`, rejection: { code: 'malformed', input: `${name}#1`, reason: 'line 2 is not UTF-8 text (binary data?)' } },
        { ok: true, input: `${name}#2`, event: { n: 3 } },
        { ok: true, input: `${name}#3`, event: { n: 4 } },
      ]);
    }
  });

  test('a directory with no event file warns and reads nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdk-aiops-empty-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'not an event file');
    const warnings: string[] = [];
    try {
      expect(await readEventInputs([dir], { onWarning: (m) => warnings.push(m) })).toEqual([]);
      expect(warnings).toEqual([`${dir}: no .json, .jsonl, .ndjson file in this directory; nothing read`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('binary bytes (not UTF-8) are rejected as such', () => {
    const [out] = parseEventText(Uint8Array.from([0xff, 0xfe, 0x00, 0x9c, 0x7b]), 'blob.json');
    expect(out).toMatchObject({ ok: false, input: 'blob.json#0', rejection: { code: 'malformed', reason: 'not UTF-8 text (binary data?)' } });
  });

  test.each([['', 'empty'], ['  \n\t\n', 'whitespace'], ['\uFEFF', 'a BOM only']])('an empty source (%j, %s) is one rejection', (text) => {
    expect(parseEventText(text, 'e.json')).toEqual([{
      ok: false, input: 'e.json#0', rejection: { code: 'malformed', input: 'e.json#0', reason: 'empty input: no JSON found' },
    }]);
  });

  test('a UTF-8 byte-order mark is ignored', () => {
    expect(ids(parseEventText(Buffer.from('\uFEFF' + JSON.stringify(event('a')), 'utf8'), 'bom.json'))).toEqual(['a']);
  });

  test('property: a JSON array of any values reads back element by element', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue()), (values) => {
      const out = parseEventText(JSON.stringify(values), 'p.json');
      expect(out).toEqual(values.map((v, i) => ({ ok: true, input: `p.json#${i}`, event: JSON.parse(JSON.stringify(v)) })));
    }));
  });

  test('property: JSON Lines of objects read back line by line', () => {
    fc.assert(fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1 }), (objects) => {
      const out = parseEventText(objects.map((o) => JSON.stringify(o)).join('\n'), 'p.jsonl', 'jsonl');
      expect(out.map((o) => (o.ok ? o.event : o.rejection))).toEqual(objects.map((o) => JSON.parse(JSON.stringify(o))));
    }));
  });

  test('property: never throws, and every output is labelled and either an event or a malformed rejection', () => {
    const contents = fc.oneof(fc.string(), fc.json(), fc.uint8Array());
    fc.assert(fc.property(contents, fc.constantFrom('json' as const, 'jsonl' as const), (content, format) => {
      const out = parseEventText(content, 'f', format);
      out.forEach((o) => {
        expect(o.input).toMatch(/^f#\d+$/);
        if (!o.ok) expect(o.rejection.code).toBe('malformed');
      });
    }));
  });
});

describe('findJsonSyntaxError', () => {
  test('property: agrees with JSON.parse on validity', () => {
    // Valid JSON with up to three characters cut out somewhere: mostly invalid, in every possible place.
    const almostJson = fc.json().chain((json) => fc.tuple(fc.nat(json.length), fc.nat(3))
      .map(([at, cut]) => json.slice(0, at) + json.slice(at + cut)));
    fc.assert(fc.property(fc.oneof(fc.json(), almostJson, fc.string()), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const error = findJsonSyntaxError(text);
      expect(error === undefined).toBe(valid);
      if (error) expect(error.offset).toBeLessThanOrEqual(text.length);
    }), { numRuns: 500 });
  });

  test('names what it expected', () => {
    expect(findJsonSyntaxError('{"a" 1}')).toEqual({ offset: 5, message: "expected ':' but found '1'" });
    expect(findJsonSyntaxError('[1 2]')).toEqual({ offset: 3, message: "expected ',' or ']' but found '2'" });
    expect(findJsonSyntaxError('{} x')).toEqual({ offset: 3, message: "unexpected 'x' after the end of the JSON value" });
  });
});

describe('readEventInputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'read-events-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (relative: string, content: string | Uint8Array) => {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  };

  test('walks nested directories in sorted order, reading only event files, and labels each event', async () => {
    write('b/2.json', JSON.stringify(event('b2')));
    write('b/10.jsonl', `${JSON.stringify(event('b10-0'))}\n${JSON.stringify(event('b10-1'))}\n`);
    write('a/deep/er/x.ndjson', JSON.stringify(event('x')));
    write('a.json', JSON.stringify([event('a0'), event('a1')]));
    write('notes.md', '# not events');
    write('b/ignored.txt', JSON.stringify(event('txt')));

    const out = await readEventInputs([dir]);

    // Code-point order: 'a' < 'a.json' < 'b', and '10.jsonl' < '2.json' (no locale, no natural sort).
    expect(out.map((o) => path.relative(dir, o.input))).toEqual(['a/deep/er/x.ndjson#0', 'a.json#0', 'a.json#1', 'b/10.jsonl#0', 'b/10.jsonl#1', 'b/2.json#0']);
    expect(ids(out)).toEqual(['x', 'a0', 'a1', 'b10-0', 'b10-1', 'b2']);
  });

  test('bad files become rejections and every other file is still read', async () => {
    write('1-good.json', JSON.stringify(event('good')));
    write('2-empty.json', '');
    write('3-garbage.json', Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
    write('4-truncated.json', '{"version": "0", "id": "cut", "detail": {');
    write('5-good.jsonl', `${JSON.stringify(event('l0'))}\nnot json at all\n${JSON.stringify(event('l2'))}\n`);

    const out = await readEventInputs([dir]);
    const summary = out.map((o) => [path.relative(dir, o.input), o.ok ? (o.event as { id: string }).id : o.rejection.reason]);

    expect(summary).toEqual([
      ['1-good.json#0', 'good'],
      ['2-empty.json#0', 'empty input: no JSON found'],
      ['3-garbage.json#0', 'not UTF-8 text (binary data?)'],
      ['4-truncated.json#0', 'not valid JSON: unexpected end of input (truncated?) at line 1, column 42'],
      ['5-good.jsonl#0', 'l0'],
      ['5-good.jsonl#1', "line 2 is not valid JSON: unexpected 'o' at column 2"],
      ['5-good.jsonl#2', 'l2'],
    ]);
  });

  test('a file named explicitly is read whatever its extension; the same file twice is read once', async () => {
    const file = write('events.txt', JSON.stringify(event('t')));
    const out = await readEventInputs([file, file]);
    expect(out).toEqual([{ ok: true, input: `${file}#0`, event: event('t') }]);
  });

  test('- reads standard input once, labelled -#index', async () => {
    const readStdin = jest.fn(async () => Buffer.from(JSON.stringify([event('s0'), event('s1')])));
    const out = await readEventInputs(['-', '-'], { readStdin });
    expect(out.map((o) => o.input)).toEqual(['-#0', '-#1']);
    expect(ids(out)).toEqual(['s0', 's1']);
    expect(readStdin).toHaveBeenCalledTimes(1);
  });

  test('a path that does not exist is a usage error, raised before anything is read', async () => {
    const readStdin = jest.fn(async () => '{}');
    await expect(readEventInputs(['-', path.join(dir, 'missing.json')], { readStdin }))
      .rejects.toThrow(new InputPathError(path.join(dir, 'missing.json'), 'no such file or directory'));
    expect(readStdin).not.toHaveBeenCalled();
  });

  test('- without a stdin reader is a usage error', async () => {
    await expect(readEventInputs(['-'])).rejects.toBeInstanceOf(InputPathError);
  });

  test('a file over the size limit is one too-large rejection', async () => {
    const file = write('big.json', JSON.stringify(event('x'.repeat(100))));
    const out = await readEventInputs([file], { maxFileBytes: 50 });
    expect(out).toEqual([{ ok: false, input: `${file}#0`, rejection: { code: 'too-large', input: `${file}#0`, reason: expect.stringMatching(/more than the 50 read/) } }]);
  });

  test('a symlink cycle is walked once', async () => {
    write('d/e.json', JSON.stringify(event('e')));
    symlinkSync(path.join(dir, 'd'), path.join(dir, 'd', 'loop'));
    const out = await readEventInputs([dir]);
    expect(ids(out)).toEqual(['e']);
  });
});
