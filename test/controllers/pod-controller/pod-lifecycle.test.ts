import { describe, expect, it } from 'vitest';
import { PodController, podStatusText, PodkitError, type KubeEvent, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { pod, setup, sh } from './helpers.js';

const logText = async (s: ReturnType<typeof setup>, name: string, container: string, options = {}) => s.ctrl.logs(name, { container, ...options });

describe('PodController pod lifecycle', () => {
  it('fails a pod at activeDeadlineSeconds with reason DeadlineExceeded and kills its containers (§A.5)', async () => {
    const s = setup();
    s.ctrl.run(pod('deadline', [sh('app', 'sleep 3600')], { activeDeadlineSeconds: 30, terminationGracePeriodSeconds: 5 }));
    await s.until(29);
    expect(s.ctrl.get('deadline')!.status?.phase).toBe('Running');
    await s.until(30);
    const p = s.ctrl.get('deadline')!;
    expect(p.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(podStatusText(p)).toBe('DeadlineExceeded');
    expect(s.events('DeadlineExceeded').map((e) => [e.type, s.secs(e.lastTimestamp)])).toEqual([['Warning', 30]]);
    expect(s.events('Killing').map((e) => [e.message, s.secs(e.lastTimestamp)])).toEqual([['Stopping container app', 30]]);
    await s.until(35);
    expect(s.ctrl.get('deadline')!.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, finishedAt: '2024-01-01T00:00:35Z' });
    const removed = await Promise.all([s.ctrl.delete('deadline'), s.until(36)]);
    expect(removed[0].status?.phase).toBe('Failed');
  });

  it('resolves env fieldRefs, resourceFieldRefs and $(VAR) references, visible to echo in the logs', async () => {
    const s = setup();
    s.ctrl.run(
      pod('envy', [
        sh('app', 'echo $POD_NAME $POD_NAMESPACE $POD_IP $NODE_NAME $POD_UID; echo $GREETING; echo $MEM_MI; sleep 3600', {
          args: ['$(POD_NAME)'],
          resources: { limits: { memory: '64Mi' } },
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
            { name: 'GREETING', value: 'hello $(POD_NAME) $(UNDEFINED) $$(POD_NAME)' },
            { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          ],
        }),
      ]),
    );
    await s.until(1);
    const p = s.ctrl.get('envy')!;
    expect(await logText(s, 'envy', 'app')).toBe(`envy default ${p.status?.podIP} node-1 ${p.metadata.uid}\nhello envy $(UNDEFINED) $(POD_NAME)\n64\n`);
    const create = s.runtime.calls.find((c) => c.method === 'createContainer')!.args[1] as { args: string[]; resources: unknown };
    expect(create.args).toEqual(['envy']);
    expect(create.resources).toEqual({ memoryLimitBytes: 64 * 1024 * 1024 });
  });

  it('keeps a container that references a missing ConfigMap waiting in CreateContainerConfigError', async () => {
    const s = setup();
    s.ctrl.run(pod('cfg', [sh('app', 'sleep 3600', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'x' } } }] })]));
    await s.until(1);
    expect(podStatusText(s.ctrl.get('cfg')!)).toBe('CreateContainerConfigError');
    expect(s.events('Failed').map((e) => e.message)).toEqual(['Error: configmap "settings" not found']);
  });

  it('serves the previous instance with logs --previous and keeps at most one dead instance per container', async () => {
    const s = setup();
    const script = 'n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo "run $n"; exit 1';
    s.ctrl.run(pod('web', [sh('app', script, { volumeMounts: [{ name: 'data', mountPath: '/data' }] })], { volumes: [{ name: 'data', emptyDir: {} }] }));
    await s.until(5);
    expect(await logText(s, 'web', 'app')).toBe('run 2\n');
    expect(await logText(s, 'web', 'app', { previous: true })).toBe('run 1\n');
    await s.until(35);
    expect(await logText(s, 'web', 'app')).toBe('run 4\n');
    expect(await logText(s, 'web', 'app', { previous: true })).toBe('run 3\n');
    expect(await s.runtime.listContainers()).toHaveLength(2);
  });

  it('errors with not_found for unknown pods, containers and missing previous instances', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(1);
    await expect(logText(s, 'web', 'app', { previous: true })).rejects.toThrow('previous terminated container "app" in pod "web" not found');
    await expect(logText(s, 'nope', 'app')).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.ctrl.exec('web', 'nope', ['true'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.ctrl.delete('nope')).rejects.toThrow('pods "nope" not found in namespace "default"');
  });

  it('validates pods on run: invalid objects, duplicates and other nodes are refused', () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    expect(() => s.ctrl.run(pod('web', [sh('app', 'true')]))).toThrow(expect.objectContaining({ code: 'already_exists' }));
    expect(() => s.ctrl.run(pod('bad', [sh('Bad_Name', 'true')]))).toThrow(/spec\.containers\[0\]\.name: Invalid value: "Bad_Name"/);
    expect(() => s.ctrl.run(pod('elsewhere', [sh('app', 'true')], { nodeName: 'node-2' }))).toThrow(PodkitError);
    expect(s.ctrl.list().map((p) => p.metadata.name)).toEqual(['web']);
  });

  it('assigns random uids on the default (system) clock, so two controllers sharing an engine never reuse one', async () => {
    const runtime = new FakeRuntime({ clock: new VirtualClock() });
    const [a, b] = [new PodController({ runtime, nodeName: 'n1' }), new PodController({ runtime, nodeName: 'n2' })];
    const uids = [a.run(pod('web', [{ name: 'app', image: 'busybox' }])), b.run(pod('web', [{ name: 'app', image: 'busybox' }]))].map((p) => p.metadata.uid);
    expect(uids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uids[1]).not.toBe(uids[0]);
    await Promise.all([a.close(), b.close()]);
  });

  it('assigns deterministic uids, applies defaults and binds the pod to the node with a Scheduled event', () => {
    const s = setup();
    const p = s.ctrl.run(pod('web', [{ name: 'app', image: 'busybox' }]));
    expect(p.metadata).toMatchObject({ uid: '00000000-0000-4000-8000-000000000001', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' });
    expect(p.spec).toMatchObject({ nodeName: 'node-1', restartPolicy: 'Always', terminationGracePeriodSeconds: 30, containers: [{ imagePullPolicy: 'Always' }] });
    expect(p.status?.conditions).toMatchObject([{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }]);
    expect(s.events('Scheduled').map((e) => [e.message, e.source.component])).toEqual([['Successfully assigned default/web to node-1', 'default-scheduler']]);
  });

  it('streams frozen snapshots with watch(name) until the pod is deleted, and every pod with watch()', async () => {
    const s = setup();
    s.ctrl.run(pod('a', [sh('app', 'sleep 3600')]));
    await s.until(1);
    const one: Pod[] = [];
    let completed = false;
    s.ctrl.watch('a').subscribe({ next: (p) => one.push(p), complete: () => (completed = true) });
    const all: string[] = [];
    s.ctrl.watch().subscribe((p) => all.push(p.metadata.name ?? ''));
    expect(one.map((p) => p.status?.phase)).toEqual(['Running']);
    s.ctrl.run(pod('b', [sh('app', 'sleep 3600')]));
    await Promise.all([s.ctrl.delete('a', { gracePeriodSeconds: 1 }), s.until(5)]);
    expect(completed).toBe(true);
    expect(one.every((p) => Object.isFrozen(p) && Object.isFrozen(p.status))).toBe(true);
    expect(one.at(-1)?.status?.phase).toBe('Failed');
    expect(all[0]).toBe('a');
    expect(all).toContain('b');
  });

  it('replays recorded events to late events$ subscribers, then streams new and aggregated ones', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'exit 1')]));
    await s.until(1);
    const seen: KubeEvent[] = [];
    s.ctrl.events$.subscribe((e) => seen.push(e));
    // The first pull, then "already present" for the immediate restart.
    expect(seen.map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Pulled', 'Created', 'Started', 'BackOff']);
    await s.until(10);
    expect(seen.slice(7).map((e) => [e.reason, e.count])).toEqual([
      ['Pulled', 2],
      ['Created', 3],
      ['Started', 3],
      ['BackOff', 2],
    ]);
  });
});
