import { describe, expect, it } from 'vitest';
import { MemoryStore, PodController } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { pod, sh } from './helpers.js';

describe('PodController memory in store mode', () => {
  it('shares the store copy of a pod status once written, instead of keeping a second copy per pod', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const store = new MemoryStore({ clock });
    const runtime = new FakeRuntime({ clock, recordCalls: false });
    const kubelet = new PodController({ runtime, clock, nodeName: 'node-1', store });
    const p = pod('web', [sh('app', 'sleep 3600')]);
    store.create({ ...p, spec: { ...p.spec, nodeName: 'node-1' } });
    await clock.advance('2s');
    const stored = store.get('Pod', 'web');
    expect(stored.status?.phase).toBe('Running');
    expect(kubelet.get('web')?.status).toBe(stored.status);
    await kubelet.close();
  });
});
