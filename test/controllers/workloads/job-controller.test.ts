import { describe, expect, it } from 'vitest';
import { createJobController, type Job } from 'podkit';
import { JOB_TRACKING_FINALIZER } from 'podkit/model';
import { newPod } from 'podkit/testing';
import { env, fakeKubelet, finishPod, newJob, podsOf, run, runPod, type Env } from './helpers.js';

const jobOf = (e: Env, name: string): Job => e.store.get('Job', name, 'default');
const condition = (job: Job, type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');

describe('createJobController (bare store, statuses by hand)', () => {
  it('creates parallelism pods carrying the tracking finalizer and a controllerRef, and reports them active (§I.2, §I.4)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(newJob('pi', { parallelism: 3, completions: 5 }));
    await e.clock.advance(0);
    const pods = podsOf(e.store, 'pi');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.finalizers).toContain(JOB_TRACKING_FINALIZER);
      expect(p.metadata.generateName).toBe('pi-');
    }
    expect(jobOf(e, 'pi').status?.active).toBe(3);
    expect(jobOf(e, 'pi').status?.startTime).toBe('2024-01-01T00:00:00Z');
    expect(e.recorder.list().filter((ev) => ev.reason === 'SuccessfulCreate')).toHaveLength(3);
    await ctrl.stop();
  });

  it('replaces failed pods after 10 s, 20 s, 40 s and fails with BackoffLimitExceeded after the fourth failure (§I.3.3d, §I.5)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(newJob('hello', { backoffLimit: 3 }, ['sh', '-c', 'exit 1']));
    const created: number[] = [];
    // Each pod fails 1 s after it is created (the kubelet's part, by hand).
    e.store.watch('Pod').subscribe((ev) => {
      if (ev.type !== 'Added') return;
      created.push(e.elapsed());
      e.clock.setTimeout(() => finishPod(e, ev.object, 1), 1_000);
    });
    await e.clock.advance('5m');
    expect(created).toEqual([0, 11, 32, 73]);
    const job = jobOf(e, 'hello');
    expect(condition(job, 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(condition(job, 'Failed')?.message).toBe('Job has reached the specified backoff limit');
    expect(job.status?.failed).toBe(4);
    // Nothing leaks: every pod lost its tracking finalizer.
    expect(podsOf(e.store, 'hello').filter((p) => p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER))).toEqual([]);
    await ctrl.stop();
  });

  it('does not create the replacement before the back-off elapsed (§I.5)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(newJob('b', { backoffLimit: 3 }));
    await e.clock.advance(0);
    finishPod(e, podsOf(e.store, 'b')[0]!, 1);
    await e.clock.advance(9_999);
    expect(podsOf(e.store, 'b')).toHaveLength(1);
    await e.clock.advance(1);
    expect(podsOf(e.store, 'b')).toHaveLength(2);
    await ctrl.stop();
  });

  it('fails an OnFailure Job once restarts of its running pods reach backoffLimit (§I.3.3d)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    fakeKubelet(e);
    const job = newJob('onf', { backoffLimit: 3 });
    e.store.create({ ...job, spec: { ...job.spec, template: { spec: { ...job.spec.template.spec, restartPolicy: 'OnFailure' } } } });
    await e.clock.advance(0);
    const pod = podsOf(e.store, 'onf')[0]!;
    runPod(e, pod, 2);
    await e.clock.advance(0);
    expect(condition(jobOf(e, 'onf'), 'Failed')).toBeUndefined();
    runPod(e, pod, 3);
    await e.clock.advance(0);
    const j = jobOf(e, 'onf');
    expect(condition(j, 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(e.store.list('Pod')).toEqual([]);
    await ctrl.stop();
  });

  it('runs an Indexed Job to completedIndexes "0-4" with at most parallelism pods active (§I.4, §I.7)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(newJob('idx', { completions: 5, parallelism: 2, completionMode: 'Indexed' }));
    let maxActive = 0;
    let failedThree = false;
    for (let round = 0; round < 20 && condition(jobOf(e, 'idx'), 'Complete') === undefined; round++) {
      await e.clock.advance('10s');
      const active = podsOf(e.store, 'idx').filter((p) => p.status?.phase === 'Pending');
      maxActive = Math.max(maxActive, active.length);
      for (const p of active) {
        const ix = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
        expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(ix);
        expect(p.spec.hostname).toBe(`idx-${ix}`);
        expect(p.spec.containers[0]?.env?.find((v) => v.name === 'JOB_COMPLETION_INDEX')).toBeDefined();
        if (ix === '3' && !failedThree) {
          failedThree = true;
          finishPod(e, p, 1);
        } else finishPod(e, p, 0);
      }
    }
    const job = jobOf(e, 'idx');
    expect(condition(job, 'Complete')?.reason).toBe('CompletionsReached');
    expect(job.status?.completedIndexes).toBe('0-4');
    expect(job.status?.succeeded).toBe(5);
    expect(job.status?.failed).toBe(1);
    expect(maxActive).toBeLessThanOrEqual(2);
    expect(failedThree).toBe(true);
    await ctrl.stop();
  });

  it('fails at once on a FailJob exit-code rule, with the upstream message (§I.6)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(
      newJob('pfp', {
        parallelism: 2,
        completions: 2,
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
      }),
    );
    fakeKubelet(e);
    await e.clock.advance(0);
    const [a] = podsOf(e.store, 'pfp');
    finishPod(e, a!, 42);
    await e.clock.advance('1s');
    const job = jobOf(e, 'pfp');
    const msg = `Container c for pod default/${a!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(condition(job, 'FailureTarget')?.message).toBe(msg);
    expect(condition(job, 'Failed')?.reason).toBe('PodFailurePolicy');
    expect(condition(job, 'Failed')?.message).toBe(msg);
    expect(e.store.list('Pod').filter((p) => p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER))).toEqual([]);
    await ctrl.stop();
  });

  it('does not count a pod failure matching an Ignore rule on DisruptionTarget (§I.6)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(
      newJob('ign', { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }),
    );
    await e.clock.advance(0);
    const [a] = podsOf(e.store, 'ign');
    finishPod(e, a!, 137, { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager' }] });
    await e.clock.advance('10s');
    const job = jobOf(e, 'ign');
    // backoffLimit 0: a counted failure would have failed the Job.
    expect(condition(job, 'Failed')).toBeUndefined();
    expect(condition(job, 'FailureTarget')).toBeUndefined();
    expect(job.status?.failed ?? 0).toBe(0);
    expect(podsOf(e.store, 'ign')).toHaveLength(2);
    await ctrl.stop();
  });

  it('fails with DeadlineExceeded at activeDeadlineSeconds and kills the running pod (§I.3.3e)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    fakeKubelet(e);
    e.store.create(newJob('dl', { activeDeadlineSeconds: 30 }, ['sleep', '3600']));
    await e.clock.advance(0);
    runPod(e, podsOf(e.store, 'dl')[0]!);
    await e.clock.advance(29_999);
    expect(condition(jobOf(e, 'dl'), 'Failed')).toBeUndefined();
    await e.clock.advance(1);
    const job = jobOf(e, 'dl');
    expect(condition(job, 'Failed')?.reason).toBe('DeadlineExceeded');
    expect(condition(job, 'Failed')?.lastTransitionTime).toBe('2024-01-01T00:00:30Z');
    expect(e.store.list('Pod')).toEqual([]);
    expect(job.status?.failed).toBe(1);
    await ctrl.stop();
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished after completion (§I.9)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    fakeKubelet(e);
    e.store.create(newJob('ttl', { ttlSecondsAfterFinished: 60 }));
    await e.clock.advance(0);
    await e.clock.advance('5s');
    finishPod(e, podsOf(e.store, 'ttl')[0]!, 0);
    await e.clock.advance(0);
    expect(condition(jobOf(e, 'ttl'), 'Complete')?.lastTransitionTime).toBe('2024-01-01T00:00:05Z');
    expect(podsOf(e.store, 'ttl')).toHaveLength(1);
    await e.clock.advance(59_999);
    expect(e.store.tryGet('Job', 'ttl', 'default')).toBeDefined();
    await e.clock.advance(1);
    expect(e.store.tryGet('Job', 'ttl', 'default')).toBeUndefined();
    expect(e.store.list('Pod')).toEqual([]);
    await ctrl.stop();
  });

  it('removes the tracking finalizer of pods whose Job was deleted, so none stays forever (upstream syncOrphanPod)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    fakeKubelet(e);
    e.store.create(newJob('gone', { parallelism: 2, completions: 4 }, ['sleep', '3600']));
    await e.clock.advance(0);
    for (const p of podsOf(e.store, 'gone')) runPod(e, p);
    e.store.delete('Job', 'gone', { namespace: 'default' });
    await e.clock.advance('1s');
    expect(e.store.list('Pod')).toEqual([]);
    await ctrl.stop();
  });

  it('suspending deletes the active pods and sets Suspended; resuming recreates them (§I.3.5, §I.4)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    fakeKubelet(e);
    e.store.create(newJob('sus', { parallelism: 2, completions: 2 }, ['sleep', '3600']));
    await e.clock.advance(0);
    const job = jobOf(e, 'sus');
    e.store.update({ ...job, spec: { ...job.spec, suspend: true } });
    await e.clock.advance('1s');
    expect(e.store.list('Pod')).toEqual([]);
    expect(condition(jobOf(e, 'sus'), 'Suspended')?.reason).toBe('JobSuspended');
    const j2 = jobOf(e, 'sus');
    e.store.update({ ...j2, spec: { ...j2.spec, suspend: false } });
    await e.clock.advance('1s');
    expect(podsOf(e.store, 'sus')).toHaveLength(2);
    expect(jobOf(e, 'sus').status?.conditions?.find((c) => c.type === 'Suspended')?.reason).toBe('JobResumed');
    // Suspension deleted pods without counting them as failed.
    expect(jobOf(e, 'sus').status?.failed ?? 0).toBe(0);
    await ctrl.stop();
  });

  it('adopts a matching orphan pod instead of creating one, adding the tracking finalizer (§H.6)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    const orphan = newPod({ name: 'stray', labels: { app: 'adopt' }, spec: { restartPolicy: 'Never' } });
    e.store.create(orphan);
    const job = e.store.create(
      newJob('adopt', {
        manualSelector: true,
        selector: { matchLabels: { app: 'adopt' } },
        template: { metadata: { labels: { app: 'adopt' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } },
      }),
    );
    await e.clock.advance(0);
    expect(e.store.list('Pod').map((p) => p.metadata.name)).toEqual(['stray']);
    const stray = e.store.get('Pod', 'stray', 'default');
    expect(stray.metadata.ownerReferences?.[0]?.uid).toBe(job.metadata.uid);
    expect(stray.metadata.finalizers).toContain(JOB_TRACKING_FINALIZER);
    expect(jobOf(e, 'adopt').status?.active).toBe(1);
    await ctrl.stop();
  });

  it('removes the tracking finalizer from pods orphaned by an Orphan-propagation delete (upstream syncOrphanPod)', async () => {
    const e = env();
    const ctrl = run(e, createJobController());
    e.store.create(newJob('orph', { parallelism: 2, completions: 2 }, ['sleep', '3600']));
    await e.clock.advance(0);
    e.store.delete('Job', 'orph', { namespace: 'default', propagationPolicy: 'Orphan' });
    await e.clock.advance(0);
    const pods = e.store.list('Pod');
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.ownerReferences ?? []).toEqual([]);
      expect(p.metadata.finalizers ?? []).not.toContain(JOB_TRACKING_FINALIZER);
    }
    await ctrl.stop();
  });

  it('syncs a Job once for a burst of 20 pod updates in one instant, not once per update', async () => {
    const e = env();
    let syncs = 0;
    const counting = new Proxy(e.store, {
      get(target, prop) {
        if (prop === 'tryGet') {
          return (...args: Parameters<typeof target.tryGet>) => {
            if (args[0] === 'Job') syncs++;
            return target.tryGet(...args);
          };
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const ctrl = createJobController();
    ctrl.start({ store: counting, clock: e.clock, recorder: e.recorder });
    e.store.create(newJob('burst', { parallelism: 20, completions: 20 }));
    await e.clock.advance(0);
    const before = syncs;
    e.clock.setTimeout(() => {
      for (const p of podsOf(e.store, 'burst')) finishPod(e, p, 0);
    }, 1_000);
    await e.clock.advance('1s');
    // One sync counts the 20 pods; its own Job and pod writes wake it twice more (nothing to do).
    expect(syncs - before).toBeLessThanOrEqual(3);
    expect(condition(jobOf(e, 'burst'), 'Complete')).toBeDefined();
    expect(jobOf(e, 'burst').status?.succeeded).toBe(20);
    await ctrl.stop();
  });
});
