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
    const rec = new EventRecorder({ clock: new VirtualClock(), component: 'kubelet', limit: 100, correlation: false });
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

// client-go tools/record/events_cache.go: the EventCorrelator every kubelet and controller
// manager records through (events_cache_test.go TestEventCorrelator, TestEventSpamFilter).
describe('EventRecorder correlation (client-go EventCorrelator)', () => {
  const at = (clock: VirtualClock) => new EventRecorder({ clock, component: 'kubelet', host: 'node-1' });
  const failed = (i: number) => ({ involvedObject: pod, type: 'Warning' as const, reason: 'FailedMount', message: `volume v${i} not found` });

  it('keeps the first 9 distinct messages of one reason apart and combines from the 10th on (maxEvents 10 in 600 s)', () => {
    const rec = at(new VirtualClock({ start: '2024-01-01T00:00:00Z' }));
    for (let i = 1; i <= 9; i++) expect(rec.record(failed(i))?.message).toBe(`volume v${i} not found`);
    expect(rec.list()).toHaveLength(9);
    const combined = rec.record(failed(10));
    expect(combined).toMatchObject({ message: '(combined from similar events): volume v10 not found', count: 1, reason: 'FailedMount', type: 'Warning' });
    const again = rec.record(failed(11));
    expect(again).toMatchObject({ message: '(combined from similar events): volume v11 not found', count: 2, metadata: { name: combined?.metadata.name } });
    expect(rec.list()).toHaveLength(10);
  });

  it('counts distinct messages afresh once 600 s pass without a similar event', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const rec = at(clock);
    for (let i = 1; i <= 9; i++) rec.record(failed(i));
    await clock.advance('601s');
    expect(rec.record(failed(10))?.message).toBe('volume v10 not found');
  });

  it('does not combine events that differ in reason or object', () => {
    const rec = at(new VirtualClock());
    for (let i = 1; i <= 12; i++) {
      rec.record({ involvedObject: { ...pod, name: `p${i}` }, type: 'Warning', reason: 'FailedMount', message: `m${i}` });
      rec.record({ involvedObject: pod, type: 'Normal', reason: `R${i}`, message: `m${i}` });
    }
    expect(rec.list().filter((e) => e.message.startsWith('(combined'))).toHaveLength(0);
  });

  it('lets one source send 25 events about an object, then one per 5 minutes (spam filter burst 25, qps 1/300)', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const rec = at(clock);
    const event = (i: number) => ({ involvedObject: pod, type: 'Normal' as const, reason: `Reason${i}`, message: 'm' });
    for (let i = 1; i <= 25; i++) expect(rec.record(event(i))).toBeDefined();
    expect(rec.record(event(26))).toBeUndefined();
    expect(rec.list()).toHaveLength(25);
    // Another object, and another source about the same object, have budgets of their own.
    expect(rec.record({ ...event(27), involvedObject: { ...pod, name: 'other' } })).toBeDefined();
    expect(new EventRecorder({ clock, component: 'default-scheduler' }).record(event(28))).toBeDefined();
    await clock.advance('299s');
    expect(rec.record(event(29))).toBeUndefined();
    await clock.advance('1s');
    expect(rec.record(event(30))).toBeDefined();
    expect(rec.record(event(31))).toBeUndefined();
  });

  it('still counts a dropped repeat, so the next recorded one shows the full count', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const rec = at(clock);
    const backOff = { involvedObject: pod, type: 'Warning' as const, reason: 'BackOff', message: 'Back-off restarting failed container' };
    for (let i = 1; i <= 30; i++) rec.record(backOff);
    expect(rec.list()).toEqual([expect.objectContaining({ count: 25 })]);
    await clock.advance('5m');
    expect(rec.record(backOff)).toMatchObject({ count: 31, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:05:00Z' });
  });

  it('records every event with correlation: false (only exact repeats are counted)', () => {
    const rec = new EventRecorder({ clock: new VirtualClock(), component: 'kubelet', correlation: false });
    for (let i = 1; i <= 40; i++) rec.record(failed(i));
    expect(rec.list()).toHaveLength(40);
    expect(rec.list().some((e) => e.message.startsWith('(combined'))).toBe(false);
  });

  it('takes other budgets (burst, qps, maxEvents, maxIntervalSeconds)', () => {
    const rec = new EventRecorder({ clock: new VirtualClock(), component: 'c', correlation: { burst: 2, maxEvents: 3 } });
    expect(rec.record(failed(1))).toBeDefined();
    expect(rec.record(failed(2))).toBeDefined();
    expect(rec.record(failed(3))).toBeUndefined();
  });
});
