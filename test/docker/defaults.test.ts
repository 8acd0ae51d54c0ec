// The Docker adapter on the options a new user passes: no label namespace, no name prefix, the
// runtime's own relist interval; the PodController's relist shortened only through its public
// `relistInterval` option. Every other Docker test isolates itself with a random label namespace,
// which once hid a bug that killed every pod at each relist on the default namespace
// (`io.podkit.node-name` was taken for one of the adapter's own keys).
//
// This is the only test file that works in the default namespace, so it never removes anything
// by namespace (`gc`): it removes exactly the pods it created, by uid, and checks that nothing of
// theirs is left.
import Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { PodController, type Container, type KubeEvent, type Pod } from 'podkit';
import { createDockerRuntime, DEFAULT_LABEL_NAMESPACE, reservedLabelKeys, type DockerRuntime } from 'podkit/docker';
import { describeIfEngine, newContainerConfig, newSandboxConfig, TEST_IMAGE, waitFor } from './docker-env.js';

const sh = (name: string, script: string): Container => ({ name, image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] });
const pod = (name: string, containers: Container[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `${name}-${process.pid}` },
  spec: { containers, terminationGracePeriodSeconds: 1 },
});

/** Engine containers (sandboxes included) of a pod, read directly from the engine. */
async function rawOfPod(p: Pod, role?: 'sandbox' | 'container'): Promise<Docker.ContainerInfo[]> {
  const label = [
    `${DEFAULT_LABEL_NAMESPACE}.pod-uid=${p.metadata.uid ?? ''}`,
    `io.podkit.node-name=${p.spec.nodeName ?? ''}`,
    ...(role === undefined ? [] : [`${DEFAULT_LABEL_NAMESPACE}.role=${role}`]),
  ];
  return new Docker().listContainers({ all: true, filters: { label } });
}

