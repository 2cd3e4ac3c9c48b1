/**
 * Cuts a string to at most `max` UTF-16 code units, ending with `…` when it was cut,
 * and never leaving half a surrogate pair.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, Math.max(0, max - 1));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
