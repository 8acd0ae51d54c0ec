// Pure helpers of the deployment controller (upstream pkg/controller/deployment/util
// deployment_util.go and pkg/controller/controller_utils.go sorters), docs/reference/
// kubernetes-rules.md §O.
import type { Deployment, DeploymentCondition, DeploymentStatus } from '../../model/deployment.js';
import type { IntOrString } from '../../model/meta.js';
import type { PodTemplateSpec, ReplicaSet } from '../../model/index.js';
import { toMillis, toTimestamp, type TimeInput } from '../../model/time.js';
import { deepEqual } from '../../store/object-utils.js';
import { scaledIntOrPercent } from '../daemon-set/rolling-update.js';

/** The label a Deployment adds to its ReplicaSets' selector, template and pods (`DefaultDeploymentUniqueLabelKey`). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** The rollout sequence number of a ReplicaSet, copied to its Deployment. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions a ReplicaSet served (set when a rollback reuses it). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** `spec.replicas` of the Deployment when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** `spec.replicas + maxSurge` of the Deployment when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** The revision-history annotation is capped at this many characters (`maxRevHistoryLengthInChars`). */
export const MAX_REVISION_HISTORY_CHARS = 2000;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const MAX_INT32 = 2147483647;

/** Annotations a Deployment never copies to (or takes back from) its ReplicaSets (`annotationsToSkip`). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO,
]);

/** Reasons of the Progressing and Available conditions (upstream deployment_util.go constants). */
export const DeploymentConditionReason = Object.freeze({
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
});

const replicasOf = (rs: Pick<ReplicaSet, 'spec'>): number => rs.spec.replicas ?? 1;
/** `*(d.Spec.Replicas)` of a defaulted Deployment. */
export const deploymentReplicas = (d: Deployment): number => d.spec.replicas ?? 1;

/** `IsRollingUpdate`. */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * Upstream `ResolveFenceposts` (§O.3): maxSurge scaled from `desired` rounding up, maxUnavailable
 * rounding down; when both come out 0, maxUnavailable is 1 (validation forbids both being 0 as
 * written, but `'1%'` of 10 gives 0 and 0).
 *
 * @example
 * ```ts
 * import { resolveFenceposts } from 'podkit/planners';
 * resolveFenceposts('25%', '25%', 10); // { maxSurge: 3, maxUnavailable: 2 }
 * ```
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { maxSurge: number; maxUnavailable: number } {
  const surge = scaledIntOrPercent(maxSurge ?? 0, desired, true, 'spec.strategy.rollingUpdate.maxSurge');
  const unavailable = scaledIntOrPercent(maxUnavailable ?? 0, desired, false, 'spec.strategy.rollingUpdate.maxUnavailable');
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/**
 * `MaxSurge`: 0 unless RollingUpdate.
 *
 * @example
 * ```ts
 * import { deploymentMaxSurge } from 'podkit/planners';
 * deploymentMaxSurge(deployment); // 3 for 10 replicas and maxSurge '25%'
 * ```
 */
export function maxSurgeOf(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, deploymentReplicas(d)).maxSurge;
}

/**
 * `MaxUnavailable`: 0 unless RollingUpdate with replicas > 0; never more than replicas.
 *
 * @example
 * ```ts
 * import { deploymentMaxUnavailable } from 'podkit/planners';
 * deploymentMaxUnavailable(deployment); // 2 for 10 replicas and maxUnavailable '25%'
 * ```
 */
export function maxUnavailableOf(d: Deployment): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(replicas, resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).maxUnavailable);
}

/** `MinAvailable`: replicas − maxUnavailable for RollingUpdate, else 0. */
export function minAvailableOf(d: Deployment): number {
  return isRollingUpdate(d) ? deploymentReplicas(d) - maxUnavailableOf(d) : 0;
}

/** `Revision`: the revision annotation as a number (0 when absent, NaN when not a number). */
export function revisionOf(obj: { readonly metadata: { readonly annotations?: Readonly<Record<string, string>> | undefined } }): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : Number.NaN;
}

/** `MaxRevision`: the highest parseable revision among ReplicaSets (0 when none). */
export function maxRevision(replicaSets: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** `ReplicaSetsByCreationTimestamp`: oldest first, then by name. */
export function compareByCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta === '' ? -1 : tb === '' ? 1 : toMillis(ta) - toMillis(tb);
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** `ReplicaSetsBySizeNewer` (scaling up): larger first; equal sizes newer first. */
export function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(a) === replicasOf(b) ? compareByCreation(b, a) : replicasOf(b) - replicasOf(a);
}

/** `ReplicaSetsBySizeOlder` (scaling down): larger first; equal sizes older first. */
export function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(a) === replicasOf(b) ? compareByCreation(a, b) : replicasOf(b) - replicasOf(a);
}

/** `ReplicaSetsByRevision`: lowest revision first; equal revisions by creation. */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === rb || (Number.isNaN(ra) && Number.isNaN(rb))) return compareByCreation(a, b);
  return (Number.isNaN(ra) ? 0 : ra) - (Number.isNaN(rb) ? 0 : rb);
}

