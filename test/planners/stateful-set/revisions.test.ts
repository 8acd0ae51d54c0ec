// StatefulSet revisions and identity helpers (upstream controller_history_test.go,
// stateful_set_utils_test.go, stateful_set_control_test.go getSetRevisions / LimitsHistory /
// Rollback; docs/reference/kubernetes-rules.md §P.2, §P.3).
import { describe, expect, it } from 'vitest';
import type { ControllerRevision, Pod } from 'podkit';
import {
  controllerRevisionName,
  hashControllerRevision,
  newStatefulSetRevision,
  parseStatefulPodName,
  planStatefulSetRevisions,
  revisionsToTruncate,
} from 'podkit/planners';
import { sts, World } from './sts-fixtures.js';

describe('pod names (§P.2)', () => {
  it.each([
    ['web-0', 'web', 0],
    ['my-web-12', 'my-web', 12],
    ['web', '', -1],
    ['web-', '', -1],
    ['web-x', '', -1],
    ['web-99999999999', 'web', -1],
  ] as const)('§P.2 parses %s as parent %j, ordinal %d', (name, parent, ordinal) => {
    const got = parseStatefulPodName(name);
    expect(got.ordinal).toBe(ordinal);
    if (ordinal >= 0) expect(got.parent).toBe(parent);
  });
});

describe('revisions (§P.3)', () => {
  it('§P.3 names a revision <sts>-<hash>, labels it with the template labels and the hash, and stores the template patch', () => {
    const set = sts();
    const cr = newStatefulSetRevision(set, 1, 0);
    const hash = hashControllerRevision(cr.data, 0);
    expect(cr.metadata.name).toBe(controllerRevisionName('web', hash));
    expect(cr.metadata.labels).toEqual({ app: 'web', 'controller.kubernetes.io/hash': hash });
    expect(cr.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true });
    expect((cr.data as { spec: { template: { $patch: string } } }).spec.template.$patch).toBe('replace');
    expect(cr.revision).toBe(1);
  });

  it('§P.3 the collision count changes the hash; equal templates hash equally', () => {
    const set = sts();
    expect(newStatefulSetRevision(set, 1, 0).metadata.name).toBe(newStatefulSetRevision(set, 7, 0).metadata.name);
    expect(newStatefulSetRevision(set, 1, 1).metadata.name).not.toBe(newStatefulSetRevision(set, 1, 0).metadata.name);
    expect(controllerRevisionName('x'.repeat(300), 'h')).toBe(`${'x'.repeat(223)}-h`);
  });

  it('§P.3 creates the first revision, reuses it while the template is unchanged', () => {
    const set = sts();
    const first = planStatefulSetRevisions(set, []);
    expect(first.create?.revision).toBe(1);
    expect(first.current).toBe(first.update);
    const again = planStatefulSetRevisions(set, [first.create as ControllerRevision]);
    expect(again.create).toBeUndefined();
    expect(again.update.metadata.name).toBe(first.create?.metadata.name);
  });

  it('§P.3 a changed template creates revision 2 and keeps the current revision from status', () => {
    const w = new World(sts({ replicas: 1 }));
    w.settle();
    const r1 = w.set.status?.currentRevision;
    w.setImage('busybox:1.37');
    const plan = planStatefulSetRevisions(w.set, w.revisions);
    expect(plan.create?.revision).toBe(2);
    expect(plan.current.metadata.name).toBe(r1);
  });

  it('§P.3 a rollback to an older template raises that revision instead of creating one', () => {
    const w = new World(sts({ replicas: 1 }));
    w.settle();
    const r1 = w.revisions[0]?.metadata.name;
    w.setImage('busybox:1.37');
    w.settle();
    w.setImage('busybox:1.36');
    const plan = planStatefulSetRevisions(w.set, w.revisions);
    expect(plan.create).toBeUndefined();
    expect(plan.bump).toMatchObject({ to: 3 });
    expect(plan.update.metadata.name).toBe(r1);
    w.settle();
    expect(w.revisions.map((r) => [r.metadata.name, r.revision])).toContainEqual([r1, 3]);
    expect(w.revisionOf('web-0')).toBe(r1);
  });

  it('§P.3 keeps at most revisionHistoryLimit non-live revisions, oldest deleted first', () => {
    const set = sts({ spec: { revisionHistoryLimit: 2 } });
    const revs: ControllerRevision[] = [1, 2, 3, 4, 5].map((n) => ({ ...newStatefulSetRevision(set, n, n), metadata: { ...newStatefulSetRevision(set, n, n).metadata, name: `web-r${n}` } }));
    const pod = { metadata: { name: 'web-0', labels: { 'controller-revision-hash': 'web-r1' } } } as unknown as Pod;
    const gone = revisionsToTruncate(set, [pod], revs, revs[4], revs[4]);
    // live: r1 (a pod), r5 (current and update); history r2 r3 r4 → keep the newest 2.
    expect(gone.map((r) => r.metadata.name)).toEqual(['web-r2']);
    expect(revisionsToTruncate({ ...set, spec: { ...set.spec, revisionHistoryLimit: 0 } }, [pod], revs, revs[4], revs[4]).map((r) => r.metadata.name)).toEqual(['web-r2', 'web-r3', 'web-r4']);
  });
});
