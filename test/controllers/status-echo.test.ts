import { describe, expect, it } from 'vitest';
import { MemoryStore, type ReplicaSet, type WatchEvent } from 'podkit';
import { VirtualClock } from 'podkit/testing';
import { StatusEchoFilter } from '../../src/controllers/status-echo.js';

const rs: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
};

describe('StatusEchoFilter', () => {
  it('recognises the echo of its own status write, delivered during the write', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const echoes = new StatusEchoFilter();
    const verdicts: boolean[] = [];
    const cur = store.create(rs);
    store.watch('ReplicaSet').subscribe((e) => verdicts.push(echoes.isEcho(e as WatchEvent<ReplicaSet>)));
    verdicts.length = 0;
    const status = { replicas: 1 };
    const stored = echoes.write(cur, status, () => store.updateStatus({ ...cur, status }));
    expect(verdicts).toEqual([true]);
    expect(echoes.isEcho({ type: 'Modified', object: stored })).toBe(true);
  });

  it('does not take other writes for echoes', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const echoes = new StatusEchoFilter();
    const verdicts: boolean[] = [];
    const cur = store.create(rs);
    store.watch('ReplicaSet').subscribe((e) => verdicts.push(echoes.isEcho(e as WatchEvent<ReplicaSet>)));
    verdicts.length = 0;
    const mine = echoes.write(cur, { replicas: 1 }, () => store.updateStatus({ ...cur, status: { replicas: 1 } }));
    store.updateStatus({ ...mine, status: { replicas: 2 } });
    store.update({ ...store.get('ReplicaSet', 'web'), spec: { ...rs.spec, replicas: 3 } });
    expect(verdicts).toEqual([true, false, false]);
  });
});
