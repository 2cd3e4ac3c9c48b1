/**
 * Small conversions shared by the telemetry adapters. The SDK deserialises timestamps to `Date`, but recorded
 * responses (CLI output, replays) carry ISO strings or epoch seconds; accept all three.
 */

/** ISO-8601 of an SDK timestamp (Date, ISO string, or epoch seconds/milliseconds), undefined when unreadable. */
export function toIso(value: Date | string | number | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value < 1e12 ? value * 1000 : value;
  else if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value) < 1e12 ? Number(value) * 1000 : Number(value);
  else ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** `[{Name, Value}]` → record. */
export function dimensionRecord(dims: ReadonlyArray<{ Name?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims ?? []) if (d.Name !== undefined && d.Value !== undefined) out[d.Name] = d.Value;
  return out;
}

/** Split into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Map with at most `limit` calls in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
