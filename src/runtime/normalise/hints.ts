import { OWNER_HINTS_MAX, type OwnerHints } from '../model';
import { truncate } from './text';

/** Owner hints as a normaliser gathers them: any values, cleaned by {@link cleanHints}. */
export interface DraftHints {
  readonly arns?: readonly unknown[];
  readonly stacks?: readonly unknown[];
  readonly services?: readonly unknown[];
}

/** Longest ARN kept as a hint (the model's limit); a longer one is dropped, never cut (a cut ARN names nothing). */
const HINT_ARN_MAX_CHARS = 2048;
/** Longest stack or service name kept as a hint (the model's limit). */
const HINT_NAME_MAX_CHARS = 256;

/**
 * Owner hints fit for a Signal: trimmed strings only, blanks and duplicates dropped, ARNs that are the signal's own
 * resource ARN dropped (the owner lookup reads it first anyway), ARNs longer than 2048 dropped, names cut to 256,
 * at most OWNER_HINTS_MAX per list (the first ones, so normalisers list the most telling first). Undefined when empty.
 */
export function cleanHints(hints: DraftHints | undefined, resourceArn?: string): OwnerHints | undefined {
  if (!hints) return undefined;
  const arns = cleanList(hints.arns, (v) => (v.length <= HINT_ARN_MAX_CHARS && v !== resourceArn ? v : undefined));
  const stacks = cleanList(hints.stacks, (v) => truncate(v, HINT_NAME_MAX_CHARS));
  const services = cleanList(hints.services, (v) => truncate(v, HINT_NAME_MAX_CHARS));
  const out: { arns?: string[]; stacks?: string[]; services?: string[] } = {};
  if (arns.length > 0) out.arns = arns;
  if (stacks.length > 0) out.stacks = stacks;
  if (services.length > 0) out.services = services;
  return Object.keys(out).length > 0 ? out : undefined;
}

function cleanList(values: readonly unknown[] | undefined, keep: (value: string) => string | undefined): string[] {
  const out: string[] = [];
  if (!Array.isArray(values)) return out;
  // Bounded walk: a hostile list of a million entries costs OWNER_HINTS_MAX * 8 reads at most.
  const limit = Math.min(values.length, OWNER_HINTS_MAX * 8);
  for (let i = 0; i < limit && out.length < OWNER_HINTS_MAX; i++) {
    const raw: unknown = values[i];
    if (typeof raw !== 'string') continue;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const kept = keep(trimmed);
    if (kept !== undefined && !out.includes(kept)) out.push(kept);
  }
  return out;
}
