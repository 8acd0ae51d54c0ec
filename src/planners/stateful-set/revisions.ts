// StatefulSet revisions as ControllerRevisions (upstream pkg/controller/history controller_history.go
// NewControllerRevision, HashControllerRevision, ControllerRevisionName, EqualRevision,
// SortControllerRevisions; pkg/controller/statefulset stateful_set_utils.go getPatch, newRevision,
// ApplyRevision, nextRevision; stateful_set_control.go getStatefulSetRevisions, truncateHistory; §P.3).
import { PodTemplateSpecSchema, type Pod, type PodTemplateSpec } from '../../model/index.js';
import type { ControllerRevision, StatefulSet } from '../../model/stateful-set.js';
import { cloneJson, type JsonValue } from '../../model/schema-helpers.js';
import { toMillis } from '../../model/time.js';
import { computeTemplateHash, stableStringify } from '../daemon-set/hash.js';
import { controllerRefFor } from '../template.js';
import { podRevision } from './identity.js';

/** The label of a ControllerRevision holding its hash (`history.ControllerRevisionHashLabel`). */
export const CONTROLLER_REVISION_HASH_KEY = 'controller.kubernetes.io/hash';

/** `getPatch`: the revision data of a set, `{spec: {template: {...template, $patch: 'replace'}}}`. */
export function statefulSetRevisionData(sts: StatefulSet): JsonValue {
  return { spec: { template: { ...(cloneJson(sts.spec.template) as { [key: string]: JsonValue }), $patch: 'replace' } } };
}

/**
 * `HashControllerRevision`: FNV-32a over the revision data (serialized with sorted keys, like Go's
 * `json.Marshal` of a map), then over `collisionCount` as a little-endian uint32 in 8 bytes when
 * given, as decimal digits encoded with `safeEncodeString`.
 *
 * @example
 * ```ts
 * import { hashControllerRevision } from 'podkit/planners';
 * hashControllerRevision({ spec: { template: {} } }, 0); // e.g. '7b9c5d8f64'
 * ```
 */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  // computeTemplateHash is FNV-32a over the stable serialization plus the collision count: the
  // same function over the revision data instead of a template.
  return computeTemplateHash(data as PodTemplateSpec, collisionCount);
}

/**
 * `ControllerRevisionName`: `<prefix>-<hash>`, the prefix cut to 223 characters.
 *
 * @example
 * ```ts
 * import { controllerRevisionName } from 'podkit/planners';
 * controllerRevisionName('web', '6d4cf56db6'); // 'web-6d4cf56db6'
 * ```
 */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * `newRevision` (+ `NewControllerRevision`): the ControllerRevision of the set's current template
 * with revision number `revision`: labels = template labels + `controller.kubernetes.io/hash`,
 * annotations = the set's, the set's controllerRef, name `<sts>-<hash>`.
 *
 * @example
 * ```ts
 * import { newStatefulSetRevision } from 'podkit/planners';
 * const cr = newStatefulSetRevision(sts, 1, 0); // cr.metadata.name === 'web-<hash>'
 * ```
 */
export function newStatefulSetRevision(sts: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const data = statefulSetRevisionData(sts);
  const hash = hashControllerRevision(data, collisionCount);
  const annotations = sts.metadata.annotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(sts.metadata.name ?? '', hash),
      namespace: sts.metadata.namespace ?? 'default',
      labels: { ...sts.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH_KEY]: hash },
      ...(annotations === undefined ? {} : { annotations: { ...annotations } }),
      ownerReferences: [controllerRefFor(sts)],
    },
    data,
    revision,
  };
}

/**
 * `EqualRevision`: equal data. (Upstream first compares hash labels that parse as integers; safe-
 * encoded hashes never do, so in practice the data decides there too.)
 */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  return stableStringify(a.data) === stableStringify(b.data);
}

/** `SortControllerRevisions`: by revision, then creationTimestamp, then name (a new array). */
export function sortControllerRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata.creationTimestamp === undefined ? 0 : toMillis(a.metadata.creationTimestamp);
    const tb = b.metadata.creationTimestamp === undefined ? 0 : toMillis(b.metadata.creationTimestamp);
    if (ta !== tb) return ta - tb;
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/** `nextRevision`: one more than the highest revision (of a sorted list), 1 for none. */
export function nextRevisionNumber(sorted: readonly ControllerRevision[]): number {
  const last = sorted[sorted.length - 1];
  return last === undefined ? 1 : last.revision + 1;
}

