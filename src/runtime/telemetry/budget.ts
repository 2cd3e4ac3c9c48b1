/**
 * The tool-output budget: whatever the collectors found, the bundle that reaches the model stays within a
 * token budget. Tokens are estimated as characters / 4 of the bundle's JSON (what the reasoner renders),
 * which over-counts for English prose and is close for JSON-heavy text.
 *
 * Steps: hard-cap every string; reserve the skeleton (ids, window, statuses, reasons); share the rest fairly
 * across collectors (max-min: small outputs keep everything, large ones split what is left); keep each
 * collector's evidence in order (summarisers put the most telling first), shrink the first item that does not
 * fit, and note how many were left out. A collector that lost anything is marked `truncated: true`.
 */
import type { CollectorResult, Evidence, TelemetryBundle } from './types';
import { AgentDefaults } from '../../contract/defaults';

/** Default token budget of a bundle. */
export const DEFAULT_TOKEN_BUDGET: number = AgentDefaults.TELEMETRY_TOKEN_BUDGET;
/** Smallest budget honoured; a smaller one is raised to it (the skeleton of six collectors needs about 300). */
export const MIN_TOKEN_BUDGET = 400;
/** Hard caps, in characters, applied before any budgeting. */
export const MAX_SUMMARY_CHARS = 600;
export const MAX_FACT_CHARS = 200;
export const MAX_FACTS = 12;
export const MAX_REF_CHARS = 120;
export const MAX_REASON_CHARS = 200;
export const MAX_INCIDENT_ID_CHARS = 128;
export const MAX_NON_COMPLIANT_LISTED = 20;
/** Below this many characters left for a collector, the next item is dropped rather than shrunk. */
const MIN_PARTIAL_CHARS = 80;

/** Estimated tokens of a text: characters / 4, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The text the budget is measured on: the bundle as JSON. */
export function renderBundle(bundle: TelemetryBundle): string {
  return JSON.stringify(bundle);
}

/** Estimated tokens of a whole bundle. */
export function estimateBundleTokens(bundle: TelemetryBundle): number {
  return estimateTokens(renderBundle(bundle));
}

