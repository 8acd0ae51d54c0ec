// Shared set-up of the tests that run against real etcd members (scripts/etcd-setup.sh installs
// etcd 3.4). `startEtcd()` starts one member or a 3-member cluster as child processes on free
// loopback ports, with data dirs in a fresh podkit-etcd-<random>/ directory (under /dev/shm when
// it is writable: fsync is cheap there, and it is still done: no --unsafe-no-fsync), and waits
// until every member is healthy. Members can be killed and restarted on the same data dir.
// Every member still running when the test process exits is killed and its directory removed.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** `PODKIT_ETCD=required` makes a missing etcd a failure instead of a visible skip. */
export const ETCD_REQUIRED = process.env['PODKIT_ETCD'] === 'required';

/** How long a member may take to answer its health check, by default. */
export const ETCD_START_TIMEOUT_MS = 30_000;

/** The first executable file called `name` in the PATH-style list `path`. */
function onPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there, or not executable
    }
  }
  return undefined;
}

/** The `etcd` on PATH (or on `path`), or undefined. */
export function etcdBinary(path: string | undefined = process.env['PATH']): string | undefined {
  return onPath('etcd', path);
}

/** The `etcdctl` on PATH (or on `path`), or undefined. */
export function etcdctlBinary(path: string | undefined = process.env['PATH']): string | undefined {
  return onPath('etcdctl', path);
}

/** One etcd member started by {@link startEtcd}. */
export interface EtcdMember {
  /** The member name (`--name`). */
  readonly name: string;
  /** `http://127.0.0.1:<clientPort>`. */
  readonly clientUrl: string;
  /** `http://127.0.0.1:<peerPort>`. */
  readonly peerUrl: string;
  /** The member's data dir (kept across kill/start, removed by the cluster's stop()). */
  readonly dataDir: string;
  /** The member's log (stdout and stderr of every start, appended). */
  readonly logFile: string;
  /** Whether the member's process is alive (started and not yet exited). */
  readonly running: boolean;
  /** The current process id, while running. */
  readonly pid: number | undefined;
  /** Sends `signal` (default SIGKILL) and waits for the process to exit; nothing when not running. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Restarts the member on the same data dir and ports (`--initial-cluster-state existing`) and waits until healthy. */
  start(): Promise<void>;
  /** The last `lines` lines of the member's log. */
  logTail(lines?: number): string;
}

/** Members started by {@link startEtcd}. */
export interface EtcdCluster {
  /** The client URL of every member, in member order. */
  readonly endpoints: string[];
  readonly members: EtcdMember[];
  /** The podkit-etcd-<random>/ directory holding the members' data dirs and logs. */
  readonly rootDir: string;
  /** Kills every member (SIGKILL) and removes the data dirs. Idempotent. */
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /** 1 (default) or 3 members. */
  readonly members?: 1 | 3;
  /** The member name (one member) or the members' name prefix (`<name>-0`…`<name>-2`); default `podkit`. */
  readonly name?: string;
  /** How long each member may take to become healthy; default 30 s. */
  readonly timeoutMs?: number;
  /** Extra etcd flags for every member (e.g. `--heartbeat-interval=50`). */
  readonly extraArgs?: readonly string[];
}

// --- process-exit clean-up ----------------------------------------------------------------------

const liveProcesses = new Set<ChildProcess>();
const liveRoots = new Set<string>();
let exitHookRegistered = false;

function killEverythingSync(): void {
  for (const child of liveProcesses) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveProcesses.clear();
  for (const root of liveRoots) rmSync(root, { recursive: true, force: true });
  liveRoots.clear();
}

function registerExitHook(): void {
  if (exitHookRegistered) return;
  exitHookRegistered = true;
  process.on('exit', killEverythingSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killEverythingSync();
      // Alone on this signal: keep its default meaning (terminate). Otherwise the other listener decides.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

// --- helpers ------------------------------------------------------------------------------------

/** A directory for data dirs: /dev/shm when it exists and is writable, else os.tmpdir(). */
function dataBase(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // no /dev/shm here
  }
  return tmpdir();
}

/** `count` distinct free loopback ports: all bound to 127.0.0.1:0 at once, then released. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port bound');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** The last `lines` lines of a file (its last 64 KiB at most), or a note that it cannot be read. */
function tailOf(file: string, lines: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(cannot read ${file}: ${error instanceof Error ? error.message : String(error)})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** GET <clientUrl>/health: true when it answers {"health":"true"} within `timeoutMs`. */
function healthy(clientUrl: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpGet(`${clientUrl}/health`, { agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          resolve(response.statusCode === 200 && (JSON.parse(body) as { health?: unknown }).health === 'true');
        } catch {
          resolve(false);
        }
      });
      response.on('error', () => resolve(false));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment for etcd/etcdctl: the caller's, without ETCD_* / ETCDCTL_* (they would change the configuration). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('ETCD_') && !key.startsWith('ETCDCTL_')) env[key] = value;
  }
  return env;
}

