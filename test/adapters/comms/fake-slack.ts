import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** JSON-encoded unless a string. */
  readonly body: unknown;
}

/**
 * A local HTTP server on 127.0.0.1 that plays Slack: it records every request and answers from a per-path queue of
 * scripted responses, falling back to `{ ok: true, channel, ts }` (Web API) so a test only scripts what it needs.
 */
export class FakeSlack {
  readonly requests: RecordedRequest[] = [];
  private readonly scripted = new Map<string, FakeResponse[]>();
  private server?: Server;
  private counter = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
        const next = this.scripted.get(path)?.shift() ?? this.defaultResponse(path, body);
        res.writeHead(next.status ?? 200, { 'content-type': typeof next.body === 'string' ? 'text/plain' : 'application/json', ...next.headers });
        res.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answer the next requests to `path` with these responses, in order. */
  script(path: string, ...responses: FakeResponse[]): void {
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...responses]);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripted.clear();
  }

  json(i: number): Record<string, unknown> {
    return JSON.parse(this.requests[i].body);
  }

  private defaultResponse(path: string, body: string): FakeResponse {
    if (path.startsWith('/api/chat.')) {
      const channel = (() => { try { return JSON.parse(body).channel; } catch { return undefined; } })();
      return { body: { ok: true, channel, ts: `1700000000.00${String(++this.counter).padStart(4, '0')}` } };
    }
    return { body: 'ok' };
  }
}
