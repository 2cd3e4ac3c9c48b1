import { promises as fs } from 'fs';
import * as path from 'path';
import { type EventInput, formatForFileName, parseEventText } from './parse-events';

/** File name endings read when walking a directory. A file named explicitly is read whatever its name. */
export const EVENT_FILE_EXTENSIONS = ['.json', '.jsonl', '.ndjson'] as const;

/** Largest file read, in bytes; a bigger file becomes one `too-large` rejection. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A path given to {@link readEventInputs} that does not exist: a usage error, not a content error. */
export class InputPathError extends Error {
  constructor(public readonly inputPath: string, reason: string) {
    super(`${inputPath}: ${reason}`);
    this.name = 'InputPathError';
  }
}

export interface ReadEventsOptions {
  /** Reads standard input, for the path `-`. @default - `-` is a usage error */
  readonly readStdin?: () => Promise<string | Uint8Array>;
  /** @default DEFAULT_MAX_FILE_BYTES */
  readonly maxFileBytes?: number;
  /** Told of inputs that hold nothing to read (a directory with no event file), which are otherwise silent. @default - ignored */
  readonly onWarning?: (message: string) => void;
}

/**
 * Reads events from files, directories (recursively, `.json`/`.jsonl`/`.ndjson`, in sorted order) and stdin (`-`).
 * Each event is labelled `<file>#<index>`; content problems become rejections and never stop the other inputs.
 *
 * @throws InputPathError when a path does not exist (or `-` is given without a stdin reader).
 */
export async function readEventInputs(paths: readonly string[], options: ReadEventsOptions = {}): Promise<EventInput[]> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  // Resolve every path first, so a typo fails before any work is done.
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      if (!options.readStdin) throw new InputPathError(p, 'standard input is not available');
      files.push(p);
      continue;
    }
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (e) {
      throw new InputPathError(p, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String((e as Error).message));
    }
    const found = stat.isDirectory() ? await walk(p, new Set()) : [p];
    if (found.length === 0) options.onWarning?.(`${p}: no ${EVENT_FILE_EXTENSIONS.join(', ')} file in this directory; nothing read`);
    for (const file of found) {
      const key = path.resolve(file);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(file);
    }
  }

  const out: EventInput[] = [];
  let stdinRead = false;
  for (const file of files) {
    if (file === '-') {
      if (stdinRead) continue; // stdin can be consumed once
      stdinRead = true;
      out.push(...parseEventText(await options.readStdin!(), '-', 'json'));
      continue;
    }
    out.push(...await readFileInputs(file, maxFileBytes));
  }
  return out;
}

async function readFileInputs(file: string, maxFileBytes: number): Promise<EventInput[]> {
  const input = `${file}#0`;
  try {
    const { size } = await fs.stat(file);
    if (size > maxFileBytes) {
      return [{ ok: false, input, rejection: { code: 'too-large', reason: `file is ${size} bytes, more than the ${maxFileBytes} read`, input } }];
    }
    return parseEventText(await fs.readFile(file), file, formatForFileName(file));
  } catch (e) {
    const reason = `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    return [{ ok: false, input, rejection: { code: 'malformed', reason, input } }];
  }
}

/** Event files under a directory, depth first, entries in code-point order so every run reads the same sequence. */
async function walk(dir: string, visited: Set<string>): Promise<string[]> {
  const real = await fs.realpath(dir);
  if (visited.has(real)) return []; // a symlink cycle
  visited.add(real);
  const entries = (await fs.readdir(dir)).sort(compareCodePoints);
  const out: string[] = [];
  for (const name of entries) {
    const full = path.join(dir, name);
    let stat;
    try {
      stat = await fs.stat(full);
    } catch {
      continue; // a dangling symlink
    }
    if (stat.isDirectory()) out.push(...await walk(full, visited));
    else if (stat.isFile() && EVENT_FILE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) out.push(full);
  }
  return out;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