/** Thrown when a member exits or stays unhealthy during start-up; carries the tail of its log. */
export class EtcdStartError extends Error {
  constructor(
    message: string,
    readonly member: string,
    readonly logTail: string,
    /** The cluster's podkit-etcd-<random>/ directory (removed once the start-up failed). */
    readonly rootDir: string,
  ) {
    super(`${message}\n--- last lines of ${member}'s log ---\n${logTail}`);
    this.name = 'EtcdStartError';
  }
}

// --- members ------------------------------------------------------------------------------------

class Member implements EtcdMember {
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private everStarted = false;

  constructor(
    readonly name: string,
    clientPort: number,
    peerPort: number,
    private readonly rootDir: string,
    private readonly binary: string,
    private readonly initialCluster: () => string,
    private readonly token: string,
    private readonly timeoutMs: number,
    private readonly extraArgs: readonly string[],
  ) {
    this.clientUrl = `http://127.0.0.1:${clientPort}`;
    this.peerUrl = `http://127.0.0.1:${peerPort}`;
    this.dataDir = join(rootDir, `${name}.etcd`);
    this.logFile = join(rootDir, `${name}.log`);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  logTail(lines = 30): string {
    return tailOf(this.logFile, lines);
  }

  /** Starts the process without waiting for health (`new` the first time, `existing` afterwards). */
  spawn(): void {
    if (this.child !== undefined) throw new Error(`etcd member ${this.name} is already running (pid ${this.child.pid})`);
    const state = this.everStarted ? 'existing' : 'new';
    const args = [
      `--name=${this.name}`,
      `--data-dir=${this.dataDir}`,
      `--listen-client-urls=${this.clientUrl}`,
      `--advertise-client-urls=${this.clientUrl}`,
      `--listen-peer-urls=${this.peerUrl}`,
      `--initial-advertise-peer-urls=${this.peerUrl}`,
      `--initial-cluster=${this.initialCluster()}`,
      `--initial-cluster-state=${state}`,
      `--initial-cluster-token=${this.token}`,
      '--logger=zap',
      '--log-outputs=stderr',
      ...this.extraArgs,
    ];
    const log = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.binary, args, { stdio: ['ignore', log, log], env: cleanEnv() });
    } finally {
      closeSync(log);
    }
    this.everStarted = true;
    this.child = child;
    liveProcesses.add(child);
    this.exited = new Promise<void>((resolve) => {
      const done = (): void => {
        liveProcesses.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      };
      child.once('exit', done);
      // A spawn failure (ENOENT, EACCES) emits 'error' and maybe no 'exit'.
      child.once('error', done);
    });
  }

  /** Waits until GET /health answers {"health":"true"}; throws with the log tail when the process exits or time runs out. */
  async waitHealthy(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      if (this.child === undefined) {
        throw new EtcdStartError(`etcd member ${this.name} exited during start-up`, this.name, this.logTail(), this.rootDir);
      }
      // One probe never outlasts the deadline (etcd accepts connections before it answers them).
      if (await healthy(this.clientUrl, Math.max(1, Math.min(1000, deadline - Date.now())))) return;
      if (Date.now() >= deadline) {
        throw new EtcdStartError(`etcd member ${this.name} was not healthy within ${this.timeoutMs} ms (${this.clientUrl}/health)`, this.name, this.logTail(), this.rootDir);
      }
      await sleep(100);
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill(signal);
    if (signal === 'SIGKILL') {
      await this.exited;
      return;
    }
    // A graceful signal gets 10 s, then SIGKILL.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async start(): Promise<void> {
    this.spawn();
    try {
      await this.waitHealthy();
    } catch (error) {
      await this.kill('SIGKILL');
      throw error;
    }
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Starts one etcd member (default) or a 3-member cluster on free loopback ports and waits until
 * every member is healthy. On failure everything started is killed and removed, and the error
 * carries the tail of the failing member's log. A port taken between choosing and binding it
 * (a race with other processes) is retried with fresh ports, twice.
 */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdCluster> {
  const binary = etcdBinary();
  if (binary === undefined) throw new Error('no etcd on PATH; run scripts/etcd-setup.sh');
  const count = options.members ?? 1;
  if (count !== 1 && count !== 3) throw new Error(`members must be 1 or 3, not ${String(count)}`);
  const name = options.name ?? 'podkit';
  if (!NAME.test(name)) throw new Error(`invalid etcd member name ${JSON.stringify(name)}`);
  registerExitHook();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(binary, count, name, options);
    } catch (error) {
      const portRace = error instanceof EtcdStartError && /address already in use/.test(error.logTail);
      if (!portRace || attempt >= 3) throw error;
    }
  }
}

