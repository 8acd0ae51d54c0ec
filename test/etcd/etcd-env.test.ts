// Tests of the etcd test harness itself (test/etcd/etcd-env.ts), against real etcd members.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkEtcd, describeEtcd, etcdBinary, etcdctlBinary, EtcdStartError, runEtcdctl, startEtcd, type EtcdMember } from './etcd-env.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const HARNESS = fileURLToPath(new URL('./etcd-env.ts', import.meta.url));

/** Whether a process exists and is not a zombie (an orphan's zombie may wait for a slow reaper). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function health(member: EtcdMember): Promise<unknown> {
  const response = await fetch(`${member.clientUrl}/health`, { signal: AbortSignal.timeout(2000) });
  return response.json();
}

/** etcdctl, expected to succeed: its stdout. */
function ctl(endpoints: readonly string[], ...args: string[]): string {
  const result = runEtcdctl(endpoints, args);
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`etcdctl ${args.join(' ')} against ${endpoints.join(',')} failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout;
}

/** A serializable (local, no quorum) read of `key` on one member: its value, or undefined. */
function localValue(member: EtcdMember, key: string): string | undefined {
  const result = runEtcdctl([member.clientUrl], ['get', key, '--consistency=s', '--print-value-only']);
  if (result.status !== 0) return undefined;
  const value = result.stdout.trimEnd();
  return value === '' ? undefined : value;
}

describe('etcd binaries lookup', () => {
  it('finds nothing on an empty or bogus PATH', () => {
    expect(etcdBinary('')).toBeUndefined();
    expect(etcdBinary('/nonexistent-podkit-dir')).toBeUndefined();
    expect(etcdctlBinary('/nonexistent-podkit-dir')).toBeUndefined();
    expect(checkEtcd({ path: '/nonexistent-podkit-dir' })).toEqual({ available: false, reason: 'no etcd on PATH' });
  });
});

describeEtcd(
  'etcd harness',
  () => {
    it('finds etcd and etcdctl on PATH', () => {
      expect(etcdBinary()).toMatch(/\/etcd$/);
      expect(etcdctlBinary()).toMatch(/\/etcdctl$/);
      expect(checkEtcd({ etcdctl: true }).available).toBe(true);
    });

    it('starts one member that answers /health and serves put/get; its data survives SIGTERM and SIGKILL; stop() removes it', async () => {
      const cluster = await startEtcd({ name: 'single' });
      const pids: number[] = [];
      try {
        expect(cluster.members).toHaveLength(1);
        const member = cluster.members[0]!;
        expect(member.name).toBe('single');
        expect(member.clientUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(member.peerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(member.peerUrl).not.toBe(member.clientUrl);
        expect(cluster.endpoints).toEqual([member.clientUrl]);
        expect(basename(cluster.rootDir)).toMatch(/^podkit-etcd-/);
        expect(dirname(member.dataDir)).toBe(cluster.rootDir);
        expect(existsSync(member.dataDir)).toBe(true);
        expect(member.running).toBe(true);
        pids.push(member.pid!);
        expect(alive(member.pid!)).toBe(true);
        expect(await health(member)).toMatchObject({ health: 'true' });

        expect(ctl(cluster.endpoints, 'put', 'greeting', 'hello').trim()).toBe('OK');
        expect(ctl(cluster.endpoints, 'get', 'greeting', '--print-value-only').trim()).toBe('hello');

        await member.kill('SIGTERM');
        expect(member.running).toBe(false);
        expect(member.pid).toBeUndefined();
        expect(alive(pids[0]!)).toBe(false);
        await expect(health(member)).rejects.toThrow();

        await member.start();
        expect(member.running).toBe(true);
        pids.push(member.pid!);
        expect(ctl(cluster.endpoints, 'get', 'greeting', '--print-value-only').trim()).toBe('hello');
        expect(ctl(cluster.endpoints, 'put', 'greeting', 'again').trim()).toBe('OK');

        await member.kill(); // SIGKILL right after an acknowledged write: it was fsynced
        expect(alive(pids[1]!)).toBe(false);
        await member.start();
        pids.push(member.pid!);
        expect(ctl(cluster.endpoints, 'get', 'greeting', '--print-value-only').trim()).toBe('again');
        expect(readFileSync(member.logFile, 'utf8')).toContain('"msg":"serving client traffic insecurely');
      } finally {
        await cluster.stop();
      }
      expect(existsSync(cluster.rootDir)).toBe(false);
      expect(cluster.members[0]!.running).toBe(false);
      for (const pid of pids) expect(alive(pid)).toBe(false);
      await cluster.stop(); // idempotent
    });

    it('starts a 3-member cluster that keeps accepting writes with its leader killed, and the restarted member catches up', async () => {
      const cluster = await startEtcd({ members: 3, name: 'trio' });
      const pids = cluster.members.map((m) => m.pid!);
      try {
        expect(cluster.members.map((m) => m.name)).toEqual(['trio-0', 'trio-1', 'trio-2']);
        expect(new Set(cluster.endpoints).size).toBe(3);
        expect(new Set(cluster.members.map((m) => m.dataDir)).size).toBe(3);
        for (const member of cluster.members) expect(await health(member)).toMatchObject({ health: 'true' });
        const list = JSON.parse(ctl(cluster.endpoints, 'member', 'list', '--write-out=json')) as { members: { name: string; clientURLs: string[] }[] };
        expect(list.members.map((m) => m.name).sort()).toEqual(['trio-0', 'trio-1', 'trio-2']);
        expect(list.members.flatMap((m) => m.clientURLs).sort()).toEqual([...cluster.endpoints].sort());

        expect(ctl(cluster.endpoints, 'put', 'before', 'b').trim()).toBe('OK');

        // Kill the leader: the two others must elect a new one and go on accepting writes.
        const statuses = JSON.parse(ctl(cluster.endpoints, 'endpoint', 'status', '--write-out=json')) as {
          Endpoint: string;
          Status: { header: { member_id: number | string }; leader: number | string };
        }[];
        const leaderStatus = statuses.find((s) => String(s.Status.leader) === String(s.Status.header.member_id));
        expect(leaderStatus, 'a leader among the members').toBeDefined();
        const victim = cluster.members.find((m) => m.clientUrl === leaderStatus!.Endpoint)!;
        expect(victim).toBeDefined();
        await victim.kill();
        expect(victim.running).toBe(false);
        await expect(health(victim)).rejects.toThrow();
        const survivors = cluster.members.filter((m) => m !== victim).map((m) => m.clientUrl);
        await eventually('a write accepted by the two remaining members', () => {
          // A short timeout per try: a write sent while there is no leader waits out its whole timeout.
          const result = runEtcdctl(survivors, ['put', 'during', 'd'], { commandTimeoutMs: 1000 });
          return result.status === 0 && result.stdout.trim() === 'OK' ? true : undefined;
        });
        expect(ctl(survivors, 'get', 'during', '--print-value-only').trim()).toBe('d');

        await victim.start();
        expect(victim.running).toBe(true);
        // Its own local (serializable) state has the write it missed, and the one from before.
        expect(await eventually('the restarted member to catch up', () => localValue(victim, 'during'), 5000)).toBe('d');
        expect(localValue(victim, 'before')).toBe('b');
        expect(readFileSync(victim.logFile, 'utf8')).toMatch(/initial-cluster-state.{0,5}existing/);
      } finally {
        await cluster.stop();
      }
      expect(existsSync(cluster.rootDir)).toBe(false);
      expect(cluster.members.some((m) => m.running)).toBe(false);
      for (const pid of pids) expect(alive(pid)).toBe(false);
    });

    it('fails a start-up with the tail of the member log, leaving nothing behind', async () => {
      const error = await startEtcd({ extraArgs: ['--no-such-podkit-flag'] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EtcdStartError);
      expect((error as EtcdStartError).message).toContain('exited during start-up');
      expect((error as EtcdStartError).message).toContain('no-such-podkit-flag');

      const slow = await startEtcd({ timeoutMs: 1 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(slow).toBeInstanceOf(EtcdStartError);
      expect((slow as EtcdStartError).message).toContain('was not healthy within 1 ms');
      for (const e of [error, slow] as EtcdStartError[]) {
        expect(e.rootDir).toMatch(/podkit-etcd-/);
        expect(existsSync(e.rootDir)).toBe(false);
      }
    });

    it.each(['exit', 'SIGTERM'] as const)('kills its members and removes their data when the test process ends (%s)', async (how) => {
      const script = `
        const { startEtcd } = await import(${JSON.stringify(HARNESS)});
        const cluster = await startEtcd({ name: 'orphan' });
        console.log(JSON.stringify({ pid: cluster.members[0].pid, rootDir: cluster.rootDir }));
        // Told to on stdin, it ends with process.exit(); otherwise it waits for a signal.
        process.stdin.once('data', () => process.exit(0));
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let started: { pid: number; rootDir: string };
      try {
        started = await eventually(`the child's member (stderr: ${stderr})`, () => {
          const line = stdout.split('\n').find((l) => l.startsWith('{'));
          return line === undefined ? undefined : (JSON.parse(line) as { pid: number; rootDir: string });
        });
        expect(alive(started.pid)).toBe(true);
        expect(existsSync(started.rootDir)).toBe(true);
        if (how === 'SIGTERM') child.kill('SIGTERM');
        else child.stdin.write('exit\n');
        await exited;
      } finally {
        child.kill('SIGKILL');
      }
      await eventually('the orphaned member to be gone', () => (alive(started.pid) ? undefined : true), 3000);
      expect(existsSync(started.rootDir)).toBe(false);
    });
  },
  { etcdctl: true },
);
