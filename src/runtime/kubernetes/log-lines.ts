/**
 * Picks the lines of a container's log that say why it failed: an expired certificate, a missing environment
 * variable, a command or file not found, a syntax error, a refused connection, else any error-looking line.
 */

/** What kind of failure a log line reports, most telling first. */
export type LogErrorKind = 'certificate' | 'configuration' | 'not-found' | 'syntax' | 'connection' | 'error';

interface LogPattern { readonly kind: LogErrorKind; readonly pattern: RegExp }

const PATTERNS: readonly LogPattern[] = [
  { kind: 'certificate', pattern: /x509:|certificate (has )?expired|certificate verify failed|certificate is not valid|CERT_HAS_EXPIRED|SSL(Error| routines)|tls: (bad certificate|failed to verify)/i },
  {
    kind: 'configuration',
    pattern: /environment variable\b.*\b(undefined|not set|not defined|missing|required|empty)|\b(missing|undefined|required|unset) (environment|env) var|KeyError: '[A-Z][A-Z0-9_]*'|\b[A-Z][A-Z0-9_]{2,} (is )?(not set|undefined|required)\b|invalid (value|configuration)|no such (key|config)/i,
  },
  { kind: 'not-found', pattern: /command not found|executable file not found|exec format error|no such file or directory|cannot find module|ModuleNotFoundError|ClassNotFoundException|not found in \$PATH/i },
  { kind: 'syntax', pattern: /SyntaxError|syntax error|unexpected token|parse error|YAMLException|invalid character/i },
  { kind: 'connection', pattern: /connection refused|ECONNREFUSED|no available connection|All host\(s\) tried|could not connect|connection reset|i\/o timeout|no route to host|name or service not known|getaddrinfo|ENOTFOUND/i },
  { kind: 'error', pattern: /\b(fatal|panic|exception|error|err|failed|failure|traceback|critical|killed)\b/i },
];

/** Logs beyond this many trailing lines are not read: the failure is at the end. */
const TAIL_LINES = 500;

/** A log line that explains a failure. */
export interface LogErrorLine {
  readonly line: string;
  readonly kind: LogErrorKind;
}

/** The kind of failure one line reports, or undefined when it reports none. */
export function classifyLogLine(line: string): LogErrorKind | undefined {
  return PATTERNS.find((p) => p.pattern.test(line))?.kind;
}

/**
 * The most telling distinct lines of a log, at most `max`: the most specific kind first, and within a kind the line
 * closest to the end (the last thing the container said before it stopped).
 */
export function errorLines(text: string, max = 2): LogErrorLine[] {
  const lines = text.split(/\r?\n/).slice(-TAIL_LINES).map((l) => l.trim()).filter((l) => l !== '');
  const found: Array<LogErrorLine & { readonly rank: number; readonly at: number }> = [];
  const seen = new Set<string>();
  for (let at = lines.length - 1; at >= 0; at--) {
    const line = lines[at];
    if (seen.has(line)) continue;
    const rank = PATTERNS.findIndex((p) => p.pattern.test(line));
    if (rank < 0) continue;
    seen.add(line);
    found.push({ line, kind: PATTERNS[rank].kind, rank, at });
  }
  return found
    .sort((a, b) => a.rank - b.rank || b.at - a.at)
    .slice(0, max)
    .map(({ line, kind }) => ({ line, kind }));
}

/** The last non-blank line of a log (what a container printed last), or undefined for an empty log. */
export function lastLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines[lines.length - 1];
}
