import { filter, NEVER } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PodController, podStatusText, RuntimeError, type ContainerRuntime } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { pod, setup, sh } from './helpers.js';

/** A runtime that loses the events of the containers in `drop` (a missed PLEG event). */
function lossy(fake: FakeRuntime, drop: ReadonlySet<string>): ContainerRuntime {
  return new Proxy(fake, {
    get(target, prop) {
      if (prop === 'events') return () => fake.events().pipe(filter((e) => !('containerId' in e) || !drop.has(e.containerId)));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A runtime whose listings leave out every sandbox and container (a bad filter, a partial or
 * slow engine answer), and whose sandbox inspections fail while `inspect.failing` is set.
 */
function blindLister(fake: FakeRuntime, inspect: { failing: boolean; deaf?: boolean }): ContainerRuntime {
  return new Proxy(fake, {
    get(target, prop) {
      if (prop === 'listPodSandboxes' || prop === 'listContainers') return async () => [];
      if (prop === 'events' && inspect.deaf === true) return () => NEVER;
      if (prop === 'podSandboxStatus') {
        return async (id: string) => {
          if (inspect.failing) throw new RuntimeError('unavailable', 'the engine is slow');
          return fake.podSandboxStatus(id);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const idOf = (ctrl: PodController, name: string, container = 'app') =>
  ctrl.get(name)!.status!.containerStatuses!.find((c) => c.name === container)!.containerID!.replace('fake://', '');

describe('PodController resilience', () => {
  it('keeps pod status while the runtime is unavailable and catches up when it returns', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 20; exit 1')]));
    await s.until(10);
    s.runtime.setAvailable(false);
    await s.until(30);
    s.ctrl.run(pod('late', [sh('app', 'sleep 3600')]));
    await s.until(59);
    expect(s.ctrl.get('web')!.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { running: {} } });
    expect(podStatusText(s.ctrl.get('late')!)).toBe('ContainerCreating');
    expect((await s.ctrl.nodeStatus()).conditions?.[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'KubeletNotReady' });
    s.runtime.setAvailable(true);
    await s.until(70);
    const web = s.ctrl.get('web')!.status!.containerStatuses![0]!;
    expect(web.restartCount).toBe(1);
    expect(web.lastState?.terminated).toMatchObject({ exitCode: 1, finishedAt: '2024-01-01T00:00:20Z' });
    expect(podStatusText(s.ctrl.get('late')!)).toBe('Running');
    expect((await s.ctrl.nodeStatus()).conditions?.[0]).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(s.errors).toEqual([]);
  });

  it('repairs a missed removal on the next relist: ContainerStatusUnknown, then a restart (§B.3)', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const fake = new FakeRuntime({ clock });
    const drop = new Set<string>();
    const ctrl = new PodController({ runtime: lossy(fake, drop), clock, nodeName: 'node-1' });
    ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await clock.advance('12s');
    const id = idOf(ctrl, 'web');
    drop.add(id);
    await fake.removeContainer(id);
    await clock.advance('7s');
    expect(ctrl.get('web')!.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    await clock.advance('1s');
    const c = ctrl.get('web')!.status!.containerStatuses![0]!;
    expect(c.lastState?.terminated).toEqual({
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
      message: 'The container could not be located when the pod was deleted.  The container used to be Running',
    });
    expect(c.restartCount).toBe(1);
    expect(c.state?.running?.startedAt).toBe('2024-01-01T00:00:20Z');
  });

  it('repairs a missed exit on the next relist and restarts per policy', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const fake = new FakeRuntime({ clock });
    const drop = new Set<string>();
    const ctrl = new PodController({ runtime: lossy(fake, drop), clock, nodeName: 'node-1', relistInterval: '5s' });
    ctrl.run(pod('web', [sh('app', 'sleep 12; exit 3')]));
    await clock.advance('1s');
    drop.add(idOf(ctrl, 'web'));
    await clock.advance('13s');
    expect(ctrl.get('web')!.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    await clock.advance('1s');
    expect(ctrl.get('web')!.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 3, finishedAt: '2024-01-01T00:00:12Z' } } });
  });

  it('runs many pods independently: one pod with a slow start does not delay the others', async () => {
    const s = setup();
    s.runtime.inject({ pod: 'slow', fault: { type: 'slowStart', ms: '60s' } });
    s.ctrl.run(pod('slow', [sh('app', 'sleep 3600')]));
    for (let i = 0; i < 50; i++) s.ctrl.run(pod(`fast-${i}`, [sh('app', 'sleep 3600')]));
    await s.until(1);
    const phases = s.ctrl.list().map((p) => [p.metadata.name, podStatusText(p)]);
    expect(phases.filter(([, st]) => st === 'Running')).toHaveLength(50);
    expect(podStatusText(s.ctrl.get('slow')!)).toBe('ContainerCreating');
    await s.until(60);
    expect(podStatusText(s.ctrl.get('slow')!)).toBe('Running');
  });

  it('recreates a dead sandbox (SandboxChanged) and restarts its containers', async () => {
    const s = setup();
    s.runtime.inject({ pod: 'web', fault: { type: 'sandboxDeath', afterMs: '10s' }, times: 1 });
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(10);
    const p = s.ctrl.get('web')!;
    expect(s.runtime.calls.filter((c) => c.method === 'runPodSandbox').map((c) => [(c.time - s.t0) / 1000, (c.args[0] as { attempt: number }).attempt])).toEqual([
      [0, 0],
      [10, 1],
    ]);
    expect(s.events('SandboxChanged').map((e) => e.message)).toEqual(['Pod sandbox changed, it will be killed and re-created.']);
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, state: { running: { startedAt: '2024-01-01T00:00:10Z' } } });
    expect(p.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('True');
  });

  it('never kills a sandbox on the strength of a listing that leaves it out: it is inspected by id first (PLEG relist + GetPodStatus)', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const fake = new FakeRuntime({ clock });
    const inspect = { failing: false };
    const ctrl = new PodController({ runtime: blindLister(fake, inspect), clock, nodeName: 'node-1' });
    ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    // Six relists (every 10 s) that list nothing while the sandbox is alive and ready.
    await clock.advance('61s');
    inspect.failing = true;
    await clock.advance('30s');
    const p = ctrl.get('web')!;
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { running: { startedAt: '2024-01-01T00:00:00Z' } } });
    expect(ctrl.listEvents().map((e) => e.reason)).not.toContain('SandboxChanged');
    expect(fake.calls.filter((c) => c.method === 'runPodSandbox')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'podSandboxStatus').length).toBeGreaterThanOrEqual(6);
    await ctrl.close();
  });

  it('declares a sandbox left out of a listing dead once its inspection says not_found (SandboxChanged)', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const fake = new FakeRuntime({ clock });
    const ctrl = new PodController({ runtime: blindLister(fake, { failing: false, deaf: true }), clock, nodeName: 'node-1' });
    ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await clock.advance('12s');
    const [sandbox] = await fake.listPodSandboxes();
    // Gone behind the controller's back (it hears no runtime events): only the relist's inspection can tell.
    await fake.removePodSandbox(sandbox!.id);
    await clock.advance('10s');
    expect(ctrl.listEvents().filter((e) => e.reason === 'SandboxChanged')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'runPodSandbox')).toHaveLength(2);
    await ctrl.close();
  });

  it('leaves containers running across stop() and re-adopts them on start() without recreating them', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    s.ctrl.run(pod('crash', [sh('app', 'sleep 30; exit 1')]));
    await s.until(5);
    const before = s.ctrl.get('web')!.status!.containerStatuses![0]!.containerID;
    s.ctrl.stop();
    expect(s.ctrl.list()).toEqual([]);
    await s.until(40);
    expect((await s.runtime.listContainers()).map((c) => c.state).sort()).toEqual(['exited', 'running']);
    const creates = s.runtime.calls.filter((c) => c.method === 'createContainer').length;
    await s.ctrl.start();
    await s.until(41);
    expect(s.ctrl.get('web')!.status?.containerStatuses?.[0]).toMatchObject({ containerID: before, restartCount: 0, state: { running: {} } });
    // The crash happened while the node was away: seen on adoption, restarted at once.
    expect(s.ctrl.get('crash')!.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: '2024-01-01T00:00:30Z' } } });
    expect(s.runtime.calls.filter((c) => c.method === 'createContainer').length).toBe(creates + 1);
  });

  it('removes sandboxes of pods it does not know when it starts (orphans from an earlier run)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(1);
    await s.ctrl.close();
    const clock = s.clock;
    const fresh = new PodController({ runtime: s.runtime, clock, nodeName: 'node-1' });
    const other = new PodController({ runtime: s.runtime, clock, nodeName: 'node-2' });
    await s.until(2);
    expect(await s.runtime.listPodSandboxes()).toEqual([]);
    expect(fresh.list()).toEqual([]);
    await other.close();
  });
});
