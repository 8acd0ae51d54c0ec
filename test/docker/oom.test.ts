// A memory-limited container that allocates past its limit is OOM-killed: the engine kills it
// (exit 137) and the PodController reports reason OOMKilled, the same as the FakeRuntime does.
import { describe, expect, it } from 'vitest';
import type { Pod } from 'podkit';
import { describeDocker, rawInspect } from './docker-env.js';
import { runOnFake, runOnRuntime, type Scenario } from './parity-harness.js';

const hog = (restartPolicy: 'Never' | 'Always'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `hog-${restartPolicy.toLowerCase()}` },
  spec: {
    restartPolicy,
    terminationGracePeriodSeconds: 1,
    // busybox `tail /dev/zero` buffers the never-ending line: it grows until the limit.
    containers: [{ name: 'hog', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['tail', '/dev/zero'], resources: { limits: { memory: '24Mi' } } }],
  },
});

const never: Scenario = { name: 'OOM, restartPolicy Never', pod: hog('Never'), until: (p) => p.status?.phase === 'Failed', timeoutSeconds: 30 };
const always: Scenario = {
  name: 'OOM, restartPolicy Always',
  pod: hog('Always'),
  until: (p) => p.status?.containerStatuses?.[0]?.lastState?.terminated !== undefined && p.status.containerStatuses[0].state?.waiting?.reason === 'CrashLoopBackOff',
  timeoutSeconds: 30,
};

const expectedNever = {
  phase: 'Failed',
  row: { status: 'OOMKilled', ready: '0/1', restarts: '0' },
  containers: { hog: { restartCount: 0, state: 'terminated:OOMKilled:137', last: undefined } },
};
// §D.3: the OOM-killed container is restarted at once, killed again, then backs off.
const expectedAlways = {
  phase: 'Running',
  row: { status: 'CrashLoopBackOff', ready: '0/1', restarts: '1' },
  containers: { hog: { restartCount: 1, state: 'waiting:CrashLoopBackOff', last: 'terminated:OOMKilled:137' } },
};

const pick = (o: { phase: unknown; row: unknown; containers: unknown }) => ({ phase: o.phase, row: o.row, containers: o.containers });

describe('an OOM-killed container on the FakeRuntime', () => {
  it('reports OOMKilled (137) and fails the pod under restartPolicy Never (§A.3)', async () => {
    expect(pick(await runOnFake(never))).toEqual(expectedNever);
  });
  it('reports the last state OOMKilled and backs off under restartPolicy Always (§D.3)', async () => {
    expect(pick(await runOnFake(always))).toEqual(expectedAlways);
  });
});

describeDocker('an OOM-killed container on Docker', ({ runtime }) => {
  it('reports OOMKilled (137) and fails the pod under restartPolicy Never (§A.3)', async () => {
    const observed = await runOnRuntime(never, runtime());
    expect(pick(observed)).toEqual(expectedNever);
    // The engine itself recorded the OOM kill against the 24 MiB limit.
    const [container] = await runtime().listContainers({ labels: {} });
    const raw = await rawInspect(container!.id);
    expect([raw.State.OOMKilled, raw.HostConfig.Memory]).toEqual([true, 24 * 1024 * 1024]);
  }, 60_000);

  it('reports the last state OOMKilled and backs off under restartPolicy Always (§D.3)', async () => {
    expect(pick(await runOnRuntime(always, runtime()))).toEqual(expectedAlways);
  }, 60_000);
});
