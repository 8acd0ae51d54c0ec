// The shell of leader election (client-go's tools/leaderelection with a LeaseLock): reads and
// writes one coordination.k8s.io/v1 Lease on the store, on the given clock; the decisions are
// the pure functions of planners/leader-election.ts.
import type { Clock, TimerHandle } from '../clock/clock.js';
import { PodkitError } from '../errors.js';
import { toMicroTime } from '../model/time.js';
import {
  DEFAULT_LEADER_ELECTION_TIMINGS,
  LEADER_ELECTION_JITTER_FACTOR,
  leaderElectionTimingProblems,
  nextLeaderRecord,
  releasedLeaderRecord,
  type LeaderElectionRecord,
  type LeaderElectionTimings,
  type ObservedLeaderRecord,
} from '../planners/leader-election.js';
import type { ObjectStore } from '../store/object-store.js';
import type { Lease, LeaseSpec } from '../model/lease.js';

/** Options of {@link LeaderElector}. */
export interface LeaderElectorOptions extends Partial<LeaderElectionTimings> {
  readonly store: ObjectStore;
  readonly clock: Clock;
  /** This candidate's identity (upstream: `<hostname>_<uuid>`); must be unique among candidates. */
  readonly identity: string;
  /** The Lease's name (kube-controller-manager uses `kube-controller-manager`). */
  readonly name: string;
  /** The Lease's namespace (default `kube-system`). */
  readonly namespace?: string | undefined;
  /** Called once this candidate holds the lease. */
  readonly onStartedLeading?: (() => void) | undefined;
  /** Called when a leader could not renew within renewDeadline (or was stopped): stop acting as leader at once. */
  readonly onStoppedLeading?: (() => void) | undefined;
  /** Called whenever the observed holder changes (also for other candidates). */
  readonly onNewLeader?: ((identity: string) => void) | undefined;
  /** Give the lease up on `stop()` (holder cleared, 1 s duration), so another candidate takes over at once. Default false, as client-go. */
  readonly releaseOnCancel?: boolean | undefined;
  /** A number in [0, 1) for the acquire loop's jitter; default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

function recordOf(lease: Lease): LeaderElectionRecord {
  const s = lease.spec ?? {};
  return {
    holderIdentity: s.holderIdentity ?? '',
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: s.acquireTime === undefined ? 0 : Date.parse(s.acquireTime),
    renewTime: s.renewTime === undefined ? 0 : Date.parse(s.renewTime),
    leaderTransitions: s.leaseTransitions ?? 0,
  };
}

function specOf(r: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: toMicroTime(r.acquireTime),
    renewTime: toMicroTime(r.renewTime),
    leaseTransitions: r.leaderTransitions,
  };
}

/**
 * Leader election on a Lease, after client-go's `LeaderElector`: candidates try to acquire the
 * Lease every retryPeriod (jittered ×1.2); a non-leader takes over only when the holder's record
 * has not changed for leaseDuration by its own clock; the leader renews every retryPeriod and
 * gives up (`onStoppedLeading`) when it could not renew for renewDeadline. Writes carry the
 * Lease's resourceVersion, so two candidates never both win a round. A store error counts as a
 * failed try.
 *
 * @example
 * ```ts
 * import { LeaderElector } from 'podkit';
 * const elector = new LeaderElector({ store, clock, identity: `${hostname()}_${randomUUID()}`, name: 'my-controller',
 *   onStartedLeading: () => startControllers(), onStoppedLeading: () => process.exit(1) });
 * elector.start();
 * ```
 */
export class LeaderElector {
  readonly #o: LeaderElectorOptions;
  readonly #t: LeaderElectionTimings;
  readonly #namespace: string;
  #observed: ObservedLeaderRecord | undefined;
  #observedRv: string | undefined;
  #leading = false;
  #running = false;
  #timer: TimerHandle | undefined;
  /** When the current renewal round began failing (undefined while renewals succeed). */
  #renewFailingSince: number | undefined;
  #lastLeader = '';

  constructor(options: LeaderElectorOptions) {
    this.#o = options;
    this.#t = {
      leaseDurationMs: options.leaseDurationMs ?? DEFAULT_LEADER_ELECTION_TIMINGS.leaseDurationMs,
      renewDeadlineMs: options.renewDeadlineMs ?? DEFAULT_LEADER_ELECTION_TIMINGS.renewDeadlineMs,
      retryPeriodMs: options.retryPeriodMs ?? DEFAULT_LEADER_ELECTION_TIMINGS.retryPeriodMs,
    };
    const problems = leaderElectionTimingProblems(this.#t);
    if (problems.length > 0) throw new PodkitError('invalid_argument', `LeaderElector: ${problems.join('; ')}.`);
    if (typeof options.identity !== 'string' || options.identity === '') {
      throw new PodkitError('invalid_argument', 'LeaderElector: identity: expected a non-empty string.', { details: { field: 'identity' } });
    }
    this.#namespace = options.namespace ?? 'kube-system';
  }

