import { describe, expect, it } from 'vitest';
import { createController, EventRecorder, MemoryStore, TerminalError, exponentialRateLimiter, type ReplicaSet, type Request } from 'podkit';
import { VirtualClock, newPod } from 'podkit/testing';

function env() {
  const clock = new VirtualClock();
  const store = new MemoryStore({ clock });
  const recorder = new EventRecorder({ clock, component: 'test' });
  return { clock, store, recorder };
}

const rs = (name: string): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } },
  },
});

describe('createController', () => {
  it('reconciles each object of its kind by key, level-based', async () => {
    const e = env();
    const seen: Request[] = [];
    const ctrl = createController({ name: 't', for: 'Pod', reconcile: (req) => void seen.push(req) });
    e.store.create(newPod({ name: 'a' }));
    ctrl.start(e);
    e.store.create(newPod({ name: 'b' }));
    await e.clock.advance(0);
    expect(seen).toEqual([
      { namespace: 'default', name: 'a' },
      { namespace: 'default', name: 'b' },
    ]);
    expect(ctrl.idle).toBe(true);
    await ctrl.stop();
  });

  it('skips the enqueue of an event its onEvent answers false for (an event filter)', async () => {
    const e = env();
    const seen: string[] = [];
    const ctrl = createController({
      name: 't',
      for: 'Pod',
      onEvent: (ev) => ev.object.metadata.labels?.['skip'] !== 'yes',
      reconcile: (req) => void seen.push(req.name),
    });
    ctrl.start(e);
    e.store.create(newPod({ name: 'kept' }));
    e.store.create(newPod({ name: 'skipped', labels: { skip: 'yes' } }));
    await e.clock.advance(0);
    expect(seen).toEqual(['kept']);
    await ctrl.stop();
  });

  it('maps a change to an owned object to its controlling owner (EnqueueRequestForOwner)', async () => {
    const e = env();
    const seen: string[] = [];
    const owner = e.store.create(rs('web'));
    const ctrl = createController({ name: 't', for: 'ReplicaSet', owns: ['Pod'], reconcile: (req) => void seen.push(req.name) });
    ctrl.start(e);
    await e.clock.advance(0);
    seen.length = 0;
    e.store.create(
      newPod({
        name: 'web-x',
        metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata.uid ?? '', controller: true }] },
      }),
    );
    e.store.create(newPod({ name: 'orphan' }));
    await e.clock.advance(0);
    expect(seen).toEqual(['web']);
    await ctrl.stop();
  });

  it('reconciles again after requeueAfter on the clock', async () => {
    const e = env();
    const times: number[] = [];
    const ctrl = createController({
      name: 't',
      for: 'Pod',
      reconcile: (_req, ctx) => {
        times.push(ctx.now());
        return times.length < 3 ? { requeueAfter: '10s' } : undefined;
      },
    });
    e.store.create(newPod({ name: 'a' }));
    ctrl.start(e);
    await e.clock.advance('1m');
    const start = times[0] ?? 0;
    expect(times.map((t) => t - start)).toEqual([0, 10_000, 20_000]);
    await ctrl.stop();
  });

  it('requeues a failing key with rate-limited back-off and records a Warning event on the object', async () => {
    const e = env();
    let calls = 0;
    const ctrl = createController({
      name: 't',
      for: 'Pod',
      rateLimiter: exponentialRateLimiter(1_000, 60_000),
      reconcile: () => {
        calls += 1;
        if (calls < 3) throw new Error('store hiccup');
      },
    });
    e.store.create(newPod({ name: 'a' }));
    ctrl.start(e);
    await e.clock.advance(0);
    expect(calls).toBe(1);
    await e.clock.advance('1s');
    expect(calls).toBe(2);
    await e.clock.advance('1999ms');
    expect(calls).toBe(2);
    await e.clock.advance('1ms');
    expect(calls).toBe(3);
    expect(ctrl.errorCount).toBe(2);
    expect(e.recorder.list()).toMatchObject([{ type: 'Warning', reason: 'ReconcileError', message: 'store hiccup', count: 2, involvedObject: { kind: 'Pod', name: 'a' } }]);
    await ctrl.stop();
  });

  it('does not retry a TerminalError', async () => {
    const e = env();
    let calls = 0;
    const ctrl = createController({
      name: 't',
      for: 'Pod',
      reconcile: () => {
        calls += 1;
        throw new TerminalError('spec can never work');
      },
    });
    e.store.create(newPod({ name: 'a' }));
    ctrl.start(e);
    await e.clock.advance('1h');
    expect(calls).toBe(1);
    expect(e.recorder.list()[0]).toMatchObject({ reason: 'ReconcileFailed', message: 'spec can never work' });
    await ctrl.stop();
  });

  it('keeps other controllers running when one throws', async () => {
    const e = env();
    let good = 0;
    const bad = createController({ name: 'bad', for: 'Pod', reconcile: () => Promise.reject(new Error('boom')) });
    const ok = createController({ name: 'ok', for: 'Pod', reconcile: () => void (good += 1) });
    bad.start(e);
    ok.start(e);
    e.store.create(newPod({ name: 'a' }));
    e.store.create(newPod({ name: 'b' }));
    await e.clock.advance('10s');
    expect(good).toBe(2);
    await Promise.all([bad.stop(), ok.stop()]);
  });

  it('never runs two reconciles of one key at once, even with several workers', async () => {
    const e = env();
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const ctrl = createController({
      name: 't',
      for: 'Pod',
      workers: 4,
      reconcile: async (_req, ctx) => {
        calls += 1;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await ctx.clock.sleep(1_000);
        inFlight -= 1;
      },
    });
    const pod = e.store.create(newPod({ name: 'a' }));
    ctrl.start(e);
    await e.clock.advance(10);
    e.store.update({ ...pod, metadata: { ...pod.metadata, labels: { x: '1' } } });
    await e.clock.advance('5s');
    expect(maxInFlight).toBe(1);
    expect(calls).toBe(2);
    await ctrl.stop();
  });
});
