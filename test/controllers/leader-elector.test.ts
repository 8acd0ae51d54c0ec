// Leader election on a Lease, restating client-go's leaderelection_test.go cases
// (TestTryAcquireOrRenew: acquire a missing lock, renew our own, no takeover while another's lease
// is valid, takeover of an expired one with leaderTransitions + 1) and the loop timings.
import { describe, expect, it } from 'vitest';
import { LeaderElector, MemoryStore, PodkitError, type ObjectStore } from 'podkit';
import { DEFAULT_LEADER_ELECTION_TIMINGS, isObservedLeaseValid, leaderElectionTimingProblems, nextLeaderRecord } from 'podkit/planners';
import { VirtualClock, withStoreFaults } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1);

const leaseOf = (store: ObjectStore) => store.tryGet('Lease', 'ctrl', 'kube-system')?.spec;

function candidates(store: ObjectStore, clock: VirtualClock, ids: readonly string[], extra: { releaseOnCancel?: boolean } = {}) {
  const log: string[] = [];
  const electors = ids.map(
    (id) =>
      new LeaderElector({
        store,
        clock,
        identity: id,
        name: 'ctrl',
        random: () => 0.5,
        onStartedLeading: () => log.push(`${clock.now() - T0} ${id} started`),
        onStoppedLeading: () => log.push(`${clock.now() - T0} ${id} stopped`),
        ...extra,
      }),
  );
  return { electors, log, leaders: () => electors.filter((e) => e.isLeader).length };
}

