import { describe, expect, it } from 'vitest';
import type { Pod } from 'podkit';
import { pod, setup, sh } from './helpers.js';

describe('PodController probes in a steady state', () => {
  it('runs a passing readiness probe every period without touching the pod or waking watchers once Ready (§E.3)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } })]));
    await s.until(1);
    const ready = s.ctrl.get('web')!;
    expect(ready.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const seen: Pod[] = [];
    const sub = s.ctrl.watch('web').subscribe((p) => seen.push(p));
    const before = seen.length;
    s.runtime.clearCalls();
    await s.until(601);
    sub.unsubscribe();
    expect(s.runtime.calls.filter((c) => c.method === 'exec').map((c) => (c.time - s.t0) / 1000)).toEqual(Array.from({ length: 60 }, (_, i) => 10 * (i + 1)));
    expect(s.ctrl.get('web')).toBe(ready);
    expect(seen.length).toBe(before);
    expect(s.events('Unhealthy')).toEqual([]);
  });

  it('counts failures toward the threshold with a probe that exits non-zero synchronously, then recovers (§E.3)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { readinessProbe: { exec: { command: ['test', '-f', '/tmp/down'] }, periodSeconds: 10, failureThreshold: 2 } })]));
    await s.until(1);
    const readyAt = () => s.ctrl.get('web')!.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    expect(readyAt()).toBe('False');
    await s.ctrl.exec('web', 'app', ['touch', '/tmp/down']);
    await s.until(11);
    expect(readyAt()).toBe('True');
    await s.ctrl.exec('web', 'app', ['rm', '/tmp/down']);
    await s.until(21);
    expect(readyAt()).toBe('True'); // one failure: below failureThreshold 2
    await s.until(31);
    expect(readyAt()).toBe('False');
    expect(s.events('Unhealthy')[0]).toMatchObject({ count: 3, message: 'Readiness probe failed: ' }); // at 0 s, 20 s and 30 s
  });
});
