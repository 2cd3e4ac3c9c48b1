import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { captureIo, SCENARIO_DIR } from './helpers';
import { runReplayCommand, type ReplayResult } from '../../src/cli';
import { renderReplayHtml } from '../../src/cli/replay/html-report';

/*
 * The HTML report as a person sees it: opened from disk in Debian's headless Chromium. Skipped, and said so, only on a
 * machine without /usr/bin/chromium outside CI; in CI (`CI` set) a missing browser fails the test.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(`html-report.chromium.test: SKIPPED, ${CHROMIUM} is not installed (apt-get install chromium); in CI this fails instead.`);
}
const describeInChromium = available || process.env.CI ? describe : describe.skip;

describeInChromium('replay --html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!available) throw new Error(`CI is set and ${CHROMIUM} is missing: .ci/run installs Debian's chromium before the tests`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    dir = mkdtempSync(path.join(tmpdir(), 'html-chromium-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a file in a fresh page, recording every request and console error it makes. */
  async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, requests, errors };
  }

  test('it renders; the chart has one bar per recovered incident; the KPIs and times shown are the JSON\'s', async () => {
    // GIVEN the replay of the shipped scenario, JSON on stdout and the page on disk
    const file = path.join(dir, 'report.html');
    const io = captureIo();
    expect(await runReplayCommand([SCENARIO_DIR, '--html', file, '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out()) as ReplayResult;
    expect(json.incidents.length).toBeGreaterThan(1);

    // WHEN Chromium opens it
    const { page, requests, errors } = await open(file);

    // THEN it rendered, fetched nothing but itself, and logged no error
    expect(await page.title()).toBe('cdk-aiops replay');
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(errors).toEqual([]);
    const chart = page.locator('svg#mttr-chart');
    expect(await chart.count()).toBe(1);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(20);

    // the chart: a visible bar per recovered incident, in order, each as long as its time to recovery
    const recovered = json.incidents.filter((i) => i.mttrSeconds !== null);
    expect(recovered.length).toBeGreaterThan(0);
    const bars = await page.locator('#mttr-chart rect.bar').evaluateAll((rects) => rects.map((r) => ({
      id: r.getAttribute('data-incident-id'), value: Number(r.getAttribute('data-value')), width: (r as unknown as { getBBox(): { width: number } }).getBBox().width,
    })));
    expect(bars.map((b) => [b.id, b.value])).toEqual(recovered.map((i) => [i.id, i.mttrSeconds]));
    for (const b of bars) expect(b.width).toBeGreaterThan(0);
    const longest = bars.reduce((a, b) => (b.value > a.value ? b : a));
    for (const b of bars) expect(Math.abs(b.width / longest.width - b.value / longest.value)).toBeLessThan(0.02);

    // the KPIs: the value each card holds and the number it shows are the JSON's stats
    const cards = await page.locator('#kpis .kpi').evaluateAll((els) => Object.fromEntries(els.map((e) => [
      e.getAttribute('data-kpi'), { value: e.getAttribute('data-value'), shown: e.querySelector('dd')!.textContent! },
    ])));
    const { stats } = json;
    const counts: Record<string, number> = {
      incidents: stats.incidents,
      autoRemediated: stats.autoRemediated,
      approvals: stats.approvals,
      denied: stats.denied,
      approvalTimeouts: stats.approvalTimeouts,
      rejected: json.rejected.length,
    };
    for (const [kpi, n] of Object.entries(counts)) expect({ kpi, ...cards[kpi] }).toEqual({ kpi, value: String(n), shown: String(n) });
    expect(Number(cards.automationRate.value)).toBe(stats.automationRate.all);
    expect(Number.parseFloat(cards.automationRate.shown)).toBeCloseTo(stats.automationRate.all * 100, 1);
    if (stats.automationRate.lowRisk === null) expect(cards.automationRateLowRisk).toEqual({ value: 'null', shown: 'n/a' });
    else expect(Number.parseFloat(cards.automationRateLowRisk.shown)).toBeCloseTo(stats.automationRate.lowRisk * 100, 1);
    expect(cards.medianMttrSeconds.value).toBe(String(stats.medianMttrSeconds));
    expect(secondsShown(cards.medianMttrSeconds.shown)).toBe(stats.medianMttrSeconds);

    // each incident: its section, its time to recovery and every timeline entry, in order
    const sections = await page.locator('section.incident').evaluateAll((els) => els.map((s) => ({
      id: s.getAttribute('data-incident-id'),
      title: s.querySelector('.title')!.textContent,
      mttr: s.querySelector('[data-fact="mttr"]')!.textContent!,
      entries: [...s.querySelectorAll('tr.entry')].map((tr) => [tr.children[1].textContent, tr.children[3].textContent]),
    })));
    expect(sections.map((s) => [s.id, s.title])).toEqual(json.incidents.map((i) => [i.id, i.title]));
    sections.forEach((s, n) => {
      const i = json.incidents[n];
      expect(s.entries).toEqual(i.timeline.map((e) => [e.type, e.message]));
      if (i.mttrSeconds === null) expect(s.mttr).toBe('not recovered');
      else expect(secondsShown(s.mttr)).toBe(i.mttrSeconds);
    });
    await page.close();
  });

  test('a title with a script never runs: it is shown as text', async () => {
    // GIVEN a replay whose incident came from the outside world with markup in its words
    const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><svg onload="window.__pwned = 3">';
    const io = captureIo();
    expect(await runReplayCommand([SCENARIO_DIR], io)).toBe(0);
    const json = JSON.parse(io.out()) as ReplayResult;
    const tampered: ReplayResult = {
      ...json,
      incidents: json.incidents.map((i) => ({ ...i, title: evil, timeline: i.timeline.map((e) => ({ ...e, message: evil, actor: evil })) })),
    };
    const file = path.join(dir, 'evil.html');
    writeFileSync(file, renderReplayHtml(tampered));

    // WHEN Chromium opens it
    const { page, requests } = await open(file);

    // THEN nothing ran, nothing was fetched, and the words are on the page as they were written
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('body img').count()).toBe(0);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('section.incident .title').first().textContent()).toBe(evil);
    expect(await page.locator('section.incident tr.entry td:nth-child(4)').first().textContent()).toBe(evil);
    expect(readFileSync(file, 'utf8')).not.toContain('<script>');
    await page.close();
  });
});

/** Reads back "4 min 05 s", "45 s", "1 h 02 min" as seconds (hours are shown to the minute). */
function secondsShown(text: string): number {
  const h = /(\d+) h/.exec(text);
  const m = /(\d+) min/.exec(text);
  const s = /(\d+) s/.exec(text);
  return Number(h?.[1] ?? 0) * 3600 + Number(m?.[1] ?? 0) * 60 + Number(s?.[1] ?? 0);
}
