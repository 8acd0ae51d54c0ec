// The Job acceptance scenarios, on createCluster with a VirtualClock and FakeRuntime nodes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCluster, type Cluster, type Job, type Pod } from 'podkit';
import { JOB_TRACKING_FINALIZER } from 'podkit/model';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const HELLO = parse(readFileSync(new URL('../../../examples/manifests/hello-job.yaml', import.meta.url), 'utf8')) as Job;

function cluster(nodes = 1, setup?: (rt: FakeRuntime) => void) {
  const clock = new VirtualClock();
  const c = createCluster({
    clock,
    nodes: Array.from({ length: nodes }, (_, i) => {
      const runtime = new FakeRuntime({ clock });
      setup?.(runtime);
      return { name: `node-${i + 1}`, runtime };
    }),
  });
  const t0 = clock.now();
  return { c, clock, elapsed: () => (clock.now() - t0) / 1000 };
}

/** The hello Job with a command, restart policy and extra spec fields. */
function hello(command: string[], restartPolicy: 'Never' | 'OnFailure', spec: Partial<Job['spec']> = {}): Job {
  const container = { ...HELLO.spec.template.spec.containers[0]!, command };
  return { ...HELLO, spec: { ...HELLO.spec, ...spec, template: { ...HELLO.spec.template, spec: { ...HELLO.spec.template.spec, restartPolicy, containers: [container] } } } };
}

const cond = (job: Job, type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
const jobDone = (name: string) => (c: Cluster) => {
  const j = c.tryGet('Job', name);
  return j !== undefined && (cond(j, 'Complete') !== undefined || cond(j, 'Failed') !== undefined);
};
const withFinalizer = (c: Cluster): Pod[] => c.list('Pod').filter((p) => p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER));
const isActive = (p: Pod) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

