// A tiny in-memory world for StatefulSet planner tests: it applies a plan's actions the way the
// controller shell does (pods and claims created with uids, deletes marking pods terminating) and
// lets a test move pods through their phases.
import { applyDefaults, planStatefulSet, type ControllerRevision, type PersistentVolumeClaim, type Pod, type StatefulSet, type StatefulSetPlan } from 'podkit';
import { planStatefulSetRevisions } from 'podkit/planners';
import { newStatefulSet, type NewStatefulSetOptions } from 'podkit/testing';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A defaulted StatefulSet with a uid and generation 1. */
export function sts(options: NewStatefulSetOptions = {}): StatefulSet {
  const s = applyDefaults(newStatefulSet({ name: 'web', ...options }));
  return { ...s, metadata: { ...s.metadata, generation: s.metadata.generation ?? 1, uid: 'uid-web' } };
}

export class World {
  set: StatefulSet;
  pods = new Map<string, Pod>();
  revisions: ControllerRevision[] = [];
  claims = new Map<string, PersistentVolumeClaim>();
  now = T0;
  uid = 0;
  log: string[] = [];
  lastPlan: StatefulSetPlan | undefined;
  maxUnavailableStatefulSet = false;

  constructor(set: StatefulSet) {
    this.set = set;
  }

  /** One sync: revisions, plan, apply every action, write status and truncate history. */
  sync(): StatefulSetPlan {
    let rev = planStatefulSetRevisions(this.set, this.revisions);
    if (rev.create !== undefined) this.revisions.push({ ...rev.create, metadata: { ...rev.create.metadata, creationTimestamp: new Date(this.now).toISOString() } });
    if (rev.bump !== undefined) {
      const b = rev.bump;
      this.revisions = this.revisions.map((r) => (r.metadata.name === b.revision.metadata.name ? { ...r, revision: b.to } : r));
    }
    rev = planStatefulSetRevisions(this.set, this.revisions, rev.collisionCount);
    const plan = planStatefulSet(this.set, [...this.pods.values()], {
      now: this.now,
      currentRevision: rev.current,
      updateRevision: rev.update,
      collisionCount: rev.collisionCount,
      claims: this.claims,
      maxUnavailableStatefulSet: this.maxUnavailableStatefulSet,
    });
    for (const a of plan.actions) {
      switch (a.type) {
        case 'createPod':
          for (const c of a.claims) this.claims.set(c.metadata.name ?? '', c);
          this.pods.set(a.pod.metadata.name ?? '', { ...a.pod, metadata: { ...a.pod.metadata, uid: `pod-${++this.uid}` }, status: { phase: 'Pending' } });
          this.log.push(`create ${a.pod.metadata.name}`);
          break;
        case 'deletePod': {
          const cur = this.pods.get(a.pod.metadata.name ?? '');
          if (cur !== undefined) this.pods.set(cur.metadata.name ?? '', { ...cur, metadata: { ...cur.metadata, deletionTimestamp: new Date(this.now).toISOString() } });
          this.log.push(`delete ${a.pod.metadata.name}`);
          break;
        }
        case 'updatePod':
          this.pods.set(a.pod.metadata.name ?? '', a.pod);
          this.log.push(`update ${a.pod.metadata.name}`);
          break;
        case 'createClaims':
          for (const c of a.claims) this.claims.set(c.metadata.name ?? '', c);
          break;
        case 'updateClaims':
          for (const c of a.claims) this.claims.set(c.metadata.name ?? '', c);
          this.log.push(`reown ${a.claims.map((c) => c.metadata.name).join(',')}`);
          break;
      }
    }
    if (plan.writeStatus) this.set = { ...this.set, status: plan.status };
    this.lastPlan = plan;
    return plan;
  }

  /** Marks a pod Running and Ready (since `now`). */
  ready(name: string): void {
    const p = this.pods.get(name);
    if (p === undefined) throw new Error(`no pod ${name}`);
    const at = new Date(this.now).toISOString();
    this.pods.set(name, { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at }] } });
  }

  phase(name: string, phase: 'Failed' | 'Succeeded' | 'Running'): void {
    const p = this.pods.get(name);
    if (p === undefined) throw new Error(`no pod ${name}`);
    this.pods.set(name, { ...p, status: { phase } });
  }

  /** Removes every terminating pod (their termination finished). */
  finishTerminations(): void {
    for (const [name, p] of this.pods) if (p.metadata.deletionTimestamp !== undefined) this.pods.delete(name);
  }

  /** Syncs, readies new pods and finishes terminations until nothing happens (at most `max` rounds). */
  settle(max = 50): void {
    for (let i = 0; i < max; i++) {
      const plan = this.sync();
      let changed = plan.actions.length > 0;
      for (const [name, p] of this.pods) {
        if (p.metadata.deletionTimestamp === undefined && p.status?.phase === 'Pending') {
          this.ready(name);
          changed = true;
        }
      }
      if ([...this.pods.values()].some((p) => p.metadata.deletionTimestamp !== undefined)) {
        this.finishTerminations();
        changed = true;
      }
      if (!changed) return;
    }
    throw new Error('did not settle');
  }

  names(): string[] {
    return [...this.pods.keys()].sort();
  }

  revisionOf(name: string): string {
    return this.pods.get(name)?.metadata.labels?.['controller-revision-hash'] ?? '';
  }

  /** Changes the template's image (a new revision). */
  setImage(image: string): void {
    const t = this.set.spec.template;
    this.set = {
      ...this.set,
      metadata: { ...this.set.metadata, generation: (this.set.metadata.generation ?? 1) + 1 },
      spec: { ...this.set.spec, template: { ...t, spec: { ...t.spec, containers: t.spec.containers.map((c) => ({ ...c, image })) } } },
    };
  }

  setSpec(spec: Partial<StatefulSet['spec']>): void {
    this.set = { ...this.set, metadata: { ...this.set.metadata, generation: (this.set.metadata.generation ?? 1) + 1 }, spec: { ...this.set.spec, ...spec } };
  }
}
