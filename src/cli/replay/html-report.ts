/**
 * `cdk-aiops replay --html FILE`: the replay as one self-contained page for people. Pure: the replay's JSON in, one
 * HTML string out, with inline CSS and an inline SVG chart; no script, no font, no CDN, nothing fetched (its
 * Content-Security-Policy forbids it). Every string that came from an incident is escaped: titles, messages and
 * causes are the outside world's words.
 */
import type { ReplayedIncident, ReplayResult } from './pipeline';

/** The KPIs the page shows, in order: `data-kpi` name, label, and the value from the replay's `stats`. */
export const HTML_KPIS = [
  { kpi: 'incidents', label: 'Incidents', value: (r: ReplayResult) => r.stats.incidents, unit: 'count' },
  { kpi: 'autoRemediated', label: 'Auto-remediated', value: (r: ReplayResult) => r.stats.autoRemediated, unit: 'count' },
  { kpi: 'automationRate', label: 'Automation rate', value: (r: ReplayResult) => r.stats.automationRate.all, unit: 'ratio' },
  { kpi: 'automationRateLowRisk', label: 'Automation rate, low-risk runbooks', value: (r: ReplayResult) => r.stats.automationRate.lowRisk, unit: 'ratio' },
  { kpi: 'approvals', label: 'Approved by a human', value: (r: ReplayResult) => r.stats.approvals, unit: 'count' },
  { kpi: 'denied', label: 'Denied', value: (r: ReplayResult) => r.stats.denied, unit: 'count' },
  { kpi: 'approvalTimeouts', label: 'Approvals timed out', value: (r: ReplayResult) => r.stats.approvalTimeouts, unit: 'count' },
  { kpi: 'medianMttrSeconds', label: 'Median time to recovery', value: (r: ReplayResult) => r.stats.medianMttrSeconds, unit: 'seconds' },
  { kpi: 'rejected', label: 'Inputs rejected', value: (r: ReplayResult) => r.rejected.length, unit: 'count' },
] as const;

export type HtmlKpiUnit = (typeof HTML_KPIS)[number]['unit'];

/** How the page writes a KPI value (the test reads it back the same way). `null` is "n/a". */
export function formatKpiValue(value: number | null, unit: HtmlKpiUnit): string {
  if (value === null) return 'n/a';
  switch (unit) {
    case 'ratio': return `${(value * 100).toFixed(1)} %`;
    case 'seconds': return duration(value);
    case 'count': return String(value);
  }
}

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);
}

export interface HtmlReportOptions {
  /** The page's heading. @default 'cdk-aiops replay' */
  readonly title?: string;
}

const CHART = { width: 720, barHeight: 22, gap: 6, labelWidth: 220, top: 8, axis: 24 } as const;

/** The replay as one HTML page. */
export function renderReplayHtml(result: ReplayResult, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'cdk-aiops replay';
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing but the inline style may load or run, whatever an incident's text turned out to hold.
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<p class="note">Simulated: the deterministic reasoner, the default risk policies, dry-run runbooks that always recover. '
      + 'Times are from each incident\'s opening.</p>',
    kpiSection(result),
    chartSection(result.incidents),
    '<h2>Incidents</h2>',
    ...result.incidents.map(incidentSection),
    rejectedSection(result),
    '</body></html>',
    '',
  ].join('\n');
}

function kpiSection(result: ReplayResult): string {
  const items = HTML_KPIS.map(({ kpi, label, value, unit }) => {
    const v = value(result);
    return `<div class="kpi" data-kpi="${kpi}" data-value="${v === null ? 'null' : v}"><dt>${escapeHtml(label)}</dt>`
      + `<dd>${escapeHtml(formatKpiValue(v, unit))}</dd></div>`;
  });
  return `<h2>KPIs</h2><dl id="kpis">${items.join('')}</dl>`;
}

/** A horizontal bar per incident that recovered: its simulated time to recovery. */
function chartSection(incidents: readonly ReplayedIncident[]): string {
  const resolved = incidents.filter((i): i is ReplayedIncident & { mttrSeconds: number } => i.mttrSeconds !== null);
  const unresolved = incidents.length - resolved.length;
  const caption = `<p class="note">${resolved.length} of ${incidents.length} incidents recovered in the simulation`
    + `${unresolved > 0 ? `; ${unresolved} did not and ${unresolved === 1 ? 'has' : 'have'} no bar` : ''}.</p>`;
  if (resolved.length === 0) return `<h2>Time to recovery</h2>${caption}`;
  const max = Math.max(1, ...resolved.map((i) => i.mttrSeconds));
  const plot = CHART.width - CHART.labelWidth - 70;
  const height = CHART.top + resolved.length * (CHART.barHeight + CHART.gap) + CHART.axis;
  const bars = resolved.map((i, n) => {
    const y = CHART.top + n * (CHART.barHeight + CHART.gap);
    const w = Math.max(1, Math.round((i.mttrSeconds / max) * plot));
    const label = i.title.length > 32 ? `${i.title.slice(0, 31)}…` : i.title;
    return `<g class="row"><title>${escapeHtml(`${i.title} (${i.id}): ${duration(i.mttrSeconds)}`)}</title>`
      + `<text class="label" x="${CHART.labelWidth - 8}" y="${y + CHART.barHeight / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label)}</text>`
      + `<rect class="bar bar-${i.handledBy === 'agent' ? 'agent' : 'human'}" data-incident-id="${escapeHtml(i.id)}" data-value="${i.mttrSeconds}" `
      + `x="${CHART.labelWidth}" y="${y}" width="${w}" height="${CHART.barHeight}" rx="3"></rect>`
      + `<text class="value" x="${CHART.labelWidth + w + 6}" y="${y + CHART.barHeight / 2}" dominant-baseline="middle">${duration(i.mttrSeconds)}</text></g>`;
  });
  const axisY = height - CHART.axis + 4;
  const axis = `<line class="axis" x1="${CHART.labelWidth}" y1="${axisY}" x2="${CHART.labelWidth + plot}" y2="${axisY}"></line>`
    + `<text class="tick" x="${CHART.labelWidth}" y="${axisY + 14}">0</text>`
    + `<text class="tick" x="${CHART.labelWidth + plot}" y="${axisY + 14}" text-anchor="end">${duration(max)}</text>`;
  return '<h2>Time to recovery</h2>'
    + '<svg id="mttr-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Simulated time to recovery per incident" '
    + `width="${CHART.width}" height="${height}" viewBox="0 0 ${CHART.width} ${height}">${bars.join('')}${axis}</svg>`
    + '<p class="legend"><span class="swatch agent"></span>handled by the agents <span class="swatch human"></span>a human took part</p>'
    + caption;
}

