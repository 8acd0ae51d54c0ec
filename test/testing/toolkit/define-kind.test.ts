import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createController, defineKind, MemoryStore, parseManifests, PodkitError, setOwner } from 'podkit';
import { createTestCluster, newPod, VirtualClock } from 'podkit/testing';

const Widget = defineKind({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  schema: z.object({ size: z.number().int().min(1), color: z.string().default('blue') }),
  statusSchema: z.object({ pods: z.number().int().optional() }),
});

const WIDGET_YAML = `
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1}
spec: {size: 2}
`;

describe('defineKind', () => {
  it('makes every store accept and validate the kind, including stores created before', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const w = Widget.create(store, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3, color: 'red' } });
    expect(w.metadata).toMatchObject({ name: 'w1', namespace: 'default' });
    expect(Widget.get(store, 'w1').spec.size).toBe(3);
    expect(Widget.list(store).map((o) => o.metadata.name)).toEqual(['w1']);
    let err: unknown;
    try {
      Widget.create(store, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'Bad_Name' }, spec: { size: 0, color: 'x' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PodkitError);
    expect((err as PodkitError).message).toMatch(/spec\.size|metadata\.name/);
    expect(Widget.list(store)).toHaveLength(1);
  });

  it('treats status as a subresource when statusSchema is given', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const w = Widget.create(store, Widget.parse({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } }));
    Widget.update(store, { ...w, status: { pods: 5 } });
    expect(Widget.get(store, 'w').status?.pods).toBeUndefined();
    Widget.updateStatus(store, { ...w, status: { pods: 5 } });
    expect(Widget.get(store, 'w').status?.pods).toBe(5);
  });

  it('parseManifests accepts its YAML and applies the schema defaults', () => {
    const [w] = parseManifests(WIDGET_YAML) as unknown[];
    expect(Widget.parse(w).spec).toEqual({ size: 2, color: 'blue' });
  });

  it('returns the first definition when defined again with the same schema, and refuses another one', () => {
    expect(() => defineKind({ apiVersion: 'example.com/v1', kind: 'Widget', schema: z.object({}) })).toThrow(/already defined/);
    expect(() => defineKind({ apiVersion: 'example.com/v1', kind: 'Pod', schema: z.object({}) })).toThrow(/already registered/);
    expect(() => defineKind({ apiVersion: 'nogroup', kind: 'Gadget', schema: z.object({}) })).toThrow(/group\/version/);
  });

  it('works with cluster.apply, watches, createController owning pods, and garbage collection', async () => {
    const t = createTestCluster();
    try {
      const reconciled: string[] = [];
      t.addController(
        createController({
          name: 'widget-controller',
          for: Widget.storeKind,
          owns: ['Pod'],
          reconcile: ({ name, namespace }, ctx) => {
            reconciled.push(name);
            const w = Widget.tryGet(ctx.client, name, namespace);
            if (w === undefined) return;
            const pods = ctx.client.list('Pod', { namespace }).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === w.metadata.uid));
            if (pods.length < w.spec.size) ctx.client.create(setOwner(Widget.asStoreObject(w), newPod({ name: `${name}-${pods.length}`, uid: '' })));
            if ((w.status?.pods ?? -1) !== pods.length) Widget.updateStatus(ctx.client, { ...w, status: { pods: pods.length } });
          },
        }),
      );
      const seen: string[] = [];
      Widget.watch(t.store).subscribe((e) => seen.push(`${e.type}:${e.object.metadata.name ?? ''}`));
      t.apply(WIDGET_YAML);
      await t.runUntil((c) => Widget.get(c.store, 'w1').status?.pods === 2, { timeout: '1m' });
      expect(t.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['w1-0', 'w1-1']);
      expect(seen[0]).toBe('Added:w1');
      Widget.delete(t.store, 'w1');
      await t.runUntil((c) => c.list('Pod').length === 0, { timeout: '2m' });
      expect(seen.at(-1)).toBe('Deleted:w1');
    } finally {
      await t.close();
    }
  });

  it('records a reconcile error as a Warning Event on the custom object, without stopping other controllers', async () => {
    const t = createTestCluster({ recordKinds: ['Widget'] });
    try {
      t.addController(createController({ name: 'broken', for: Widget.storeKind, reconcile: () => { throw new Error('boom'); } }));
      t.apply(WIDGET_YAML);
      t.apply(newPod({ name: 'other', uid: '' }));
      await t.runUntil((c) => c.events({ kind: 'Widget', name: 'w1' }).some((e) => e.reason === 'ReconcileError'), { timeout: '1m' });
      await t.runUntil((c) => c.get('Pod', 'other').status?.phase === 'Running', { timeout: '1m' });
      expect(t.events({ kind: 'Widget', name: 'w1' }).find((e) => e.reason === 'ReconcileError')?.message).toBe('boom');
      expect(t.history('Widget', 'w1')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