/** `FilterActiveReplicaSets`: those with spec.replicas > 0. */
export function activeReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return replicaSets.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}

function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const labels = template.metadata?.labels;
  if (labels === undefined || !Object.hasOwn(labels, POD_TEMPLATE_HASH_LABEL)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

/**
 * Drops what Go's `apiequality.Semantic.DeepEqual` cannot tell from absent: empty maps and
 * slices (equal to nil there) and empty objects (a struct value field such as `resources: {}` is
 * the same zero struct whether it was written or not).
 */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => prune(x) ?? null);
  if (typeof v !== 'object' || v === null) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = prune(x);
    if (p === undefined) continue;
    (out ??= {})[k] = p;
  }
  return out;
}

/**
 * `EqualIgnoreHash`: two pod templates are equal once the `pod-template-hash` label is removed
 * from both (§O.2), compared like Go's semantic equality (empty maps, slices and objects equal
 * absent ones: a template read back from a ReplicaSet by a Go client carries `resources: {}`).
 *
 * @example
 * ```ts
 * import { equalIgnoreHash } from 'podkit/planners';
 * equalIgnoreHash(rs.spec.template, deployment.spec.template); // true for the new ReplicaSet
 * ```
 */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return deepEqual(prune(withoutHash(a)), prune(withoutHash(b)));
}

/**
 * `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash).
 *
 * @example
 * ```ts
 * import { findNewReplicaSet } from 'podkit/planners';
 * findNewReplicaSet(deployment, replicaSets)?.metadata.name; // 'web-6d4cf56db6'
 * ```
 */
export function findNewReplicaSet(d: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...replicaSets].sort(compareByCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/**
 * `FindOldReplicaSets`: every ReplicaSet but the new one (all), and those of them with replicas > 0 (required).
 *
 * @example
 * ```ts
 * import { findOldReplicaSets } from 'podkit/planners';
 * const { required, all } = findOldReplicaSets(deployment, replicaSets);
 * ```
 */
export function findOldReplicaSets(d: Deployment, replicaSets: readonly ReplicaSet[]): { required: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, replicaSets);
  const all = replicaSets.filter((rs) => newRS === undefined || rs !== newRS);
  return { required: all.filter((rs) => replicasOf(rs) !== 0), all };
}

/** `GetReplicaCountForReplicaSets`: the sum of spec.replicas. */
export const specReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs === undefined ? 0 : replicasOf(rs)), 0);
/** `GetActualReplicaCountForReplicaSets`: the sum of status.replicas. */
export const actualReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
/** `GetReadyReplicaCountForReplicaSets`. */
export const readyReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
/** `GetAvailableReplicaCountForReplicaSets`. */
export const availableReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** `GetTerminatingReplicaCountForReplicaSets`: undefined as soon as one ReplicaSet does not report it. */
export function terminatingReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number | undefined {
  let n = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const t = rs.status?.terminatingReplicas;
    if (t === undefined) return undefined;
    n += t;
  }
  return n;
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** `GetDesiredReplicasAnnotation`. */
export const desiredReplicasAnnotation = (rs: ReplicaSet): number | undefined => intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);

/** `ReplicasAnnotationsNeedUpdate`. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return a?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** `SetReplicasAnnotations` (copy-on-write). */
export function withReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): ReplicaSet {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return rs;
  return { ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) } } };
}

/**
 * `SetNewReplicaSetAnnotations` (§O.7): copies the Deployment's annotations but the skipped ones,
 * raises the revision to `newRevision` when lower (then the old revision joins
 * `revision-history`, capped at 2000 characters from the oldest end), and, for a ReplicaSet about
 * to be created, sets the desired/max replicas annotations. Returns the ReplicaSet and whether an
 * annotation changed.
 */
export function withNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): { rs: ReplicaSet; changed: boolean } {
  const annotations: Record<string, string> = { ...rs.metadata.annotations };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldText = annotations[REVISION_ANNOTATION];
  const had = oldText !== undefined;
  let oldRevision = 0;
  if (had && oldText !== '') {
    if (!/^[+-]?\d+$/.test(oldText)) return { rs, changed: false };
    oldRevision = Number(oldText);
  }
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
  }
  if (had && changed) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const old = history.split(',');
    if ((old[0] ?? '').length === 0) annotations[REVISION_HISTORY_ANNOTATION] = oldText;
    else {
      let total = history.length + oldText.length + 1;
      let start = 0;
      while (total > MAX_REVISION_HISTORY_CHARS && start < old.length) {
        total -= (old[start] ?? '').length + 1;
        start++;
      }
      if (total <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY_ANNOTATION] = [...old.slice(start), oldText].join(',');
    }
  }
  let out: ReplicaSet = changed ? { ...rs, metadata: { ...rs.metadata, annotations } } : rs;
  if (!exists) {
    const replicas = deploymentReplicas(d);
    const next = withReplicasAnnotations(out, replicas, replicas + maxSurgeOf(d));
    if (next !== out) changed = true;
    out = next;
  }
  return { rs: out, changed };
}