function incidentSection(i: ReplayedIncident): string {
  const opened = Date.parse(i.timeline[0]?.at ?? '');
  const facts: Array<[string, string, string]> = [
    ['priority', 'Priority', i.priority],
    ['handled-by', 'Handled by', i.handledBy === 'agent' ? 'the agents' : `a human${i.humanReason ? `: ${i.humanReason}` : ''}`],
    ['decision', 'Decision', i.decision ? `${i.decision.outcome}${i.finding?.runbook ? ` ${i.finding.runbook.id}` : ''}` : 'none'],
    ['cause', 'Finding', i.finding ? `${i.finding.cause} (confidence ${i.finding.confidence})` : 'none'],
    ['remediation', 'Remediation', i.remediation ? `${i.remediation.runbookId}: ${i.remediation.outcome}` : 'none'],
    ['mttr', 'Time to recovery', i.mttrSeconds === null ? 'not recovered' : duration(i.mttrSeconds)],
  ];
  const rows = i.timeline.map((e) => `<tr class="entry" data-type="${escapeHtml(e.type)}"><td class="at">${offset(Date.parse(e.at) - opened)}</td>`
    + `<td>${escapeHtml(e.type)}</td><td>${escapeHtml(e.actor ?? '')}</td><td>${escapeHtml(e.message)}</td></tr>`);
  return `<section class="incident" data-incident-id="${escapeHtml(i.id)}" data-mttr="${i.mttrSeconds === null ? 'null' : i.mttrSeconds}">`
    + `<h3><span class="priority">${escapeHtml(i.priority)}</span> <span class="title">${escapeHtml(i.title)}</span> <code>${escapeHtml(i.id)}</code></h3>`
    + `<dl class="facts">${facts.map(([k, label, v]) => `<dt>${label}</dt><dd data-fact="${k}">${escapeHtml(v)}</dd>`).join('')}</dl>`
    + (i.decision && i.decision.reasons.length > 0 ? `<ul class="reasons">${i.decision.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '')
    + `<table class="timeline"><thead><tr><th>at</th><th>type</th><th>actor</th><th>what happened</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    + '</section>';
}

function rejectedSection(result: ReplayResult): string {
  if (result.rejected.length === 0) return '';
  const items = result.rejected.map((r) => `<li><code>${escapeHtml(r.input ?? '?')}</code> ${escapeHtml(r.code)}: ${escapeHtml(r.reason)}</li>`);
  return `<h2>Inputs rejected</h2><ul id="rejected">${items.join('')}</ul>`;
}

/** 0 s, 45 s, 4 min 05 s, 1 h 02 min. */
function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** +m:ss from the incident's first entry. */
function offset(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const STYLE = [
  'body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2329}',
  'h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d5dbe1}h3{margin:.2rem 0 .5rem}',
  '.note{color:#5b6670}',
  '#kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.6rem}',
  '.kpi{background:#f3f6f9;border-radius:6px;padding:.6rem .8rem}.kpi dt{color:#5b6670;font-size:.85rem}',
  '.kpi dd{margin:0;font-size:1.4rem;font-weight:600}',
  '.bar-agent,.swatch.agent{fill:#2e7d32;background:#2e7d32}.bar-human,.swatch.human{fill:#c77700;background:#c77700}',
  '.swatch{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;border-radius:2px}',
  'svg text{font-size:12px;fill:#1d2329}.axis{stroke:#8a959f}.tick{fill:#5b6670}',
  '.incident{border:1px solid #d5dbe1;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}',
  '.priority{background:#1d2329;color:#fff;border-radius:3px;padding:0 .35rem;font-size:.85rem}',
  '.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}.facts dt{color:#5b6670}.facts dd{margin:0}',
  '.timeline{border-collapse:collapse;width:100%;margin-top:.5rem;font-size:.9rem}',
  '.timeline th,.timeline td{text-align:left;padding:.2rem .5rem;border-top:1px solid #e6eaee;vertical-align:top}',
  '.timeline td.at{font-variant-numeric:tabular-nums;white-space:nowrap}',
].join('');
