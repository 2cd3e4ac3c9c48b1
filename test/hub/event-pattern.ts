/**
 * The subset of EventBridge pattern matching the hub's rules use (exact strings, `prefix` and `exists`),
 * so tests can check which real events a synthesised rule would route. Anything else throws,
 * so a new kind of pattern cannot silently match nothing.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return expected.some((e) => matchesValue(e, actual));
    if (expected && typeof expected === 'object') {
      return !!actual && typeof actual === 'object' && matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>);
    }
    throw new Error(`unsupported pattern at ${key}: ${JSON.stringify(expected)}`);
  });
}

function matchesValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') return actual === expected;
  if (expected && typeof expected === 'object' && 'exists' in expected) {
    return (actual !== undefined) === (expected as { exists: unknown }).exists;
  }
  if (expected && typeof expected === 'object' && 'prefix' in expected) {
    return typeof actual === 'string' && actual.startsWith(String((expected as { prefix: unknown }).prefix));
  }
  throw new Error(`unsupported matcher ${JSON.stringify(expected)}`);
}
