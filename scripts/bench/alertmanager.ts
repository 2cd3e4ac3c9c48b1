/**
 * Harness for Prometheus Alertmanager from Debian's `prometheus-alertmanager` package: install if missing, start on
 * loopback with a temp storage dir and a standard config, feed alerts through the v2 API, count the notifications its
 * webhook receiver sends to a server we run, stop it by PID.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as net from 'net';
import { tmpdir } from 'os';
import * as path from 'path';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
/** Alertmanager's defaults, which the config below keeps. */
export const GROUP_WAIT_MS = 30_000;
export const GROUP_INTERVAL_MS = 300_000;
export const REPEAT_INTERVAL_MS = 4 * 3600_000;
/** The two routes the benchmark reports: by service (primary), and by alert type and service. */
export const GROUPINGS = { 'service': ['service'], 'alertname+service': ['alertname', 'service'] } as const;
export type Grouping = keyof typeof GROUPINGS;
/** Signal sources whose firing alert inhibits the alarms of its service (cdk-aiops's inhibition parents). */
export const INHIBITING_SOURCES = ['synthetics', 'application-signals', 'devops-guru', 'health'] as const;
/** Sources of the alerts they inhibit. */
export const INHIBITED_SOURCES = ['cloudwatch-alarm', 'kubernetes'] as const;

/** The alertmanager.yml a user writes: one route grouped by `groupBy`, default timers, the inhibition rule. */
export function alertmanagerConfig(groupBy: readonly string[], webhookUrl: string): string {
  return [
    'route:',
    '  receiver: webhook',
    `  group_by: [${groupBy.join(', ')}]`,
    '  # group_wait (30s), group_interval (5m) and repeat_interval (4h) keep their defaults',
    'inhibit_rules:',
    '  - source_matchers:',
    `      - source=~"${INHIBITING_SOURCES.join('|')}"`,
    '    target_matchers:',
    `      - source=~"${INHIBITED_SOURCES.join('|')}"`,
    '    equal: [service]',
    'receivers:',
    '  - name: webhook',
    '    webhook_configs:',
    `      - url: ${webhookUrl}`,
    '',
  ].join('\n');
}

/** One alert as the v2 API takes it. */
export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly startsAt?: string;
  readonly endsAt?: string;
}

/** One webhook notification, as received. */
export interface Notification {
  readonly receivedAt: number;
  readonly status: 'firing' | 'resolved';
  readonly groupKey: string;
  readonly groupLabels: Record<string, string>;
  readonly alerts: readonly { readonly status: string; readonly labels: Record<string, string> }[];
}

/** Installs the Debian package when the binary is missing. Returns the version line. */
export function ensureAlertmanager(log: (line: string) => void): string {
  if (!existsSync(ALERTMANAGER_BIN)) {
    log(`${ALERTMANAGER_BIN} missing: apt-get install -y prometheus-alertmanager`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus-alertmanager'], { env, stdio: 'ignore' });
    } catch {
      execFileSync('apt-get', ['update'], { env, stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus-alertmanager'], { env, stdio: 'ignore' });
    }
  }
  const out = execFileSync(ALERTMANAGER_BIN, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n')[0].trim();
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Every Alertmanager this process started (and its temp dir), so exit and SIGINT handlers can stop them. */
const running = new Map<ChildProcess, string>();

function stopAllSync(): void {
  for (const [child, dir] of running) {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  running.clear();
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', stopAllSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAllSync();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

export class AlertmanagerInstance {
  /** Starts one Alertmanager and its webhook sink. Stop it with {@link stop}, also on error. */
  public static async start(groupBy: readonly string[] = GROUPINGS.service): Promise<AlertmanagerInstance> {
    installExitHandlers();
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-am-'));
    const notifications: Notification[] = [];
    const sink = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          notifications.push({
            receivedAt: Date.now(),
            status: body.status,
            groupKey: body.groupKey,
            groupLabels: body.groupLabels ?? {},
            alerts: (body.alerts ?? []).map((a: { status: string; labels: Record<string, string> }) => ({ status: a.status, labels: a.labels })),
          });
        } catch {
          // not a webhook payload; ignore
        }
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkPort = (sink.address() as net.AddressInfo).port;
    const port = await freePort();
    const config = alertmanagerConfig(groupBy, `http://127.0.0.1:${sinkPort}/`);
    writeFileSync(path.join(dir, 'alertmanager.yml'), config);
    const child = spawn(ALERTMANAGER_BIN, [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    running.set(child, dir);
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-4000);
    });
    const instance = new AlertmanagerInstance(child, port, dir, sink, notifications, () => stderr);
    try {
      await instance.waitReady();
    } catch (err) {
      await instance.stop();
      throw err;
    }
    return instance;
  }

  private constructor(
    private readonly child: ChildProcess,
    public readonly port: number,
    private readonly dir: string,
    private readonly sink: http.Server,
    public readonly notifications: Notification[],
    private readonly stderr: () => string,
  ) {}

  public get pid(): number {
    return this.child.pid!;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`alertmanager exited with ${this.child.exitCode}: ${this.stderr()}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/-/ready`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`alertmanager not ready after 20 s: ${this.stderr()}`);
  }

  /**
   * Posts alerts in batches (`concurrency` requests in flight), in order batch by batch.
   * Returns the wall time the API took, in ms.
   */
  public async post(alerts: readonly PostableAlert[], batchSize = 500, concurrency = 4): Promise<number> {
    const started = performance.now();
    const batches: PostableAlert[][] = [];
    for (let i = 0; i < alerts.length; i += batchSize) batches.push(alerts.slice(i, i + batchSize));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const res = await fetch(`http://127.0.0.1:${this.port}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        });
        if (!res.ok) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
    return performance.now() - started;
  }

  /** Peak resident set of the Alertmanager process (VmHWM), in MiB. */
  public peakRssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  }

  /** Stops the process by its PID and removes the temp dir. Safe to call twice. */
  public async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
    running.delete(this.child);
    this.sink.closeAllConnections();
    await new Promise<void>((resolve) => this.sink.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The identity Alertmanager gives an alert: its sorted label set. */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels).filter((k) => labels[k] !== '').sort().map((k) => `${k}=${labels[k]}`).join(',');
}
