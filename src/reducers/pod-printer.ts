/**
 * `kubectl get pods` text (k8s-semantics §G), byte for byte: the STATUS column, a pod row, and the
 * whole table with kubectl's column alignment.
 */
import type { ContainerStatus, Pod } from '../model/index.js';
import { isSidecar } from '../model/pod-utils.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { humanDuration } from './human-duration.js';

/** One `kubectl get pods` row. */
export interface PodRow {
  readonly name: string;
  /** `ready/total`, sidecars counted (§G.2). */
  readonly ready: string;
  readonly status: string;
  /** `3` or `3 (10s ago)` (§G.3). */
  readonly restarts: string;
  readonly age: string;
}

/** A `kubectl get pods -o wide` row. */
export interface PodRowWide extends PodRow {
  readonly ip: string;
  readonly node: string;
  readonly nominatedNode: string;
  readonly readinessGates: string;
}

interface Printed {
  readonly status: string;
  readonly readyCount: number;
  readonly total: number;
  readonly restarts: number;
  /** Newest lastState finish time counted, ms; undefined when none. */
  readonly lastRestart: number | undefined;
}

function conditionTrue(pod: Pod, type: string): boolean {
  return pod.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

function lastFinish(s: ContainerStatus, newest: number | undefined): number | undefined {
  const f = s.lastState?.terminated?.finishedAt;
  if (f === undefined) return newest;
  const ms = toMillis(f);
  return newest === undefined || ms > newest ? ms : newest;
}

/** kubectl `printPod` (§G.1–§G.3). */
function print(pod: Pod): Printed {
  const status = pod.status ?? {};
  const initSpecs = pod.spec.initContainers ?? [];
  let total = pod.spec.containers.length;
  const sidecars = new Set<string>();
  for (const c of initSpecs) {
    if (isSidecar(c)) {
      sidecars.add(c.name);
      total++;
    }
  }
  let reason: string = status.phase ?? '';
  if (status.reason !== undefined && status.reason !== '') reason = status.reason;
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let restarts = 0;
  let sidecarRestarts = 0;
  let readyCount = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount;
    lastRestart = lastFinish(c, lastRestart);
    const sidecar = sidecars.has(c.name);
    if (sidecar) {
      sidecarRestarts += c.restartCount;
      lastSidecarRestart = lastFinish(c, lastSidecarRestart);
    }
    const t = c.state?.terminated;
    const w = c.state?.waiting;
    if (t !== undefined && t.exitCode === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) readyCount++;
      continue;
    }
    if (t !== undefined) {
      if (t.reason === undefined || t.reason === '') reason = t.signal !== undefined && t.signal !== 0 ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
      else reason = `Init:${t.reason}`;
    } else if (w !== undefined && w.reason !== undefined && w.reason !== '' && w.reason !== 'PodInitializing') {
      reason = `Init:${w.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount;
      lastRestart = lastFinish(c, lastRestart);
      const w = c.state?.waiting;
      const t = c.state?.terminated;
      if (w !== undefined && w.reason !== undefined && w.reason !== '') reason = w.reason;
      else if (t !== undefined && t.reason !== undefined && t.reason !== '') reason = t.reason;
      else if (t !== undefined) reason = t.signal !== undefined && t.signal !== 0 ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (c.ready && c.state?.running !== undefined) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp !== undefined && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp !== undefined && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  return { status: reason, readyCount, total, restarts, lastRestart };
}

/** kubectl's `translateTimestampSince`: `<unknown>` for no time, else the age. */
function since(time: string | undefined, now: number): string {
  return time === undefined ? '<unknown>' : humanDuration(now - toMillis(time));
}

/**
 * The STATUS column of `kubectl get pods` for a pod (§G.1): the phase or `status.reason`, then
 * `SchedulingGated`, init progress (`Init:0/2`, `Init:CrashLoopBackOff`, `Init:Error`,
 * `Init:ExitCode:1`, `Init:Signal:9`), container reasons (`PodInitializing`, `CrashLoopBackOff`,
 * `Completed`, `Error`, `ExitCode:3`, `Signal:9`), `NotReady`, and `Terminating` / `Unknown` for
 * deleted pods. Container statuses are read in list order, as kubectl does.
 *
 * @example
 * ```ts
 * import { podStatusText } from 'podkit';
 * podStatusText(pod); // 'CrashLoopBackOff'
 * ```
 */
export function podStatusText(pod: Pod): string {
  return print(pod).status;
}

/**
 * A `kubectl get pods` row at time `now` (§G): NAME, READY (`1/2`, sidecars counted), STATUS,
 * RESTARTS (`3 (10s ago)`, measured from the newest `lastState.terminated.finishedAt`) and AGE
 * (from `creationTimestamp`, `<unknown>` without one).
 *
 * @example
 * ```ts
 * import { toPodRow } from 'podkit';
 * toPodRow(pod, '2024-05-01T10:05:00Z');
 * // { name: 'web', ready: '1/1', status: 'Running', restarts: '3 (10s ago)', age: '5m' }
 * ```
 */
export function toPodRow(pod: Pod, now: TimeInput): PodRow {
  const n = toMillis(now);
  const p = print(pod);
  const restarts = p.restarts !== 0 && p.lastRestart !== undefined ? `${p.restarts} (${humanDuration(n - p.lastRestart)} ago)` : String(p.restarts);
  return { name: pod.metadata.name ?? '', ready: `${p.readyCount}/${p.total}`, status: p.status, restarts, age: since(pod.metadata.creationTimestamp, n) };
}

/** A `kubectl get pods -o wide` row: {@link toPodRow} plus IP, NODE, NOMINATED NODE and READINESS GATES (`1/3`). */
export function toPodRowWide(pod: Pod, now: TimeInput): PodRowWide {
  const status = pod.status ?? {};
  const gates = pod.spec.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    const trueCount = gates.filter((g) => status.conditions?.find((c) => c.type === g.conditionType)?.status === 'True').length;
    readinessGates = `${trueCount}/${gates.length}`;
  }
  const ip = status.podIPs?.[0]?.ip ?? status.podIP ?? '';
  const orNone = (v: string | undefined): string => (v === undefined || v === '' ? '<none>' : v);
  return { ...toPodRow(pod, now), ip: orNone(ip), node: orNone(pod.spec.nodeName), nominatedNode: orNone(status.nominatedNodeName), readinessGates };
}

/** Options of {@link formatPodTable}. */
export interface FormatPodTableOptions {
  /** `-o wide`: add IP, NODE, NOMINATED NODE, READINESS GATES. */
  readonly wide?: boolean;
}

/**
 * Aligns cells like kubectl's tabwriter (minimum width 6, padding 3, spaces; the last column is not
 * padded; widths count characters).
 */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) widths[i] = Math.max(widths[i] ?? 6, [...row[i]!].length + 3);
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join(''))
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * The whole `kubectl get pods` output at time `now`, byte for byte: the header
 * `NAME READY STATUS RESTARTS AGE` (plus `IP NODE NOMINATED NODE READINESS GATES` with `wide`),
 * one row per pod in the given order, columns aligned as kubectl does, each line ending in `\n`.
 * An empty list gives `''` (kubectl prints "No resources found" on stderr).
 *
 * @example
 * ```ts
 * import { formatPodTable } from 'podkit';
 * formatPodTable([pod], now);
 * // NAME   READY   STATUS    RESTARTS   AGE
 * // web    1/1     Running   0          5m
 * ```
 */
export function formatPodTable(pods: readonly Pod[], now: TimeInput, options: FormatPodTableOptions = {}): string {
  if (pods.length === 0) return '';
  const wide = options.wide === true;
  const header = wide
    ? ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']
    : ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
  const rows: string[][] = [header];
  for (const pod of pods) {
    if (wide) {
      const r = toPodRowWide(pod, now);
      rows.push([r.name, r.ready, r.status, r.restarts, r.age, r.ip, r.node, r.nominatedNode, r.readinessGates]);
    } else {
      const r = toPodRow(pod, now);
      rows.push([r.name, r.ready, r.status, r.restarts, r.age]);
    }
  }
  return alignColumns(rows);
}
