/** Event times: every time format AWS events carry, to ISO-8601 UTC, independent of the machine's time zone. */

const MAX_TIME_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

/**
 * An ISO-8601 UTC time from what AWS events carry: ISO strings (with `Z`, `+00:00` or `+0000`),
 * epoch milliseconds or seconds (numbers or digit strings), and RFC 1123 / US-style strings
 * (`Sun, 05 Jun 2016 05:01:10 GMT`, `Nov 29, 2016 7:43:20 PM`). A string without a zone is read as UTC,
 * so the result never depends on the machine's time zone. Undefined when the value is not a usable time.
 */
export function toIsoTime(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'number') {
    ms = epochToMs(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '' || text.length > 64) return undefined;
    if (/^\d+(\.\d+)?$/.test(text)) {
      ms = epochToMs(Number(text));
    } else if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
      let iso = text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
      if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += 'Z';
      ms = Date.parse(iso);
    } else if (/[A-Za-z]{3}/.test(text)) {
      const zoned = /(GMT|UTC|Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text} UTC`;
      ms = Date.parse(zoned);
    } else {
      return undefined;
    }
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) return undefined;
  return new Date(ms).toISOString();
}

function epochToMs(value: number): number {
  if (!Number.isFinite(value) || value < 0) return NaN;
  // Seconds until year 5138; anything larger is milliseconds.
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}

/** The first usable time among the candidates, as ISO-8601. */
export function firstTime(...values: unknown[]): string | undefined {
  for (const value of values) {
    const iso = toIsoTime(value);
    if (iso !== undefined) return iso;
  }
  return undefined;
}
