// podkit's vitest matchers as plain functions: (received, ...expected) → { pass, message }.
import type { KubeEvent } from '../../model/event.js';
import type { Pod } from '../../model/index.js';
import { formatPodTable } from '../../reducers/pod-printer.js';
import { formatEventTable } from '../../controllers/cluster/cluster-events.js';
import { currentTestCluster } from '../test-cluster-registry.js';

/** The outcome of a matcher, as vitest's `expect.extend` wants it. */
export interface MatcherOutcome {
  readonly pass: boolean;
  readonly message: () => string;
}

/** What {@link toHaveEvent} looks for: every given field must match. */
export interface EventMatch {
  readonly reason?: string;
  readonly type?: 'Normal' | 'Warning';
  /** Exact text or a pattern. */
  readonly message?: string | RegExp;
  /** The involved object's kind and name. */
  readonly kind?: string;
  readonly name?: string;
}

/** Anything that can list Events: a cluster, a test cluster, or a plain list. */
export type EventSource = readonly KubeEvent[] | { events(): KubeEvent[] };

type ObjectWithConditions = { readonly kind?: string; readonly metadata?: { readonly name?: string | undefined }; readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string | undefined }[] | undefined } | undefined };

function isPod(x: unknown): x is Pod {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Pod' && typeof (x as { spec?: unknown }).spec === 'object';
}

function requirePod(matcher: string, received: unknown): Pod {
  if (!isPod(received)) throw new TypeError(`${matcher}: expected a Pod object (kind: 'Pod'), received ${describe(received)}.`);
  return received;
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return `an object of kind ${JSON.stringify((x as { kind?: unknown }).kind ?? 'unknown')}`;
  return typeof x;
}

/** The pod's kubectl row and the last Events about it (from the open test cluster, if any). */
export function podContext(pod: Pod, now?: number): string {
  const cluster = currentTestCluster();
  const at = now ?? cluster?.clock.now() ?? Date.parse(pod.metadata.creationTimestamp ?? '2024-01-01T00:00:00Z');
  const lines = ['', formatPodTable([pod], at)];
  if (cluster !== undefined) {
    const events = cluster.events({ kind: 'Pod', name: pod.metadata.name ?? '' }).slice(-8);
    lines.push('', events.length === 0 ? 'No events about this pod.' : `Last events about pod ${pod.metadata.name ?? ''}:\n${formatEventTable(events, at)}`);
  }
  return lines.join('\n');
}

const not = (isNot: boolean): string => (isNot ? 'not ' : '');

/** The pod's `status.phase` equals `phase`. */
export function checkPhase(received: unknown, phase: string, isNot: boolean): MatcherOutcome {
  const pod = requirePod('toBeInPhase', received);
  const actual = pod.status?.phase ?? '(none)';
  return {
    pass: actual === phase,
    message: () => `expected pod ${pod.metadata.name ?? ''} ${not(isNot)}to be in phase ${phase}, but it is ${actual}${podContext(pod)}`,
  };
}

/** The object (pod, ReplicaSet, Job, ...) has a condition of `type`, with `status` when given. */
export function checkCondition(received: unknown, type: string, status: string | undefined, isNot: boolean): MatcherOutcome {
  const obj = received as ObjectWithConditions;
  if (typeof obj !== 'object' || obj === null) throw new TypeError(`toHaveCondition: expected an object with status.conditions, received ${describe(received)}.`);
  const cond = obj.status?.conditions?.find((c) => c.type === type);
  const pass = cond !== undefined && (status === undefined || cond.status === status);
  const all = (obj.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason === undefined ? '' : ` (${c.reason})`}`).join(', ') || '(none)';
  const want = status === undefined ? type : `${type}=${status}`;
  return {
    pass,
    message: () =>
      `expected ${obj.kind ?? 'object'} ${obj.metadata?.name ?? ''} ${not(isNot)}to have condition ${want}; its conditions: ${all}${isPod(received) ? podContext(received) : ''}`,
  };
}

/** Total restarts over every container (kubectl's RESTARTS column, init containers included). */
export function podRestarts(pod: Pod): number {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** The pod's containers restarted exactly `count` times in total (as kubectl's RESTARTS column). */
export function checkRestarted(received: unknown, count: number, isNot: boolean): MatcherOutcome {
  const pod = requirePod('toHaveRestarted', received);
  const actual = podRestarts(pod);
  return {
    pass: actual === count,
    message: () => `expected pod ${pod.metadata.name ?? ''} ${not(isNot)}to have restarted ${count} time(s), but it restarted ${actual}${podContext(pod)}`,
  };
}

/** Some container of the pod waits in `CrashLoopBackOff`. */
export function checkCrashLoop(received: unknown, isNot: boolean): MatcherOutcome {
  const pod = requirePod('toBeInCrashLoop', received);
  const looping = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].filter((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
  return {
    pass: looping.length > 0,
    message: () =>
      isNot
        ? `expected pod ${pod.metadata.name ?? ''} not to be in CrashLoopBackOff, but container(s) ${looping.map((c) => c.name).join(', ')} are${podContext(pod)}`
        : `expected pod ${pod.metadata.name ?? ''} to be in CrashLoopBackOff, but no container waits with reason CrashLoopBackOff${podContext(pod)}`,
  };
}

function eventsOf(source: unknown): readonly KubeEvent[] {
  if (Array.isArray(source)) return source as readonly KubeEvent[];
  if (typeof source === 'object' && source !== null && typeof (source as { events?: unknown }).events === 'function') return (source as { events(): KubeEvent[] }).events();
  throw new TypeError(`toHaveEvent: expected a cluster, a test cluster or an array of Events, received ${describe(source)}.`);
}

/** Whether one Event matches every given field. */
export function eventMatches(e: KubeEvent, match: EventMatch): boolean {
  return (
    (match.reason === undefined || e.reason === match.reason) &&
    (match.type === undefined || e.type === match.type) &&
    (match.kind === undefined || e.involvedObject.kind === match.kind) &&
    (match.name === undefined || e.involvedObject.name === match.name) &&
    (match.message === undefined || (typeof match.message === 'string' ? e.message === match.message : match.message.test(e.message)))
  );
}

/** Some Event of the source matches. */
export function checkEvent(received: unknown, match: EventMatch, isNot: boolean): MatcherOutcome {
  const events = eventsOf(received);
  const found = events.filter((e) => eventMatches(e, match));
  const shown = { ...match, ...(match.message instanceof RegExp ? { message: String(match.message) } : {}) };
  const last = events.slice(-10);
  const now = currentTestCluster()?.clock.now() ?? (last.length > 0 ? Date.parse(last[last.length - 1]!.lastTimestamp) : 0);
  return {
    pass: found.length > 0,
    message: () =>
      `expected ${not(isNot)}to find an Event matching ${JSON.stringify(shown)}, ${found.length > 0 ? `found ${found.length}` : `among ${events.length} Events`}.\n` +
      (last.length === 0 ? 'No events.' : `Last ${last.length} events:\n${formatEventTable(last, now)}`),
  };
}
