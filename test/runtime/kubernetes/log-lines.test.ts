import { classifyLogLine, errorLines } from '../../../src/runtime/kubernetes';

describe('log error lines', () => {
  // Real error lines: the first two from the shipped bundles (HolmesGPT captures), the others the exact wording of
  // Go's crypto/x509, runc and Node.js for those failures.
  test.each([
    ['Environment variable DEPLOY_ENV is undefined', 'configuration'],
    ['All host(s) tried for db query failed (tried: prod-db:3333) - no available connection and the queue has reached its max size 256', 'connection'],
    ['x509: certificate has expired or is not yet valid: current time 2024-11-26T11:38:59Z is after 2024-11-01T00:00:00Z', 'certificate'],
    ['exec: "shell": executable file not found in $PATH: unknown', 'not-found'],
    ['SyntaxError: Unexpected token \'}\'', 'syntax'],
    ['Running...', undefined],
  ])('%s → %s', (line, kind) => {
    expect(classifyLogLine(line)).toBe(kind);
  });

  test('the most specific kind first, then the line nearest the end; duplicates once', () => {
    const text = [
      'Java Network Exception:',
      'All host(s) tried for db query failed (tried: prod-db:3333) - no available connection and the queue has reached its max size 256',
      'All host(s) tried for db query failed (tried: prod-db:3333) - no available connection and the queue has reached its max size 256',
    ].join('\n');
    expect(errorLines(text, 3)).toEqual([
      { line: 'All host(s) tried for db query failed (tried: prod-db:3333) - no available connection and the queue has reached its max size 256', kind: 'connection' },
      { line: 'Java Network Exception:', kind: 'error' },
    ]);
    expect(errorLines('Running...\nRunning...\n')).toEqual([]);
  });
});