describeIfEngine('the Docker adapter on default options', () => {
  let runtime: DockerRuntime | undefined;
  const controllers: PodController[] = [];
  const nodes: string[] = [];
  const rt = async (): Promise<DockerRuntime> =>
    (runtime ??= await createDockerRuntime({ sandboxImage: TEST_IMAGE, sandboxCommand: ['sleep', '2147483647'] }));
  const newController = async (): Promise<PodController> => {
    // One node per controller: a PodController owns its node's runtime objects (a second one on
    // the same node name removes the first one's pods at start, as a kubelet would).
    const nodeName = `defaults-${process.pid}-${nodes.length}`;
    nodes.push(nodeName);
    const ctrl = new PodController({ runtime: await rt(), nodeName, relistInterval: '1s' });
    controllers.push(ctrl);
    await ctrl.start();
    return ctrl;
  };
  const events = (ctrl: PodController, name: string): KubeEvent[] => ctrl.listEvents().filter((e) => e.involvedObject.name === name);

  afterAll(async () => {
    for (const ctrl of controllers) {
      await Promise.all(ctrl.list().map((p) => ctrl.delete(p.metadata.name ?? '', { gracePeriodSeconds: 0 }).catch(() => undefined)));
      await ctrl.close();
    }
    if (runtime === undefined) return;
    const left: string[] = [];
    for (const node of nodes) {
      const labels = { 'io.podkit.node-name': node };
      for (const sb of await runtime.listPodSandboxes({ labels })) await runtime.removePodSandbox(sb.id);
      const raw = await new Docker().listContainers({ all: true, filters: { label: [`io.podkit.node-name=${node}`] } });
      left.push(...raw.map((c) => c.Names[0] ?? c.Id));
    }
    await runtime.close();
    expect(left, 'containers of this file left behind').toEqual([]);
  }, 60_000);

  it('uses the default label namespace and name prefix', async () => {
    const r = await rt();
    expect(r.options.labelNamespace).toBe('io.podkit');
    expect(r.options.namePrefix).toBe('podkit');
  });

  it('keeps a long-running container running across several relists: restartCount 0, no SandboxChanged, one sandbox', async () => {
    const ctrl = await newController();
    const p = ctrl.run(pod('sleeper', [sh('app', 'sleep 100000')]));
    const name = p.metadata.name ?? '';
    const running = await waitFor('the container running', async () => (ctrl.get(name)?.status?.containerStatuses?.[0]?.state?.running ? ctrl.get(name) : undefined), 30_000);
    const startedAt = running.status?.containerStatuses?.[0]?.state?.running?.startedAt;
    // ≥ 3 relists of the PodController (1 s) and one of the runtime's event stream (5 s default).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const now = ctrl.get(name);
    const st = now?.status?.containerStatuses?.[0];
    expect(st?.restartCount).toBe(0);
    expect(st?.state?.running?.startedAt).toBe(startedAt);
    expect(now?.status?.phase).toBe('Running');
    expect(events(ctrl, name).map((e) => e.reason)).not.toContain('SandboxChanged');
    expect(events(ctrl, name).map((e) => e.reason)).not.toContain('Killing');
    // The engine holds exactly one sandbox (attempt 0) and one container for the pod.
    const sandboxes = await rawOfPod(p, 'sandbox');
    expect(sandboxes.map((c) => c.Names[0])).toEqual([expect.stringMatching(/^\/podkit_POD_/)]);
    expect(sandboxes[0]?.State).toBe('running');
    expect(await rawOfPod(p, 'container')).toHaveLength(1);
  }, 60_000);

  it("reports a crashing container's own exit code in lastState across restarts (never the 137 of a kill)", async () => {
    const ctrl = await newController();
    const p = ctrl.run(pod('crasher', [sh('app', 'sleep 1; exit 7')]));
    const name = p.metadata.name ?? '';
    const lastCodes: number[] = [];
    const sub = ctrl.watch(name).subscribe((snap) => {
      const code = snap.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode;
      if (code !== undefined && lastCodes.at(-1) !== code) lastCodes.push(code);
    });
    try {
      // First restart at once, the second after the 10 s back-off (§D.2, §D.3).
      await waitFor('two restarts', async () => ((ctrl.get(name)?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? true : undefined), 45_000);
    } finally {
      sub.unsubscribe();
    }
    const st = ctrl.get(name)?.status?.containerStatuses?.[0];
    expect(st?.lastState?.terminated?.exitCode).toBe(7);
    expect(st?.lastState?.terminated?.reason).toBe('Error');
    expect(lastCodes).toEqual([7]);
    expect(events(ctrl, name).map((e) => e.reason)).not.toContain('SandboxChanged');
    expect(await rawOfPod(p, 'sandbox')).toHaveLength(1);
  }, 60_000);

  it('keeps caller labels inside its namespace verbatim and matches them, and rejects its own keys', async () => {
    const r = await rt();
    const node = `defaults-${process.pid}-labels`;
    nodes.push(node);
    const labels = { 'io.podkit.node-name': node, 'io.podkit.team': 'a', 'io.kubernetes.pod.uid': 'x' };
    const config = newSandboxConfig({ labels });
    const id = await r.runPodSandbox(config);
    expect((await r.podSandboxStatus(id)).labels).toEqual(labels);
    expect((await r.listPodSandboxes({ labels: { 'io.podkit.node-name': labels['io.podkit.node-name'] } })).map((s) => s.id)).toEqual([id]);
    const cid = await r.createContainer(id, newContainerConfig({ labels: { 'io.podkit.node-name': node, app: 'web' } }));
    expect((await r.containerStatus(cid)).labels).toEqual({ 'io.podkit.node-name': node, app: 'web' });
    expect((await r.listContainers({ labels: { 'io.podkit.node-name': node, app: 'web' }, sandboxId: id })).map((c) => c.id)).toEqual([cid]);
    for (const key of reservedLabelKeys()) {
      await expect(r.runPodSandbox(newSandboxConfig({ labels: { [key]: 'mine' } }))).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining(key) });
      await expect(r.createContainer(id, newContainerConfig({ labels: { [key]: 'mine' } }))).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(r.listContainers({ labels: { [key]: 'true' } })).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await r.removePodSandbox(id);
  }, 60_000);
});
