// One pair of log methods with one set of options for every owner of logs (§Y.3): `logs` (a
// promise of the text) and `logStream` (the lines as they come), as `kubectl logs` and pods/log.
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createCluster, PodController, type LogLine, type Pod, type PodLogOptions } from 'podkit';
import { createTestCluster, FakeRuntime, newPod, VirtualClock } from 'podkit/testing';
import { logOptions } from '../../src/server/pod-logs.js';

const START = Date.parse('2026-01-01T00:00:00Z');

/** `app` prints one line at 0 s, 10 s and 20 s, then exits 1 (and is restarted); `side` prints once and sleeps. */
function chattyPod(nodeName?: string): Pod {
  return newPod({
    name: 'web',
    spec: {
      ...(nodeName === undefined ? {} : { nodeName }),
      terminationGracePeriodSeconds: 0,
      containers: [
        { name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo one; sleep 10; echo two; sleep 10; echo three; sleep 10; exit 1'] },
        { name: 'side', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo side; sleep 86400'] },
      ],
    },
  });
}

interface Owner {
  logs(pod: string, options?: PodLogOptions): Promise<string>;
  logStream(pod: string, options?: PodLogOptions): Observable<LogLine>;
  readonly clock: VirtualClock;
  /** The time `app` printed `one` (its container start). */
  started(): number;
  close(): Promise<void>;
}

function startedAt(pod: Pod | undefined): number {
  return Date.parse(pod?.status?.containerStatuses?.find((s) => s.name === 'app')?.state?.running?.startedAt ?? '');
}

async function podController(): Promise<Owner> {
  const clock = new VirtualClock({ start: START });
  const kubelet = new PodController({ runtime: new FakeRuntime({ clock }), clock, nodeName: 'node-1' });
  kubelet.run(chattyPod());
  await clock.advance('1s');
  const t0 = startedAt(kubelet.get('web'));
  return { logs: (p, o) => kubelet.logs(p, o), logStream: (p, o) => kubelet.logStream(p, o), clock, started: () => t0, close: () => kubelet.close() };
}

async function cluster(): Promise<Owner> {
  const clock = new VirtualClock({ start: START });
  const c = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  c.store.create(chattyPod('node-1'));
  await c.advance('1s');
  const t0 = startedAt(c.get('Pod', 'web'));
  return { logs: (p, o) => c.logs(p, o), logStream: (p, o) => c.logStream(p, o), clock, started: () => t0, close: () => c.close() };
}

async function testCluster(): Promise<Owner> {
  const t = createTestCluster({ nodes: 1, clock: new VirtualClock({ start: START }) });
  t.store.create(chattyPod('node-1'));
  await t.advance('1s');
  const t0 = startedAt(t.get('Pod', 'web'));
  return { logs: (p, o) => t.logs(p, o), logStream: (p, o) => t.logStream(p, o), clock: t.clock, started: () => t0, close: () => t.close() };
}

const OWNERS: ReadonlyArray<readonly [string, () => Promise<Owner>]> = [
  ['PodController', podController],
  ['Cluster', cluster],
  ['TestCluster', testCluster],
];

describe.each(OWNERS)('%s logs and logStream (§Y.3)', (_name, make) => {
  it('default to the pod\'s first container; `container` picks another; an unknown one is invalid_argument naming the choices', async () => {
    const o = await make();
    await o.clock.advance('15s');
    expect(await o.logs('web')).toBe('one\ntwo\n');
    expect(await o.logs('web', { container: 'side' })).toBe('side\n');
    await expect(o.logs('web', { container: 'nope' })).rejects.toMatchObject({ code: 'invalid_argument', message: 'container nope is not valid for pod web: choose one of: [app side]' });
    expect(() => o.logStream('web', { container: 'nope' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    await expect(o.logs('missing')).rejects.toMatchObject({ code: 'not_found' });
    await o.close();
  });

  it('logStream gives the same lines as logs, each with its time', async () => {
    const o = await make();
    await o.clock.advance('15s');
    const lines = await lastValueFrom(o.logStream('web').pipe(toArray()));
    expect(lines.map((l) => [l.text, l.time - o.started()])).toEqual([
      ['one', 0],
      ['two', 10_000],
    ]);
    await o.close();
  });

  it('tailLines keeps the last N lines; a negative one is invalid_argument', async () => {
    const o = await make();
    await o.clock.advance('25s');
    expect(await o.logs('web', { tailLines: 2 })).toBe('two\nthree\n');
    expect(await o.logs('web', { tailLines: 0 })).toBe('');
    await expect(o.logs('web', { tailLines: -1 })).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'tailLines' } });
    await o.close();
  });

  it('sinceSeconds counts back from the owner\'s clock; sinceTime is an RFC 3339 time; both at once is invalid_argument', async () => {
    const o = await make();
    await o.clock.advance('25s');
    // Now: 25 s after app's start (+1 s of setup); lines at +0, +10, +20.
    const elapsed = (o.clock.now() - o.started()) / 1000;
    const toPlus15 = Math.floor(elapsed - 15);
    expect(await o.logs('web', { sinceSeconds: toPlus15 })).toBe('three\n');
    expect(await o.logs('web', { sinceSeconds: toPlus15 + 10 })).toBe('two\nthree\n');
    expect(await o.logs('web', { sinceTime: new Date(o.started() + 10_000).toISOString() })).toBe('two\nthree\n');
    expect(await o.logs('web', { sinceTime: new Date(o.started() + 10_001).toISOString() })).toBe('three\n');
    await expect(o.logs('web', { sinceSeconds: 5, sinceTime: new Date(START).toISOString() })).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'sinceSeconds' } });
    await expect(o.logs('web', { sinceSeconds: 0 })).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'sinceSeconds' } });
    await expect(o.logs('web', { sinceTime: 'yesterday' })).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'sinceTime' } });
    await o.close();
  });

  it('timestamps prefixes each line with its RFC 3339 nanosecond time, as the pods/log API does', async () => {
    const o = await make();
    await o.clock.advance('5s');
    const at = new Date(o.started()).toISOString().slice(0, 23);
    expect(await o.logs('web', { timestamps: true })).toBe(`${at}000000Z one\n`);
    await o.close();
  });

  it('previous gives the instance before the restart; without one it is not_found', async () => {
    const o = await make();
    await expect(o.logs('web', { previous: true })).rejects.toMatchObject({ code: 'not_found' });
    // app exits at +30 s and is restarted at once (the back-off starts with the second restart, §D.3).
    await o.clock.advance('35s');
    expect(await o.logs('web', { previous: true })).toBe('one\ntwo\nthree\n');
    expect(await o.logs('web')).toBe('one\n');
    await o.close();
  });

  it('follow: logStream emits new lines as they come and completes when the container exits; logs resolves then', async () => {
    const o = await make();
    const seen: string[] = [];
    let done = false;
    o.logStream('web', { follow: true }).subscribe({ next: (l) => seen.push(l.text), complete: () => (done = true) });
    const text = o.logs('web', { follow: true });
    let resolved = false;
    void text.then(() => (resolved = true));
    await o.clock.advance('5s');
    expect(seen).toEqual(['one']);
    await o.clock.advance('10s');
    expect(seen).toEqual(['one', 'two']);
    expect([done, resolved]).toEqual([false, false]);
    await o.clock.advance('20s');
    expect(seen).toEqual(['one', 'two', 'three']);
    expect(done).toBe(true);
    expect(await text).toBe('one\ntwo\nthree\n');
    await o.close();
  });
});