  /** True while this candidate holds the lease (by its last successful write). */
  get isLeader(): boolean {
    return this.#leading;
  }

  /** The identity of the holder last observed (`''` when none). */
  get leader(): string {
    return this.#observed?.record.holderIdentity ?? '';
  }

  /** Starts trying to acquire the lease (the first try runs at once). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#tick();
  }

  /** Stops: a leader stops leading (`onStoppedLeading`) and, with `releaseOnCancel`, releases the lease. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#leading) {
      if (this.#o.releaseOnCancel === true && this.#observed !== undefined) this.#release();
      this.#lose();
    }
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#tick();
    }, ms);
  }

  #tick(): void {
    if (!this.#running) return;
    const now = this.#o.clock.now();
    const ok = this.#tryAcquireOrRenew(now);
    if (!this.#leading) {
      if (ok) {
        this.#leading = true;
        this.#renewFailingSince = undefined;
        this.#o.onStartedLeading?.();
        this.#schedule(this.#t.retryPeriodMs);
        return;
      }
      // The acquire loop: retryPeriod plus up to JitterFactor × retryPeriod (wait.JitterUntil).
      const jitter = (this.#o.random ?? Math.random)() * LEADER_ELECTION_JITTER_FACTOR * this.#t.retryPeriodMs;
      this.#schedule(this.#t.retryPeriodMs + jitter);
      return;
    }
    if (ok) {
      this.#renewFailingSince = undefined;
      this.#schedule(this.#t.retryPeriodMs);
      return;
    }
    // Renewing failed: keep trying every retryPeriod until renewDeadline has passed.
    this.#renewFailingSince ??= now;
    if (now - this.#renewFailingSince >= this.#t.renewDeadlineMs) {
      this.#running = false;
      this.#lose();
      return;
    }
    this.#schedule(this.#t.retryPeriodMs);
  }

  #lose(): void {
    this.#leading = false;
    this.#o.onStoppedLeading?.();
  }

  #observe(record: LeaderElectionRecord, rv: string | undefined, now: number): void {
    this.#observed = { record, observedAt: now };
    this.#observedRv = rv;
    if (record.holderIdentity !== this.#lastLeader) {
      this.#lastLeader = record.holderIdentity;
      this.#o.onNewLeader?.(record.holderIdentity);
    }
  }

  /** client-go's `tryAcquireOrRenew`: true when this candidate holds the lease after the call. */
  #tryAcquireOrRenew(now: number): boolean {
    const { store, name, identity } = this.#o;
    const seconds = Math.round(this.#t.leaseDurationMs / 1000);
    try {
      const current = store.tryGet('Lease', name, this.#namespace);
      if (current === undefined) {
        const record = nextLeaderRecord(undefined, undefined, identity, seconds, now) as LeaderElectionRecord;
        const created = store.create<Lease>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: this.#namespace }, spec: specOf(record) });
        this.#observe(record, created.metadata.resourceVersion, now);
        return true;
      }
      const currentRecord = recordOf(current);
      // A record that changed since the last look is observed now (its lease runs from now).
      if (current.metadata.resourceVersion !== this.#observedRv) this.#observe(currentRecord, current.metadata.resourceVersion, now);
      const next = nextLeaderRecord(currentRecord, this.#observed, identity, seconds, now);
      if (next === undefined) return false;
      const updated = store.update({ ...current, spec: { ...current.spec, ...specOf(next) } });
      this.#observe(next, updated.metadata.resourceVersion, now);
      return true;
    } catch (e) {
      if (e instanceof PodkitError) return false;
      throw e;
    }
  }

  #release(): void {
    const { store, name } = this.#o;
    try {
      const current = store.tryGet('Lease', name, this.#namespace);
      if (current === undefined || recordOf(current).holderIdentity !== this.#o.identity) return;
      const released = releasedLeaderRecord(recordOf(current), this.#o.clock.now());
      store.update({ ...current, spec: { ...current.spec, ...specOf(released) } });
    } catch (e) {
      if (!(e instanceof PodkitError)) throw e;
    }
  }
}