describe('leader election decisions (tryAcquireOrRenew, §R.5)', () => {
  const rec = (holder: string, transitions = 0) => ({ holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: T0, renewTime: T0, leaderTransitions: transitions });

  it('acquires a missing lock: holder = us, acquireTime = renewTime = now, 0 transitions', () => {
    expect(nextLeaderRecord(undefined, undefined, 'a', 15, T0 + 5)).toEqual({ holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: T0 + 5, renewTime: T0 + 5, leaderTransitions: 0 });
  });

  it('renews its own lock: acquireTime and transitions kept, renewTime now', () => {
    expect(nextLeaderRecord(rec('a', 3), { record: rec('a', 3), observedAt: T0 }, 'a', 15, T0 + 2000)).toEqual({ ...rec('a', 3), renewTime: T0 + 2000 });
  });

  it('does not take a lock another holds while it is valid by the local observation time (not the record\'s renewTime)', () => {
    // The record says it was renewed long ago (skewed clock), but it was observed changing 10 s ago: still valid.
    const old = { ...rec('b'), renewTime: T0 - 3_600_000 };
    expect(nextLeaderRecord(old, { record: old, observedAt: T0 + 5000 }, 'a', 15, T0 + 15_000)).toBeUndefined();
    expect(isObservedLeaseValid({ record: old, observedAt: T0 + 5000 }, T0 + 19_999)).toBe(true);
    expect(isObservedLeaseValid({ record: old, observedAt: T0 + 5000 }, T0 + 20_000)).toBe(false);
  });

  it('takes over an expired lock, counting one more transition; an empty holder is free at once', () => {
    expect(nextLeaderRecord(rec('b', 1), { record: rec('b', 1), observedAt: T0 }, 'a', 15, T0 + 15_000)).toEqual({ holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: T0 + 15_000, renewTime: T0 + 15_000, leaderTransitions: 2 });
    expect(nextLeaderRecord(rec('', 4), { record: rec('', 4), observedAt: T0 }, 'a', 15, T0 + 1)?.leaderTransitions).toBe(5);
  });

  it('checks the timings as NewLeaderElector (leaseDuration > renewDeadline > 1.2 × retryPeriod)', () => {
    expect(leaderElectionTimingProblems(DEFAULT_LEADER_ELECTION_TIMINGS)).toEqual([]);
    expect(leaderElectionTimingProblems({ leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 })).toEqual(['leaseDuration must be greater than renewDeadline']);
    expect(leaderElectionTimingProblems({ leaseDurationMs: 15_000, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toEqual(['renewDeadline must be greater than retryPeriod*JitterFactor']);
    const store = new MemoryStore({ clock: new VirtualClock() });
    expect(() => new LeaderElector({ store, clock: new VirtualClock(), identity: 'a', name: 'x', leaseDurationMs: 5_000 })).toThrow(PodkitError);
  });
});

describe('LeaderElector on a store, with kube-controller-manager\'s default timings (15 s / 10 s / 2 s, §R.5)', () => {
  it('exactly one of three candidates leads; it writes a Lease in kube-system and renews it every 2 s', async () => {
    const clock = new VirtualClock({ start: T0 });
    const store = new MemoryStore({ clock });
    const { electors, log, leaders } = candidates(store, clock, ['a', 'b', 'c']);
    for (const e of electors) e.start();
    expect(log).toEqual(['0 a started']);
    expect(leaseOf(store)).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0, acquireTime: '2024-01-01T00:00:00.000000Z', renewTime: '2024-01-01T00:00:00.000000Z' });
    for (let t = 0; t < 60; t++) {
      await clock.advance(1000);
      expect(leaders()).toBe(1);
    }
    expect(leaseOf(store)?.renewTime).toBe('2024-01-01T00:01:00.000000Z');
    expect(electors.map((e) => e.leader)).toEqual(['a', 'a', 'a']);
  });

  it('a dead leader (no release) is replaced once its record has not changed for the lease duration, never earlier', async () => {
    const clock = new VirtualClock({ start: T0 });
    const store = new MemoryStore({ clock });
    const { electors, log, leaders } = candidates(store, clock, ['a', 'b']);
    electors[0]?.start();
    electors[1]?.start();
    await clock.advance(10_000);
    // a's process dies: its timers stop, nothing is written.
    const lastRenew = Date.parse(leaseOf(store)?.renewTime ?? '') - T0;
    (electors[0] as unknown as { stop(): void }).stop();
    log.length = 0;
    for (let t = 0; t < 60; t++) {
      await clock.advance(500);
      expect(leaders()).toBeLessThanOrEqual(1);
    }
    const took = Number(log.find((l) => l.endsWith('b started'))?.split(' ')[0]);
    // b saw a's last renewal at most one of its retry periods (2 s + jitter) after it happened,
    // and notices the expiry at most one retry period after it.
    expect(took).toBeGreaterThanOrEqual(lastRenew + 15_000);
    expect(took).toBeLessThanOrEqual(lastRenew + 15_000 + 2 * (2_000 + 1.2 * 2_000 * 0.5));
    expect(leaseOf(store)).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('with releaseOnCancel a stopping leader hands over within one retry period', async () => {
    const clock = new VirtualClock({ start: T0 });
    const store = new MemoryStore({ clock });
    const { electors, log } = candidates(store, clock, ['a', 'b'], { releaseOnCancel: true });
    electors[0]?.start();
    electors[1]?.start();
    await clock.advance(5_000);
    electors[0]?.stop();
    expect(leaseOf(store)).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    await clock.advance(3_300);
    expect(log.filter((l) => l.endsWith('b started'))).toHaveLength(1);
    expect(leaseOf(store)).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('a leader that cannot renew gives up after renewDeadline (10 s), before anyone else may take over (15 s)', async () => {
    const clock = new VirtualClock({ start: T0 });
    const { store, faults } = withStoreFaults(new MemoryStore({ clock }), clock);
    const { electors, log, leaders } = candidates(store, clock, ['a', 'b']);
    electors[0]?.start();
    await clock.advance(4_000);
    electors[1]?.start();
    // Every renewal write of a fails from now on (b's writes too, until b may take over: both conflict).
    faults.conflictNextUpdates('Lease', 1_000_000);
    const since = clock.now() - T0;
    for (let t = 0; t < 40; t++) {
      await clock.advance(500);
      expect(leaders()).toBeLessThanOrEqual(1);
    }
    const stopped = Number(log.find((l) => l.endsWith('a stopped'))?.split(' ')[0]);
    expect(stopped - since).toBeGreaterThanOrEqual(10_000);
    expect(stopped - since).toBeLessThanOrEqual(12_000);
    faults.clear();
    await clock.advance(20_000);
    expect(leaders()).toBe(1);
    expect(electors[1]?.isLeader).toBe(true);
  });
});