/**
 * `ApplyRevision`: the pod template a revision records (its `spec.template`, the `$patch`
 * directive removed). Falls back to the set's own template if the data is not a template.
 */
export function revisionTemplate(sts: StatefulSet, revision: ControllerRevision): PodTemplateSpec {
  const raw = (revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (raw === undefined) return sts.spec.template;
  const { $patch: _patch, ...template } = raw;
  const parsed = PodTemplateSpecSchema.safeParse(template);
  return parsed.success ? parsed.data : sts.spec.template;
}

/** What {@link planStatefulSetRevisions} decides. */
export interface StatefulSetRevisionsPlan {
  /** The revision pods below the partition stay at (`status.currentRevision`, or the update revision at first). */
  readonly current: ControllerRevision;
  /** The revision of the set's template now. */
  readonly update: ControllerRevision;
  /** The collision count the update revision's name was computed with. */
  readonly collisionCount: number;
  /** Create this revision (no equal revision exists). */
  readonly create?: ControllerRevision;
  /** Roll back: raise this older, equal revision to `revision` (`UpdateControllerRevision`). */
  readonly bump?: { readonly revision: ControllerRevision; readonly to: number };
}

/**
 * `getStatefulSetRevisions` as a plan (§P.3): builds the revision of the set's template with the
 * next revision number; if the newest existing revision is equal to it, that one is the update
 * revision; if an older one is equal, it is raised to the next number (a rollback reuses its
 * name); otherwise the new one is to be created (the shell retries with `collisionCount + 1`
 * when the name is taken by different data). The current revision is the one named by
 * `status.currentRevision`, else the update revision.
 *
 * @example
 * ```ts
 * import { planStatefulSetRevisions } from 'podkit/planners';
 * const { current, update, create } = planStatefulSetRevisions(sts, revisions);
 * ```
 */
export function planStatefulSetRevisions(sts: StatefulSet, revisions: readonly ControllerRevision[], collisionCount = sts.status?.collisionCount ?? 0): StatefulSetRevisionsPlan {
  const sorted = sortControllerRevisions(revisions);
  const candidate = newStatefulSetRevision(sts, nextRevisionNumber(sorted), collisionCount);
  const equal = sorted.filter((r) => equalRevision(r, candidate));
  const last = sorted[sorted.length - 1];
  const lastEqual = equal[equal.length - 1];
  let update: ControllerRevision;
  let create: ControllerRevision | undefined;
  let bump: StatefulSetRevisionsPlan['bump'];
  if (lastEqual !== undefined && last !== undefined && equalRevision(last, lastEqual)) {
    update = last;
  } else if (lastEqual !== undefined) {
    update = { ...lastEqual, revision: candidate.revision };
    bump = { revision: lastEqual, to: candidate.revision };
  } else {
    update = candidate;
    create = candidate;
  }
  const currentName = sts.status?.currentRevision;
  const current = sorted.find((r) => r.metadata.name === currentName) ?? update;
  return { current, update, collisionCount, ...(create === undefined ? {} : { create }), ...(bump === undefined ? {} : { bump }) };
}

/**
 * `truncateHistory` (§P.3): the revisions to delete so that at most `revisionHistoryLimit`
 * (default 10) non-live revisions remain, oldest first. Live revisions — the current and update
 * revisions and every revision a pod is labelled with — are never deleted.
 *
 * @example
 * ```ts
 * import { revisionsToTruncate } from 'podkit/planners';
 * for (const cr of revisionsToTruncate(sts, pods, revisions, current, update)) store.delete('ControllerRevision', cr.metadata.name);
 * ```
 */
export function revisionsToTruncate(
  sts: StatefulSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined,
): ControllerRevision[] {
  const live = new Set<string>();
  if (current !== undefined) live.add(current.metadata.name ?? '');
  if (update !== undefined) live.add(update.metadata.name ?? '');
  for (const p of pods) live.add(podRevision(p));
  const history = sortControllerRevisions(revisions).filter((r) => !live.has(r.metadata.name ?? ''));
  const limit = sts.spec.revisionHistoryLimit ?? 10;
  if (history.length <= limit) return [];
  return history.slice(0, history.length - limit);
}