describe('pods/log (the API server) checks its options like every other owner of logs (§Y.3)', () => {
  const query = (q: string) => () => logOptions('default', new URLSearchParams(q));

  it.each([
    ['tailLines=-1', 'tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ['sinceSeconds=0', 'sinceSeconds: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z', 'sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ['sinceTime=yesterday', 'sinceTime: Invalid value: "yesterday": expected an RFC 3339 time such as "2024-01-02T15:04:05Z"'],
  ])('%s answers 400 with the message the PodController rejects it with', async (q, message) => {
    expect(query(q)).toThrow(expect.objectContaining({ code: 400, message }));
    const clock = new VirtualClock({ start: START });
    const kubelet = new PodController({ runtime: new FakeRuntime({ clock }), clock, nodeName: 'node-1' });
    kubelet.run(chattyPod());
    await clock.advance('1s');
    const parsed = Object.fromEntries([...new URLSearchParams(q)].map(([k, v]) => [k, k === 'sinceTime' ? v : Number(v)]));
    await expect(kubelet.logs('web', parsed)).rejects.toMatchObject({ code: 'invalid_argument', message });
    await kubelet.close();
  });

  it('passes the options through under their own names', () => {
    expect(query('container=side&previous=true&follow=true&timestamps=true&tailLines=3&sinceTime=2026-01-01T00:00:00Z')()).toEqual({
      namespace: 'default',
      container: 'side',
      previous: true,
      follow: true,
      timestamps: true,
      tailLines: 3,
      sinceTime: '2026-01-01T00:00:00Z',
    });
  });
});
