// The CronJob scenarios on createCluster: VirtualClock, FakeRuntime nodes, the built-in Job
// controller running the pods (§Q).
import { describe, expect, it } from 'vitest';
import { createCluster, type CronJob, type Job } from 'podkit';
import { CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION } from 'podkit/model';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const MIN = 60_000;
const HOUR = 60 * MIN;

function cluster() {
  const clock = new VirtualClock();
  const c = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  return { c, clock };
}

const manifest = (name: string, schedule: string, command: string, extra = ''): string => `
apiVersion: batch/v1
kind: CronJob
metadata: { name: ${name} }
spec:
  schedule: "${schedule}"
${extra}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: work, image: busybox:1.36, command: [sh, -c, '${command}'] }]
`;

const complete = (j: Job): boolean => j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true;

describe('CronJob controller on createCluster (acceptance)', () => {
  it('*/5 * * * * for a virtual day: exactly 288 Jobs, each run by a pod; 3 successful kept; no time fires twice (§Q.5, §Q.7, §Q.8)', async () => {
    const { c, clock } = cluster();
    const names: string[] = [];
    const stamps = new Set<string>();
    const violations: string[] = [];
    const sub = c.store.watch('Job').subscribe((ev) => {
      if (ev.type !== 'Added') return;
      const stamp = ev.object.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION] ?? '';
      if (names.includes(ev.object.metadata.name ?? '') || stamps.has(stamp)) violations.push(`fired twice: ${ev.object.metadata.name}`);
      names.push(ev.object.metadata.name ?? '');
      stamps.add(stamp);
    });
    c.apply(manifest('every5', '*/5 * * * *', 'echo tick; sleep 30'));
    await clock.advance(24 * HOUR + 1000);
    sub.unsubscribe();
    expect(violations).toEqual([]);
    expect(names).toHaveLength(288);
    const jobs = c.list('Job');
    expect(jobs.filter(complete).map((j) => j.metadata.name)).toEqual(names.slice(284, 287));
    // The Jobs' pods went with them (Background propagation): only the last 4 Jobs' pods remain.
    expect(new Set(c.list('Pod').map((p) => p.metadata.ownerReferences?.[0]?.name))).toEqual(new Set(names.slice(284)));
    const cj = c.get('CronJob', 'every5') as CronJob;
    expect(cj.status?.lastScheduleTime).toBe('2024-01-02T00:00:00Z');
    expect(cj.status?.active?.map((r) => r.name)).toEqual([names[287]]);
    // kubectl get cronjobs
    expect(c.formatTable('CronJob').split('\n')).toEqual([
      'NAME     SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
      'every5   */5 * * * *   <none>     False     1        1s              24h',
    ]);
    await c.close();
  }, 60_000);

  it('Forbid keeps one Job at a time while each runs longer than the period (§Q.4)', async () => {
    const { c, clock } = cluster();
    c.apply(manifest('slow', '*/5 * * * *', 'sleep 420', '  concurrencyPolicy: Forbid\n'));
    let maxActive = 0;
    for (let i = 0; i < 60; i++) {
      await clock.advance(MIN);
      const running = c.list('Job').filter((j) => !complete(j));
      maxActive = Math.max(maxActive, running.length);
    }
    expect(maxActive).toBe(1);
    expect(c.list('Job').length).toBeGreaterThan(3);
    await c.close();
  }, 60_000);

  it('Replace deletes the running Job (and its pod) when the next time comes (§Q.4)', async () => {
    const { c, clock } = cluster();
    c.apply(manifest('rep', '*/5 * * * *', 'sleep 3600', '  concurrencyPolicy: Replace\n'));
    await clock.advance(5 * MIN + 5000);
    const first = c.list('Job')[0]!.metadata.name;
    await clock.advance(5 * MIN + 40_000);
    const jobs = c.list('Job').map((j) => j.metadata.name);
    expect(jobs).not.toContain(first);
    expect(jobs).toHaveLength(1);
    expect(c.list('Pod').every((p) => p.metadata.ownerReferences?.[0]?.name === jobs[0])).toBe(true);
    await c.close();
  }, 60_000);
});
