// The decisions of client-go's leader election (tools/leaderelection/leaderelection.go,
// tryAcquireOrRenew) over a coordination.k8s.io/v1 Lease, as pure functions: time comes in as an
// argument, the shell (controllers/leader-elector.ts) does the reads and writes.

/** The holder record kept in a Lease's spec (client-go's `LeaderElectionRecord`). */
export interface LeaderElectionRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** ms since the epoch. */
  readonly acquireTime: number;
  /** ms since the epoch. */
  readonly renewTime: number;
  readonly leaderTransitions: number;
}

/** The timings of a leader election; client-go's defaults are {@link DEFAULT_LEADER_ELECTION_TIMINGS}. */
export interface LeaderElectionTimings {
  /** How long non-leaders wait after the last observed change of the record before they may take over (default 15 s). */
  readonly leaseDurationMs: number;
  /** How long the leader keeps retrying a renewal before it gives up leadership (default 10 s). */
  readonly renewDeadlineMs: number;
  /** How long to wait between tries (default 2 s; acquiring is jittered by a factor of 1.2). */
  readonly retryPeriodMs: number;
}

/** kube-controller-manager's defaults (`--leader-elect-lease-duration=15s`, `--leader-elect-renew-deadline=10s`, `--leader-elect-retry-period=2s`). */
export const DEFAULT_LEADER_ELECTION_TIMINGS: LeaderElectionTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** client-go's `JitterFactor` for the acquire loop. */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;

/**
 * Checks timings as client-go's `NewLeaderElector` does; returns the problems (empty when valid):
 * leaseDuration must be greater than renewDeadline, renewDeadline greater than
 * JitterFactor × retryPeriod, and each must be positive.
 */
export function leaderElectionTimingProblems(t: LeaderElectionTimings): string[] {
  const out: string[] = [];
  if (!(t.leaseDurationMs > t.renewDeadlineMs)) out.push('leaseDuration must be greater than renewDeadline');
  if (!(t.renewDeadlineMs > LEADER_ELECTION_JITTER_FACTOR * t.retryPeriodMs)) out.push('renewDeadline must be greater than retryPeriod*JitterFactor');
  if (!(t.leaseDurationMs >= 1)) out.push('leaseDuration must be greater than zero');
  if (!(t.renewDeadlineMs >= 1)) out.push('renewDeadline must be greater than zero');
  if (!(t.retryPeriodMs >= 1)) out.push('retryPeriod must be greater than zero');
  return out;
}

/** What a candidate has seen of the record: the record and the local time it last changed (client-go's observedRecord/observedTime). */
export interface ObservedLeaderRecord {
  readonly record: LeaderElectionRecord;
  /** Local clock time (ms) when this record was first seen (or written by us). */
  readonly observedAt: number;
}

/**
 * client-go's `isLeaseValid`: the observed holder's lease has not yet run out by the local
 * clock (observedAt + leaseDurationSeconds > now). The record's own renewTime is not trusted:
 * clocks of different machines need not agree.
 */
export function isObservedLeaseValid(observed: ObservedLeaderRecord | undefined, now: number): boolean {
  return observed !== undefined && observed.observedAt + observed.record.leaseDurationSeconds * 1000 > now;
}

/**
 * The record to write when `identity` tries to acquire or renew (`tryAcquireOrRenew` step 3 and
 * 4), given the current record (undefined: no Lease yet, create it) and what was observed:
 * `undefined` when the lease is held by someone else and still valid (wait). A renewal keeps
 * acquireTime and the transition count; a takeover counts one more transition.
 */
export function nextLeaderRecord(
  current: LeaderElectionRecord | undefined,
  observed: ObservedLeaderRecord | undefined,
  identity: string,
  leaseDurationSeconds: number,
  now: number,
): LeaderElectionRecord | undefined {
  const fresh = { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now };
  if (current === undefined) return { ...fresh, leaderTransitions: 0 };
  const amLeader = observed?.record.holderIdentity === identity;
  // Step 3: held by another, and (by the local observation of its last change) not expired.
  if (current.holderIdentity !== '' && isObservedLeaseValid(observed, now) && !amLeader) return undefined;
  if (amLeader) return { ...fresh, acquireTime: current.acquireTime, leaderTransitions: current.leaderTransitions };
  return { ...fresh, leaderTransitions: current.leaderTransitions + 1 };
}

/** The record a leader writes when it steps down with `releaseOnCancel` (client-go's `release`). */
export function releasedLeaderRecord(current: LeaderElectionRecord, now: number): LeaderElectionRecord {
  return { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaderTransitions: current.leaderTransitions };
}
