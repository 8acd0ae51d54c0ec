import { describe, expect, it } from 'vitest';
import { EventRecorder, type KubeEvent } from 'podkit';
import { VirtualClock } from 'podkit/testing';

const pod = { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1' };

describe('EventRecorder', () => {
  it('aggregates a repeated reason and message on one object into count and lastTimestamp', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const rec = new EventRecorder({ clock, component: 'kubelet', host: 'node-1' });
    rec.record({ involvedObject: pod, type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container app in pod web_default(u1)' });
    await clock.advance('30s');
    const second = rec.record({ involvedObject: pod, type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container app in pod web_default(u1)' });
    expect(second).toMatchObject({ count: 2, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:00:30Z', source: { component: 'kubelet', host: 'node-1' } });
    expect(rec.list()).toHaveLength(1);
  });

  it('keeps different reasons apart and streams every record', () => {
    const rec = new EventRecorder({ clock: new VirtualClock(), component: 'kubelet' });
    const seen: KubeEvent[] = [];
    const sub = rec.events$().subscribe((e) => seen.push(e));
    rec.record({ involvedObject: pod, type: 'Normal', reason: 'Pulling', message: 'Pulling image "busybox"' });
    rec.record({ involvedObject: pod, type: 'Normal', reason: 'Pulled', message: 'Successfully pulled image "busybox"' });
    sub.unsubscribe();
    expect(seen.map((e) => e.reason)).toEqual(['Pulling', 'Pulled']);
    expect(rec.list()).toHaveLength(2);
  });

  it('drops the oldest events beyond its limit', () => {
    const rec = new EventRecorder({ clock: new VirtualClock(), component: 'kubelet', limit: 2 });
    for (const reason of ['A', 'B', 'C']) rec.record({ involvedObject: pod, type: 'Normal', reason, message: reason });
    expect(rec.list().map((e) => e.reason)).toEqual(['B', 'C']);
  });
});

describe('EventRecorder at scale', () => {
  it('keeps order and the limit across many evictions and repeats', () => {
    const rec = new EventRecorder({ clock: new VirtualClock(), component: 'kubelet', limit: 100 });
    for (let i = 0; i < 5_000; i++) {
      rec.record({ involvedObject: { kind: 'Pod', name: `p${i}` }, type: 'Normal', reason: 'Started', message: 'm' });
      rec.record({ involvedObject: pod, type: 'Warning', reason: 'BackOff', message: 'again' });
    }
    const list = rec.list();
    expect(list).toHaveLength(100);
    expect(list.at(-1)).toMatchObject({ reason: 'BackOff', count: 5_000 });
    expect(list.at(-2)?.involvedObject.name).toBe('p4999');
    expect(list[0]?.involvedObject.name).toBe('p4901');
  });
});