describe('Job controller on createCluster (acceptance)', () => {
  it('hello with exit 1, restartPolicy Never, backoffLimit 3: pods at 0, 10, 30, 70 s, then Failed / BackoffLimitExceeded after the fourth failure (§I.3.3d, §I.5)', async () => {
    const { c, clock, elapsed } = cluster();
    const created: number[] = [];
    c.watch('Pod').subscribe((ev) => void (ev.type === 'Added' && created.push(elapsed())));
    c.apply(hello(['sh', '-c', 'exit 1'], 'Never', { backoffLimit: 3 }));
    await c.runUntil(jobDone('hello'), { timeout: '10m' });
    expect(created).toEqual([0, 10, 30, 70]);
    const job = c.get('Job', 'hello');
    expect(cond(job, 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: '2024-01-01T00:01:10Z' });
    expect(job.status).toMatchObject({ failed: 4, succeeded: 0, active: 0 });
    expect(c.formatTable('Job')).toMatch(/hello\s+Failed\s+0\/1/);
    // No pod keeps the tracking finalizer, and nothing more happens afterwards.
    await clock.advance('10m');
    expect(withFinalizer(c)).toEqual([]);
    expect(c.list('Pod')).toHaveLength(4);
    await c.close();
  });

  it('hello with exit 1 under restartPolicy OnFailure restarts in place and fails once restarts reach backoffLimit (§I.3.3d)', async () => {
    const { c, elapsed } = cluster();
    c.apply(hello(['sh', '-c', 'exit 1'], 'OnFailure', { backoffLimit: 3 }));
    await c.runUntil(jobDone('hello'), { timeout: '10m' });
    expect(cond(c.get('Job', 'hello'), 'Failed')?.reason).toBe('BackoffLimitExceeded');
    // The kubelet restarts at once, then after 10 s and 20 s (§D): restartCount reaches 3 at 30 s.
    expect(elapsed()).toBe(30);
    expect(c.events({ kind: 'Job', name: 'hello' }).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(1);
    await c.runUntil((x) => x.list('Pod').length === 0, { timeout: '2m' });
    await c.close();
  });

  it('Indexed, completions 5, parallelism 2, index 3 failing once: completedIndexes "0-4", at most 2 pods active, each pod sees its JOB_COMPLETION_INDEX (§I.4, §I.7)', async () => {
    let failedThree = false;
    const { c } = cluster(1, (rt) =>
      rt.defineProgram('work', async (ctx) => {
        ctx.stdout(`index=${ctx.env.JOB_COMPLETION_INDEX ?? 'none'}\n`);
        await ctx.sleep(10_000);
        if (ctx.env.JOB_COMPLETION_INDEX === '3' && !failedThree) {
          failedThree = true;
          return 1;
        }
        return 0;
      }),
    );
    let maxActive = 0;
    const logs = new Map<string, string>();
    c.watch('Pod').subscribe(() => (maxActive = Math.max(maxActive, c.list('Pod').filter(isActive).length)));
    c.apply(hello(['work'], 'Never', { completions: 5, parallelism: 2, completionMode: 'Indexed' }));
    await c.runUntil((x) => {
      for (const p of x.list('Pod')) if (p.status?.phase === 'Running') logs.set(p.metadata.name ?? '', '');
      return jobDone('hello')(x);
    }, { timeout: '5m' });
    const job = c.get('Job', 'hello');
    expect(cond(job, 'Complete')?.reason).toBe('CompletionsReached');
    expect(job.status).toMatchObject({ completedIndexes: '0-4', succeeded: 5, failed: 1 });
    expect(maxActive).toBe(2);
    for (const p of c.list('Pod')) {
      const ix = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.name?.startsWith(`hello-${ix}-`)).toBe(true);
      expect(await c.logs(p.metadata.name ?? '')).toBe(`index=${ix}\n`);
    }
    expect(c.list('Pod')).toHaveLength(6);
    expect(withFinalizer(c)).toEqual([]);
    await c.close();
  });

  it('podFailurePolicy FailJob on exit code 42 fails the Job at once with the upstream message (§I.6)', async () => {
    const { c, elapsed } = cluster();
    c.apply(
      hello(['sh', '-c', 'exit 42'], 'Never', {
        backoffLimit: 6,
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'hello', operator: 'In', values: [42] } }] },
      }),
    );
    await c.runUntil(jobDone('hello'), { timeout: '1m' });
    const pod = c.list('Pod')[0]!;
    const message = `Container hello for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(cond(c.get('Job', 'hello'), 'Failed')).toMatchObject({ reason: 'PodFailurePolicy', message });
    expect(elapsed()).toBeLessThan(5);
    expect(c.list('Pod')).toHaveLength(1);
    expect(withFinalizer(c)).toEqual([]);
    await c.close();
  });

  it('podFailurePolicy Ignore on DisruptionTarget does not count an evicted pod (§I.6, §L.5)', async () => {
    const { c } = cluster(2, (rt) =>
      rt.defineProgram('work', async (ctx) => {
        let stop: (code: number) => void = () => {};
        const stopped = new Promise<number>((resolve) => (stop = resolve));
        ctx.onSignal(() => stop(143));
        return Promise.race([stopped, ctx.sleep(20_000).then(() => 0)]);
      }),
    );
    c.apply(
      hello(['work'], 'Never', {
        backoffLimit: 0,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      }),
    );
    await c.runUntil((x) => x.list('Pod').some((p) => p.status?.phase === 'Running'), { timeout: '1m' });
    const victim = c.list('Pod')[0]!;
    let last = victim;
    c.watch('Pod').subscribe((ev) => void (ev.object.metadata.uid === victim.metadata.uid && (last = ev.object)));
    const node = c.get('Node', victim.spec.nodeName ?? '');
    c.store.update({ ...node, spec: { ...node.spec, taints: [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }] } });
    await c.runUntil(jobDone('hello'), { timeout: '5m' });
    const job = c.get('Job', 'hello');
    expect(cond(job, 'Complete')).toBeDefined();
    expect(job.status).toMatchObject({ failed: 0, succeeded: 1 });
    expect(c.events({ kind: 'Job', name: 'hello' }).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(2);
    const evicted = last;
    expect(evicted.status?.conditions?.find((x) => x.type === 'DisruptionTarget')?.status).toBe('True');
    expect(evicted.status?.phase).toBe('Failed');
    await c.runUntil((x) => withFinalizer(x).length === 0 && x.tryGet('Pod', victim.metadata.name ?? '') === undefined, { timeout: '2m' });
    await c.close();
  });

  it('activeDeadlineSeconds 30 with a sleeping pod: DeadlineExceeded at 30 s and the pod is killed (§I.3.3e, §I.3.6)', async () => {
    const { c, elapsed } = cluster();
    c.apply(hello(['sleep', '3600'], 'Never', { activeDeadlineSeconds: 30 }));
    await c.runUntil((x) => cond(x.get('Job', 'hello'), 'FailureTarget') !== undefined, { timeout: '1m' });
    expect(elapsed()).toBe(30);
    expect(cond(c.get('Job', 'hello'), 'FailureTarget')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    const pod = c.list('Pod')[0]!;
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    // Failed is added once the pod has terminated (sleep ignores SIGTERM: killed after its 30 s grace).
    await c.runUntil(jobDone('hello'), { timeout: '2m' });
    expect(cond(c.get('Job', 'hello'), 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', lastTransitionTime: '2024-01-01T00:01:00Z' });
    expect(c.get('Job', 'hello').status).toMatchObject({ failed: 1, active: 0, terminating: 0 });
    await c.runUntil((x) => x.list('Pod').length === 0, { timeout: '1m' });
    await c.close();
  });

  it('ttlSecondsAfterFinished 60 deletes the Job and its pods 60 s after completion (§I.9)', async () => {
    const { c, clock, elapsed } = cluster();
    c.apply(hello(['sh', '-c', 'sleep 5'], 'Never', { ttlSecondsAfterFinished: 60 }));
    await c.runUntil(jobDone('hello'), { timeout: '1m' });
    const done = elapsed();
    expect(done).toBe(5);
    expect(c.list('Pod')).toHaveLength(1);
    await clock.advance(59_999);
    expect(c.tryGet('Job', 'hello')).toBeDefined();
    await c.runUntil((x) => x.tryGet('Job', 'hello') === undefined, { timeout: '1m' });
    expect(elapsed()).toBe(done + 60);
    expect(c.list('Pod')).toEqual([]);
    await c.close();
  });
});
