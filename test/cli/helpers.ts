import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import type { CliIo } from '../../src/cli';

/** The scenario shipped in examples/, relative to the repository root (the cwd jest runs in). */
export const SCENARIO_DIR = path.join('examples', 'scenarios', 'checkout-deploy-storm');

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** A CliIo writing into strings; `stdin` is piped text unless `tty` is set. */
export function captureIo(options: { stdin?: string; tty?: boolean } = {}): CapturedIo {
  let out = '';
  let err = '';
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), { isTTY: options.tty ?? false });
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin,
    out: () => out,
    err: () => err,
  };
}

/**
 * Counts events in a tree of event files without the code under test: JSON arrays count their elements,
 * JSON Lines their non-blank lines, anything else one.
 */
export function countEvents(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      n += countEvents(full);
    } else if (/\.(jsonl|ndjson)$/.test(name)) {
      n += readFileSync(full, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
    } else if (name.endsWith('.json')) {
      const value = JSON.parse(readFileSync(full, 'utf8'));
      n += Array.isArray(value) ? value.length : 1;
    }
  }
  return n;
}
