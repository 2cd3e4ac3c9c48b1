/** Text helpers of the telemetry summarisers: cut, number and time formats. */

/** Longest log line or description quoted in a summary before the budget applies its own cap. */
export const QUOTE_MAX_CHARS = 300;

/** Cut a string to `max` characters, marking the cut with `…`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  return `${text.slice(0, max - 1)}…`;
}

/** A number with at most 3 decimals and no trailing zeros. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-3)) return n.toExponential(2);
  return String(Math.round(n * 1000) / 1000);
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function pct(part: number, whole: number): string {
  return whole > 0 ? `${fmt((100 * part) / whole)}%` : 'n/a';
}

export function shortTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) + 'Z' : iso;
}
