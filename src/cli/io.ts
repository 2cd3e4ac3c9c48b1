/** Where a command writes and reads. `process` in the bin, buffers in tests. */
export interface CliIo {
  readonly stdout: CliWriter;
  readonly stderr: CliWriter;
  /** Standard input, for the path `-`. @default - `-` is a usage error */
  readonly stdin?: CliReader;
}

export interface CliWriter {
  write(text: string): unknown;
}

/** A readable stream of text or bytes (`process.stdin`, `Readable.from([...])`). */
export interface CliReader extends AsyncIterable<string | Uint8Array> {
  /** True when a person is typing: the CLI then never waits on it for input unless asked with `-`. */
  readonly isTTY?: boolean;
}

/** Reads a stream to the end, keeping bytes as bytes so the reader can tell text from garbage. */
export async function readAll(reader: CliReader): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of reader) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The real process streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}