/** `IsSaturated`: the new ReplicaSet has all replicas, desired annotation equal, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const replicas = deploymentReplicas(d);
  return replicasOf(rs) === replicas && desiredReplicasAnnotation(rs) === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** `FindActiveOrLatest`: the only active ReplicaSet, the newest when none is active, undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => compareByCreation(b, a));
  const active = activeReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  return active.length === 1 ? active[0] : undefined;
}

function roundToInt32(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5);
}

/**
 * `GetReplicaSetProportion` (§O.6): how many replicas of `toAdd` (negative to remove) this active
 * ReplicaSet takes: its size × (replicas + maxSurge) / its max-replicas annotation (falling back to
 * the Deployment's status.replicas), rounded, minus its size; capped by what is left to add.
 *
 * @example
 * ```ts
 * import { replicaSetProportion } from 'podkit/planners';
 * replicaSetProportion(oldRS, deployment, 5, 0); // 3 for a 3-replica ReplicaSet when 5 → 10
 * ```
 */
export function replicaSetProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (deploymentReplicas(d) === 0) fraction = -replicasOf(rs);
  else {
    const deploymentSize = deploymentReplicas(d) + maxSurgeOf(d);
    const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
    fraction = roundToInt32((replicasOf(rs) * deploymentSize) / annotated) - replicasOf(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * `NewRSNewReplicas` (§O.3): the new ReplicaSet's size for the next step of the rollout — grows
 * while the ReplicaSets' pods are below replicas + maxSurge, never past replicas; Recreate takes
 * replicas at once. Each ReplicaSet counts max(spec.replicas, status.replicas, `activePods(rs)`)
 * (a podkit deviation that keeps the pod count within the surge at every instant).
 *
 * @example
 * ```ts
 * import { newRSNewReplicas } from 'podkit/planners';
 * newRSNewReplicas(deployment, [oldRS, newRS], newRS); // e.g. 3 for 10 replicas, maxSurge 25%
 * ```
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet, activePods: (rs: ReplicaSet) => number = () => 0): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const surge = scaledIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true, 'spec.strategy.rollingUpdate.maxSurge');
  // podkit deviation (§O.3): a ReplicaSet counts with max(spec.replicas, status.replicas, its
  // active pods), so pods an old ReplicaSet was scaled away from but has not deleted yet still
  // count; upstream sums spec.replicas only and can briefly run more than replicas + maxSurge pods.
  const current = allRSs.reduce((n, rs) => n + (rs === undefined ? 0 : Math.max(replicasOf(rs), rs.status?.replicas ?? 0, activePods(rs))), 0);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, replicas - replicasOf(newRS));
}

/** `HasProgressDeadline`: set and not MaxInt32. */
export const hasProgressDeadline = (d: Deployment): boolean => d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32;
/** `HasRevisionHistoryLimit`: set and not MaxInt32. */
export const hasRevisionHistoryLimit = (d: Deployment): boolean => d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== MAX_INT32;

/** `GetDeploymentCondition`. */
export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** `NewDeploymentCondition` at `now` (both times set to now, whole seconds). */
export function newDeploymentCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: TimeInput): DeploymentCondition {
  const t = toTimestamp(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/**
 * `SetDeploymentCondition`: no change when a condition of that type has the same status and
 * reason; otherwise replaced (moved last), keeping lastTransitionTime when the status is equal.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): DeploymentStatus {
  const current = getDeploymentCondition(status, condition.type);
  if (current !== undefined && current.status === condition.status && current.reason === condition.reason) return status;
  const next = current !== undefined && current.status === condition.status && current.lastTransitionTime !== undefined
    ? { ...condition, lastTransitionTime: current.lastTransitionTime }
    : condition;
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next] };
}

/** `RemoveDeploymentCondition`. */
export function removeDeploymentCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  if (status.conditions === undefined || !status.conditions.some((c) => c.type === type)) return status;
  const conditions = status.conditions.filter((c) => c.type !== type);
  if (conditions.length > 0) return { ...status, conditions };
  const { conditions: _c, ...rest } = status;
  return rest;
}

/** `DeploymentComplete`: updated, total and available replicas equal spec.replicas and the generation is observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const r = deploymentReplicas(d);
  return (status.updatedReplicas ?? 0) === r && (status.replicas ?? 0) === r && (status.availableReplicas ?? 0) === r &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** `DeploymentProgressing`: more updated, fewer old, more ready or more available replicas than the current status. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** `DeploymentTimedOut`: the Progressing condition's lastUpdateTime + progressDeadlineSeconds is before now. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: TimeInput): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(status, 'Progressing');
  if (c === undefined) return false;
  if (c.reason === DeploymentConditionReason.NewReplicaSetAvailable) return false;
  if (c.reason === DeploymentConditionReason.ProgressDeadlineExceeded) return true;
  if (c.lastUpdateTime === undefined) return false;
  return toMillis(c.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < toMillis(now);
}