/** Cut to at most `max` characters with a trailing `…`, never splitting a surrogate pair. */
export function capString(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, Math.max(0, cut))}…`;
}

/** Apply the hard caps to one evidence item; `changed` tells whether anything was cut. */
export function capEvidence(e: Evidence): { evidence: Evidence; changed: boolean } {
  let changed = false;
  const cap = (s: string, max: number) => {
    const out = capString(s, max);
    if (out !== s) changed = true;
    return out;
  };
  const out: Evidence = { ref: cap(e.ref, MAX_REF_CHARS), summary: cap(e.summary, MAX_SUMMARY_CHARS) };
  if (e.facts) {
    const entries = Object.entries(e.facts);
    if (entries.length > MAX_FACTS) changed = true;
    out.facts = Object.fromEntries(entries.slice(0, MAX_FACTS).map(([k, v]) => [
      cap(k, 64),
      typeof v === 'string' ? cap(v, MAX_FACT_CHARS) : typeof v === 'number' && !Number.isFinite(v) ? null : v,
    ]));
  }
  return { evidence: out, changed };
}

/** Characters one item adds to a JSON array (its JSON plus a separating comma). */
function cost(e: Evidence): number {
  return JSON.stringify(e).length + 1;
}

/** Largest version of `e` within `maxChars`: with facts if possible, else a shortened summary; undefined if none. */
export function shrinkToFit(e: Evidence, maxChars: number): Evidence | undefined {
  if (cost(e) <= maxChars) return e;
  const bare: Evidence = { ref: e.ref, summary: e.summary };
  if (cost(bare) <= maxChars) return bare;
  if (cost({ ref: e.ref, summary: '…' }) > maxChars) return undefined;
  let lo = 1;
  let hi = e.summary.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost({ ref: e.ref, summary: capString(e.summary, mid) }) <= maxChars) lo = mid;
    else hi = mid - 1;
  }
  return { ref: e.ref, summary: capString(e.summary, lo) };
}

/** Max-min fair shares of `total` among `demands`: nobody gets more than asked, the rest is split evenly. */
export function fairShares(demands: readonly number[], total: number): number[] {
  const alloc = demands.map(() => 0);
  let remaining = Math.max(0, Math.floor(total));
  let active = demands.map((_, i) => i).filter((i) => demands[i] > 0);
  while (active.length && remaining > 0) {
    const share = Math.floor(remaining / active.length);
    if (share === 0) break;
    const next: number[] = [];
    for (const i of active) {
      const give = Math.min(share, demands[i] - alloc[i]);
      alloc[i] += give;
      remaining -= give;
      if (alloc[i] < demands[i]) next.push(i);
    }
    active = next;
  }
  return alloc;
}

function omittedMarker(collector: string, count: number): Evidence {
  return { ref: `${collector}:omitted`, summary: `${count} more item(s) omitted to fit the token budget` };
}

/** Keep a prefix of `items` within `chars`, shrinking the first that does not fit and noting the rest. */
function pack(collector: string, items: readonly Evidence[], chars: number): { evidence: Evidence[]; truncated: boolean } {
  const total = items.reduce((a, e) => a + cost(e), 0);
  if (total <= chars) return { evidence: [...items], truncated: false };
  const marker = cost(omittedMarker(collector, items.length));
  const room = chars >= marker + MIN_PARTIAL_CHARS ? chars - marker : chars;
  const kept: Evidence[] = [];
  let used = 0;
  for (const e of items) {
    if (used + cost(e) <= room) {
      kept.push(e);
      used += cost(e);
      continue;
    }
    if (room - used >= MIN_PARTIAL_CHARS) {
      const shrunk = shrinkToFit(e, room - used);
      if (shrunk) {
        kept.push(shrunk);
        used += cost(shrunk);
      }
    }
    break;
  }
  const dropped = items.length - kept.length;
  if (dropped > 0 && used + cost(omittedMarker(collector, dropped)) <= chars) kept.push(omittedMarker(collector, dropped));
  return { evidence: kept, truncated: true };
}

/** A bundle before budgeting. */
export type DraftBundle = Omit<TelemetryBundle, 'tokenEstimate' | 'tokenBudget'>;

/**
 * Fit a draft bundle into `tokenBudget` (raised to MIN_TOKEN_BUDGET if lower). The result's `tokenEstimate`
 * is `estimateBundleTokens` of the result itself and never exceeds its `tokenBudget`.
 */
export function fitToBudget(draft: DraftBundle, tokenBudget: number = DEFAULT_TOKEN_BUDGET): TelemetryBundle {
  const budget = Math.max(MIN_TOKEN_BUDGET, Math.floor(Number.isFinite(tokenBudget) ? tokenBudget : DEFAULT_TOKEN_BUDGET));
  const maxChars = budget * 4;

  // 1. Hard caps.
  const capped = draft.results.map((r) => {
    let truncated = r.truncated;
    const evidence = r.evidence.map((e) => {
      const c = capEvidence(e);
      if (c.changed) truncated = true;
      return c.evidence;
    });
    return { ...r, reason: r.reason === undefined ? undefined : capString(r.reason, MAX_REASON_CHARS), evidence, truncated };
  });
  let nonCompliant = draft.nonCompliantResources?.slice(0, MAX_NON_COMPLIANT_LISTED).map((s) => capString(s, MAX_FACT_CHARS));
  const incidentId = capString(draft.incidentId, MAX_INCIDENT_ID_CHARS);

  const assemble = (results: CollectorResult[], tokenEstimate: number): TelemetryBundle => {
    const b: TelemetryBundle = { incidentId, window: draft.window, results, tokenEstimate, tokenBudget: budget };
    if (draft.errorBudgetRemaining !== undefined) b.errorBudgetRemaining = draft.errorBudgetRemaining;
    if (nonCompliant !== undefined) b.nonCompliantResources = nonCompliant;
    return b;
  };
  // The skeleton: every result without evidence, `truncated: false` (longer than `true`), estimate as wide as the budget.
  let skeletonResults = capped.map((r) => ({ ...r, evidence: [] as Evidence[], truncated: false }));
  const skeletonChars = () => renderBundle(assemble(skeletonResults, budget)).length;

  // 2. A skeleton too large for the budget sheds the compliance list, then shortens reasons.
  while (skeletonChars() > maxChars && nonCompliant && nonCompliant.length) nonCompliant = nonCompliant.slice(0, -1);
  if (skeletonChars() > maxChars) {
    skeletonResults = skeletonResults.map((r) => ({ ...r, reason: r.reason === undefined ? undefined : capString(r.reason, 40) }));
  }

  // 3. Fair shares of what is left, then pack each collector.
  const available = maxChars - skeletonChars();
  const demands = capped.map((r) => r.evidence.reduce((a, e) => a + cost(e), 0));
  const shares = fairShares(demands, available);
  let results: CollectorResult[] = capped.map((r, i) => {
    const packed = pack(r.collector, r.evidence, shares[i]);
    const out: CollectorResult = { collector: r.collector, status: r.status, evidence: packed.evidence, truncated: r.truncated || packed.truncated };
    const reason = skeletonResults[i].reason;
    return reason === undefined ? out : { collector: out.collector, status: out.status, reason, evidence: out.evidence, truncated: out.truncated };
  });

  // 4. Measure; should estimation details ever disagree, drop evidence from the largest output until it fits.
  for (let guard = 0; guard < 10_000; guard++) {
    const estimate = estimateBundleTokens(assemble(results, budget));
    if (estimate <= budget) return withEstimate(assemble(results, 0));
    const largest = results.reduce((best, r, i) =>
      (r.evidence.length && (best < 0 || JSON.stringify(r.evidence).length > JSON.stringify(results[best].evidence).length) ? i : best), -1);
    if (largest < 0) break;
    results = results.map((r, i) => (i === largest ? { ...r, evidence: r.evidence.slice(0, -1), truncated: true } : r));
  }
  // Last resort (pathological input): bare statuses only.
  nonCompliant = nonCompliant ? [] : undefined;
  return withEstimate(assemble(results.map((r) => ({ collector: r.collector, status: r.status, evidence: [], truncated: true })), 0));
}

/** Set `tokenEstimate` to the estimate of the bundle carrying it (a fixed point: the number's own digits count). */
function withEstimate(bundle: TelemetryBundle): TelemetryBundle {
  let estimate = estimateBundleTokens({ ...bundle, tokenEstimate: 0 });
  for (;;) {
    const next = estimateBundleTokens({ ...bundle, tokenEstimate: estimate });
    if (next === estimate) return { ...bundle, tokenEstimate: estimate };
    estimate = next;
  }
}