async function startOnce(binary: string, count: 1 | 3, name: string, options: StartEtcdOptions): Promise<EtcdCluster> {
  const rootDir = mkdtempSync(join(dataBase(), 'podkit-etcd-'));
  liveRoots.add(rootDir);
  const token = `podkit-${randomBytes(8).toString('hex')}`;
  const ports = await freePorts(2 * count);
  const members: Member[] = [];
  const initialCluster = (): string => members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  for (let i = 0; i < count; i += 1) {
    const memberName = count === 1 ? name : `${name}-${i}`;
    members.push(
      new Member(memberName, ports[2 * i]!, ports[2 * i + 1]!, rootDir, binary, initialCluster, token, options.timeoutMs ?? ETCD_START_TIMEOUT_MS, options.extraArgs ?? []),
    );
  }
  let stopped = false;
  const cluster: EtcdCluster = {
    endpoints: members.map((m) => m.clientUrl),
    members,
    rootDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(members.map((m) => m.kill('SIGKILL')));
      rmSync(rootDir, { recursive: true, force: true });
      liveRoots.delete(rootDir);
    },
  };
  try {
    // All members first: a cluster member is healthy only once a quorum is up.
    for (const member of members) member.spawn();
    // The first failure wins (the others stop polling once stop() below kills their process).
    await Promise.all(members.map((m) => m.waitHealthy()));
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Runs `etcdctl --endpoints=<endpoints> <args>` (API v3; command timeout 5 s unless told), synchronously. */
export function runEtcdctl(endpoints: readonly string[], args: readonly string[], options: { readonly commandTimeoutMs?: number } = {}): SpawnSyncReturns<string> {
  const binary = etcdctlBinary();
  if (binary === undefined) throw new Error('no etcdctl on PATH; run scripts/etcd-setup.sh');
  const commandTimeout = `--command-timeout=${options.commandTimeoutMs ?? 5000}ms`;
  return spawnSync(binary, [`--endpoints=${endpoints.join(',')}`, commandTimeout, ...args], {
    encoding: 'utf8',
    env: { ...cleanEnv(), ETCDCTL_API: '3' },
    timeout: 15_000,
  });
}

// --- describe helper ----------------------------------------------------------------------------

/** Whether the binaries a suite needs are on PATH, with the reason if not. */
export interface EtcdCheck {
  readonly available: boolean;
  readonly reason: string;
}

/** Checks for `etcd` (and `etcdctl` when asked) on `path` (default PATH). */
export function checkEtcd(options: { readonly etcdctl?: boolean; readonly path?: string } = {}): EtcdCheck {
  const path = options.path ?? process.env['PATH'];
  if (etcdBinary(path) === undefined) return { available: false, reason: 'no etcd on PATH' };
  if (options.etcdctl === true && etcdctlBinary(path) === undefined) return { available: false, reason: 'no etcdctl on PATH' };
  return { available: true, reason: 'etcd on PATH' };
}

let skipNoticePrinted = false;

/**
 * A describe block whose body runs only when etcd is on PATH (and etcdctl, with `{ etcdctl: true }`).
 * A test in it always runs: without etcd it prints once "etcd tests skipped: no etcd on PATH; run
 * scripts/etcd-setup.sh" and passes, or fails under PODKIT_ETCD=required.
 */
export function describeEtcd(name: string, body: () => void, options: { readonly etcdctl?: boolean } = {}): void {
  const check = checkEtcd(options);
  describe(name, () => {
    it('has etcd to run against', () => {
      if (check.available) return;
      if (ETCD_REQUIRED) throw new Error(`PODKIT_ETCD=required but ${check.reason}: run scripts/etcd-setup.sh (as root)`);
      if (!skipNoticePrinted) {
        skipNoticePrinted = true;
        console.log(`etcd tests skipped: ${check.reason}; run scripts/etcd-setup.sh (set PODKIT_ETCD=required to fail instead)`);
      }
    });
    describe.runIf(check.available)('with etcd', body);
  });
}
