import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { expect, it } from 'vitest';
import { isRuntimeError } from '../../runtime/runtime-error.js';
import type { RuntimeEvent } from '../../runtime/container-runtime.js';
import type { Harness } from './harness.js';

/** Expects `p` to reject with a RuntimeError of `code`. */
export async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a RuntimeError with code ${code}`).toBeDefined();
  expect(isRuntimeError(error) ? error.code : error).toBe(code);
}

/** Sandboxes, images and the container lifecycle: create, start, exit, stop, remove, list, events. */
export function lifecycleCases(h: () => Harness, timeout: number): void {
  it('answers ping', async () => {
    await expect(h().rt.ping()).resolves.toBeUndefined();
  }, timeout);

  it('runs a ready sandbox with an IP and its labels, lists it by label, and stops and removes it idempotently', async () => {
    const t = h();
    const id = await t.sandbox([], { role: 'web' });
    const status = await t.rt.podSandboxStatus(id);
    expect(status).toMatchObject({ id, state: 'ready', hostNetwork: false, attempt: 0, namespace: 'podkit-conformance' });
    expect(status.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(status.labels).toMatchObject({ role: 'web', 'podkit-conformance': t.token });
    const listed = await t.rt.listPodSandboxes({ labels: { 'podkit-conformance': t.token, role: 'web' } });
    expect(listed.map((s) => s.id)).toEqual([id]);
    await t.rt.stopPodSandbox(id);
    expect((await t.rt.podSandboxStatus(id)).state).toBe('notready');
    await t.rt.stopPodSandbox(id);
    await t.rt.removePodSandbox(id);
    await t.rt.removePodSandbox(id);
    await rejectsWith(t.rt.podSandboxStatus(id), 'not_found');
    expect(await t.rt.listPodSandboxes({ labels: { 'podkit-conformance': t.token } })).toEqual([]);
  }, timeout);

  it('keeps caller labels verbatim in any namespace, matches filters on them, and rejects its reserved keys with invalid_argument', async () => {
    const t = h();
    const reserved = t.ctx.reservedLabelKeys ?? [];
    // The kubelet's keys, the PodController's node key, and keys right next to the adapter's own.
    const labels: Record<string, string> = { 'io.kubernetes.pod.uid': 'u', 'io.podkit.node-name': `n-${t.token}`, 'io.podkit.team': 'a' };
    for (const key of reserved) labels[`${key}-of-caller`] = 'kept';
    const sb = await t.sandbox([], labels);
    expect((await t.rt.podSandboxStatus(sb)).labels).toEqual({ 'podkit-conformance': t.token, ...labels });
    expect((await t.rt.listPodSandboxes({ labels: { 'io.podkit.node-name': `n-${t.token}` } })).map((s) => s.id)).toEqual([sb]);
    expect((await t.rt.listPodSandboxes({ labels })).map((s) => s.id)).toEqual([sb]);
    const c = await t.container(sb, 'app', ['sleep', '3600'], { start: false, labels });
    expect((await t.rt.containerStatus(c)).labels).toEqual({ 'podkit-conformance': t.token, ...labels });
    expect((await t.rt.listContainers({ labels: { 'io.podkit.node-name': `n-${t.token}` } })).map((s) => s.id)).toEqual([c]);
    const before = (await t.rt.listPodSandboxes({ labels: { 'podkit-conformance': t.token } })).length;
    for (const key of reserved) {
      await rejectsWith(t.sandbox([], { [key]: 'mine' }), 'invalid_argument');
      await rejectsWith(t.container(sb, 'other', ['sleep', '1'], { start: false, labels: { [key]: 'mine' } }), 'invalid_argument');
      await rejectsWith(t.rt.listPodSandboxes({ labels: { [key]: 'true' } }), 'invalid_argument');
      await rejectsWith(t.rt.listContainers({ labels: { [key]: 'true' } }), 'invalid_argument');
    }
    // Nothing was created by the rejected calls.
    expect((await t.rt.listPodSandboxes({ labels: { 'podkit-conformance': t.token } })).length).toBe(before);
    expect((await t.rt.listContainers({ sandboxId: sb })).map((s) => s.id)).toEqual([c]);
  }, timeout);

  it('pulls an image with IfNotPresent, reports it present, and does not pull it again', async () => {
    const t = h();
    const first = await t.rt.ensureImage(t.ctx.image, { pullPolicy: 'IfNotPresent' });
    expect(first.imageId).not.toBe('');
    expect(await t.rt.imageStatus(t.ctx.image)).toMatchObject({ id: first.imageId });
    expect((await t.rt.listImages()).some((i) => i.id === first.imageId)).toBe(true);
    expect(await t.rt.ensureImage(t.ctx.image, { pullPolicy: 'IfNotPresent' })).toEqual({ imageId: first.imageId, pulled: false });
    expect(await t.rt.ensureImage(t.ctx.image, { pullPolicy: 'Never' })).toEqual({ imageId: first.imageId, pulled: false });
  }, timeout);

  it('fails with image_never_pull for an absent image under Never and image_pull_failed when a pull fails', async () => {
    const t = h();
    const missing = t.ctx.missingImage ?? 'localhost:1/podkit-conformance/missing:none';
    expect(await t.rt.imageStatus(missing)).toBeUndefined();
    await rejectsWith(t.rt.ensureImage(missing, { pullPolicy: 'Never' }), 'image_never_pull');
    await rejectsWith(t.rt.ensureImage(missing, { pullPolicy: 'IfNotPresent' }), 'image_pull_failed');
  }, timeout);

  it('creates a container, starts it, and reports exit code 0 as Completed', async () => {
    const t = h();
    const sb = await t.sandbox();
    const id = await t.container(sb, 'ok', ['sh', '-c', 'echo done'], { start: false, labels: { app: 'x' } });
    const created = await t.rt.containerStatus(id);
    expect(created).toMatchObject({ id, sandboxId: sb, name: 'ok', attempt: 0, state: 'created', oomKilled: false });
    expect(created.labels).toMatchObject({ app: 'x' });
    await t.rt.startContainer(id);
    const s = await t.exited(id);
    expect(s).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed', oomKilled: false });
    expect(s.startedAt).toBeGreaterThanOrEqual(s.createdAt);
    expect(s.finishedAt).toBeGreaterThanOrEqual(s.startedAt ?? 0);
  }, timeout);

  it('reports a non-zero exit code with reason Error', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'fail', ['sh', '-c', 'exit 3']);
    expect(await t.exited(id)).toMatchObject({ exitCode: 3, reason: 'Error', oomKilled: false });
  }, timeout);

  it('fails to start an unknown executable with start_failed and an exited StartError status', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'nope', ['podkit-no-such-binary'], { start: false });
    await rejectsWith(t.rt.startContainer(id), 'start_failed');
    const s = await t.exited(id);
    expect(s.reason).toBe('StartError');
    expect([127, 128]).toContain(s.exitCode);
    expect(s.message).toContain('executable file not found');
  }, timeout);

  it('stops a container whose trap handles SIGTERM: the handler runs and the container exits 0 before the grace period', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'trap', ['sh', '-c', "trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 1; done"]);
    await t.eventually(async () => expect((await t.logs(id)).map((l) => l.text)).toContain('ready'));
    const { waited } = await t.during(t.raw.stopContainer(id, 30));
    expect(waited).toBeLessThan(15_000);
    expect(await t.rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 0 });
    expect((await t.logs(id)).map((l) => l.text)).toContain('got-term');
  }, timeout);

  it('kills a container that ignores SIGTERM once the grace period is over, with exit code 137', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'stubborn', ['sh', '-c', "trap '' TERM; echo ready; while true; do sleep 1; done"]);
    await t.eventually(async () => expect((await t.logs(id)).map((l) => l.text)).toContain('ready'));
    const { waited } = await t.during(t.raw.stopContainer(id, 2));
    expect(waited).toBeGreaterThanOrEqual(1_500);
    expect(await t.rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137 });
  }, timeout);

  it('treats stop of a stopped container and removal of a removed one as success, and reports a removed container as not_found', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'short', ['sh', '-c', 'exit 0']);
    await t.exited(id);
    await t.rt.stopContainer(id, 1);
    await t.rt.removeContainer(id);
    await t.rt.removeContainer(id);
    await rejectsWith(t.rt.containerStatus(id), 'not_found');
    await rejectsWith(t.rt.startContainer(id), 'not_found');
  }, timeout);

  it('lists containers by sandbox and by label', async () => {
    const t = h();
    const a = await t.sandbox();
    const b = await t.sandbox();
    const a1 = await t.container(a, 'one', ['sleep', '3600'], { start: false, labels: { role: 'one' } });
    const a2 = await t.container(a, 'two', ['sleep', '3600'], { start: false, labels: { role: 'two' } });
    await t.container(b, 'three', ['sleep', '3600'], { start: false, labels: { role: 'one' } });
    const inA = await t.rt.listContainers({ sandboxId: a });
    expect(inA.map((c) => c.id).sort()).toEqual([a1, a2].sort());
    const ones = await t.rt.listContainers({ labels: { 'podkit-conformance': t.token, role: 'one' } });
    expect(ones.map((c) => c.name).sort()).toEqual(['one', 'three']);
    const both = await t.rt.listContainers({ sandboxId: a, labels: { role: 'one' } });
    expect(both.map((c) => c.id)).toEqual([a1]);
  }, timeout);

  it('emits ContainerStarted and ContainerExited events for a container', async () => {
    const t = h();
    const sb = await t.sandbox();
    const id = await t.container(sb, 'evt', ['sh', '-c', 'sleep 1; exit 2'], { start: false });
    const seen = firstValueFrom(
      t.rt.events().pipe(
        filter((e: RuntimeEvent) => 'containerId' in e && e.containerId === id && (e.type === 'ContainerStarted' || e.type === 'ContainerExited')),
        take(2),
        toArray(),
      ),
    );
    await t.ctx.wait(t.pollMs);
    await t.rt.startContainer(id);
    const { value } = await t.during(seen);
    expect(value.map((e) => e.type)).toEqual(['ContainerStarted', 'ContainerExited']);
    expect(value[1]).toMatchObject({ sandboxId: sb, exitCode: 2, oomKilled: false });
  }, timeout);

  it('removes the containers of a removed sandbox', async () => {
    const t = h();
    const sb = await t.sandbox();
    const id = await t.container(sb, 'inside', ['sleep', '3600']);
    await t.rt.removePodSandbox(sb);
    await rejectsWith(t.rt.containerStatus(id), 'not_found');
    expect(await t.rt.listContainers({ sandboxId: sb })).toEqual([]);
  }, timeout);
}
