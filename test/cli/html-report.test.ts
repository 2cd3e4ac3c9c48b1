import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { captureIo, SCENARIO_DIR } from './helpers';
import { runReplayCommand, type ReplayResult } from '../../src/cli';
import { escapeHtml, renderReplayHtml } from '../../src/cli/replay/html-report';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'html-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function replayWithHtml(...extra: string[]): Promise<{ json: ReplayResult; html: string }> {
  const file = path.join(dir, 'report.html');
  const io = captureIo();
  expect(await runReplayCommand([SCENARIO_DIR, '--html', file, ...extra], io)).toBe(0);
  expect(io.err()).toBe('');
  return { json: JSON.parse(io.out()) as ReplayResult, html: readFileSync(file, 'utf8') };
}

describe('escapeHtml', () => {
  test('leaves no character that opens a tag, an entity or ends an attribute', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const escaped = escapeHtml(text);
      expect(escaped).not.toMatch(/[<>"']/);
      expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      // and it is reversible: nothing is lost
      expect(escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&')).toBe(text);
    }));
  });
});

describe('replay --html', () => {
  test('writes the page beside the JSON on stdout, which is unchanged', async () => {
    const { json, html } = await replayWithHtml();
    const io = captureIo();
    expect(await runReplayCommand([SCENARIO_DIR], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual(json);
    expect(html).toBe(renderReplayHtml(json));
  });

  test('the page is self-contained: no script, no stylesheet or image fetched, a CSP that forbids them', async () => {
    const { html } = await replayWithHtml();
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<object|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    // The one URL is the SVG namespace, which is never fetched.
    expect(html.match(/https?:\/\/[^\s"']+/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">');
  });

  test('an incident\'s words are escaped everywhere they appear', async () => {
    const { json } = await replayWithHtml();
    const evil = '<script>alert(1)</script>"\'&';
    const tampered: ReplayResult = {
      ...json,
      incidents: json.incidents.map((i) => ({ ...i, id: evil, title: evil, timeline: i.timeline.map((e) => ({ ...e, message: evil, type: evil })) })),
    };
    const html = renderReplayHtml(tampered);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"\'&');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  test('a file that cannot be written: exit 3, the reason on stderr, nothing on stdout', async () => {
    const io = captureIo();
    expect(await runReplayCommand([SCENARIO_DIR, '--html', path.join(dir, 'missing', 'report.html')], io)).toBe(3);
    expect(io.err()).toMatch(/^cdk-aiops replay: cannot write --html file .*missing\/report\.html: ENOENT\n$/);
    expect(io.out()).toBe('');
  });

  test('--html without a file name is a usage error', async () => {
    const io = captureIo();
    expect(await runReplayCommand([SCENARIO_DIR, '--html='], io)).toBe(2);
    expect(io.err()).toMatch(/^cdk-aiops replay: --html needs a file name/);
  });
});
