// The deployment controller's decision for one sync (upstream pkg/controller/deployment
// deployment_controller.go `syncDeployment`, sync.go, rolling.go, recreate.go, progress.go),
// docs/reference/kubernetes-rules.md §O. Pure: the ReplicaSet writes upstream issues one after
// another are simulated on local copies and returned as a plan.
import { defaultDeployment } from '../../model/defaults-deployment.js';
import type { Deployment, DeploymentStatus } from '../../model/deployment.js';
import type { LabelSelector, Pod, ReplicaSet } from '../../model/index.js';
import type { TimeInput } from '../../model/time.js';
import { deepEqual } from '../../store/object-utils.js';
import { computeTemplateHash } from '../daemon-set/hash.js';
import { getControllerOf } from '../ownership.js';
import { labelsMatchSelector } from '../pod-facts.js';
import { controllerRefFor } from '../template.js';
import { rolloutStatus, calculateDeploymentStatus, stuckDeploymentRequeueMs } from './deployment-status.js';
import {
  DeploymentConditionReason as R,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  activeReplicaSets,
  compareByCreation,
  compareByRevision,
  compareBySizeNewer,
  compareBySizeOlder,
  deploymentComplete,
  deploymentReplicas,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  getDeploymentCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurgeOf,
  maxUnavailableOf,
  newDeploymentCondition,
  newRSNewReplicas,
  replicaSetProportion,
  replicasAnnotationsNeedUpdate,
  setDeploymentCondition,
  specReplicaCount,
  availableReplicaCount,
  withNewReplicaSetAnnotations,
  withReplicasAnnotations,
} from './deployment-util.js';

/** Inputs of {@link planDeployment} besides the objects. */
export interface PlanDeploymentContext {
  /** The controller's clock reading (condition times, progress deadline). */
  readonly now: TimeInput;
}

/** An Event the controller records on the Deployment. */
export interface DeploymentEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** What one sync of a Deployment does. The shell applies it in this order. */
export interface DeploymentPlan {
  /** ReplicaSets to create (`<deployment>-<hash>`, owned, with the hash label), in order. */
  readonly creates: readonly ReplicaSet[];
  /**
   * Writes of existing ReplicaSets (scale, annotations, minReadySeconds, adoption or release of
   * the controllerRef), each the whole object carrying the resourceVersion it was read at, in the
   * order upstream first touches them.
   */
  readonly updates: readonly ReplicaSet[];
  /** Old ReplicaSets to delete (revisionHistoryLimit). */
  readonly deletes: readonly ReplicaSet[];
  /** The Deployment's new annotations (the revision annotation changed), or undefined. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The status to write. */
  readonly status: DeploymentStatus;
  /** True when {@link status} differs from the stored status. */
  readonly writeStatus: boolean;
  /** Sync again after this long (the progress-deadline check), if set. */
  readonly requeueAfterMs?: number;
  /** Sync again with back-off (a hash collision bumped collisionCount). */
  readonly requeue: boolean;
  readonly events: readonly DeploymentEvent[];
  /** The new ReplicaSet after the plan (created or found), if any. */
  readonly newReplicaSet?: ReplicaSet;
}

/** The local state of one sync: the Deployment and its ReplicaSets as upstream's writes leave them. */
class Sync {
  d: Deployment;
  readonly now: TimeInput;
  /** Owned ReplicaSets by name (current local copies). */
  readonly rss = new Map<string, ReplicaSet>();
  readonly updates = new Map<string, ReplicaSet>();
  readonly creates = new Map<string, ReplicaSet>();
  readonly deletes: ReplicaSet[] = [];
  readonly events: DeploymentEvent[] = [];
  annotationsChanged = false;
  requeue = false;
  /** Every ReplicaSet of the namespace by name (collision detection). */
  readonly byName: ReadonlyMap<string, ReplicaSet>;
  /** Active (not terminating, not terminal) pods by controller uid. */
  activeByOwner: ReadonlyMap<string, number> = new Map();

  activePods = (rs: ReplicaSet): number => (rs.metadata.uid === undefined ? 0 : (this.activeByOwner.get(rs.metadata.uid) ?? 0));

  constructor(d: Deployment, byName: ReadonlyMap<string, ReplicaSet>, now: TimeInput) {
    this.d = d;
    this.byName = byName;
    this.now = now;
  }

  list(): ReplicaSet[] {
    return [...this.rss.values()];
  }

  /** Records a write of an owned ReplicaSet. */
  write(rs: ReplicaSet): ReplicaSet {
    const name = rs.metadata.name ?? '';
    this.rss.set(name, rs);
    if (this.creates.has(name)) this.creates.set(name, rs);
    else this.updates.set(name, rs);
    return rs;
  }

  event(type: DeploymentEvent['type'], reason: string, message: string): void {
    this.events.push({ type, reason, message });
  }

  setStatus(status: DeploymentStatus): void {
    this.d = { ...this.d, status };
  }
}

const replicasOf = (rs: ReplicaSet): number => rs.spec.replicas ?? 1;

function selectorIsEmpty(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

/**
 * `ClaimReplicaSets` (§O.2): owned ReplicaSets that still match are kept, owned ones that stopped
 * matching are released (not while the Deployment is being deleted), matching orphans that are
 * not being deleted are adopted (not while the Deployment is being deleted). Others are ignored.
 */
function claimReplicaSets(sync: Sync, all: readonly ReplicaSet[]): void {
  const d = sync.d;
  const uid = d.metadata.uid;
  const deleting = d.metadata.deletionTimestamp !== undefined;
  for (const rs of all) {
    const ref = getControllerOf(rs);
    const matches = labelsMatchSelector(rs.metadata.labels, d.spec.selector);
    const name = rs.metadata.name ?? '';
    if (ref !== undefined) {
      if (ref.uid !== uid) continue;
      if (matches) sync.rss.set(name, rs);
      else if (!deleting) {
        const owners = (rs.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid);
        const { ownerReferences: _o, ...meta } = rs.metadata;
        sync.updates.set(name, { ...rs, metadata: owners.length > 0 ? { ...meta, ownerReferences: owners } : meta });
      }
      continue;
    }
    if (deleting || !matches || rs.metadata.deletionTimestamp !== undefined) continue;
    sync.write({ ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), controllerRefFor(d)] } });
  }
}

/** `scaleReplicaSet`: writes the size and the replicas annotations when either changed; an Event when the size did. */
function scaleReplicaSet(sync: Sync, rs: ReplicaSet, newScale: number, operation: string): { scaled: boolean; rs: ReplicaSet } {
  const d = sync.d;
  const replicas = deploymentReplicas(d);
  const max = replicas + maxSurgeOf(d);
  const sizeChanged = replicasOf(rs) !== newScale;
  if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicas, max)) return { scaled: false, rs };
  const next = sync.write(withReplicasAnnotations({ ...rs, spec: { ...rs.spec, replicas: newScale } }, replicas, max));
  if (sizeChanged) sync.event('Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name ?? ''} from ${replicasOf(rs)} to ${newScale}`);
  return { scaled: sizeChanged, rs: next };
}

/** `scaleReplicaSetAndRecordEvent`: nothing when the size is already right. */
function scaleAndRecord(sync: Sync, rs: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(sync, rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
}

/** `SetDeploymentRevision` on the local Deployment. */
function setDeploymentRevision(sync: Sync, revision: string | undefined): boolean {
  if (revision === undefined || sync.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return false;
  sync.d = { ...sync.d, metadata: { ...sync.d.metadata, annotations: { ...sync.d.metadata.annotations, [REVISION_ANNOTATION]: revision } } };
  sync.annotationsChanged = true;
  return true;
}

interface AllReplicaSets {
  readonly newRS: ReplicaSet | undefined;
  readonly oldRSs: ReplicaSet[];
  /** Set when the sync must stop here (a hash collision). */
  readonly stop?: true;
}

/**
 * `getAllReplicaSetsAndSyncRevision` + `getNewReplicaSet` (§O.2, §O.7): the new ReplicaSet gets
 * revision max(old)+1, the Deployment's annotations and minReadySeconds (written, then the sync
 * goes on with it); the Deployment takes its revision and, with no Progressing condition yet,
 * `FoundNewReplicaSet`. With `create`, a missing new ReplicaSet is created at `NewRSNewReplicas`
 * (`NewReplicaSetCreated`), or a hash collision bumps `status.collisionCount`.
 */
function getAllReplicaSets(sync: Sync, create: boolean): AllReplicaSets {
  const list = sync.list().sort(compareByCreation);
  const existing = findNewReplicaSet(sync.d, list);
  const oldRSs = list.filter((rs) => rs !== existing);
  const newRevision = maxRevision(oldRSs) + 1;
  const d = sync.d;
  if (existing !== undefined) {
    const { rs: annotated, changed } = withNewReplicaSetAnnotations(d, existing, newRevision, true);
    const minReady = d.spec.minReadySeconds ?? 0;
    if (changed || (existing.spec.minReadySeconds ?? 0) !== minReady) {
      // Upstream returns the written ReplicaSet right away; the Deployment's revision follows on
      // the next call.
      return { newRS: sync.write({ ...annotated, spec: { ...annotated.spec, minReadySeconds: minReady } }), oldRSs };
    }
    setDeploymentRevision(sync, existing.metadata.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(d) && getDeploymentCondition(sync.d.status, 'Progressing') === undefined) {
      const c = newDeploymentCondition('Progressing', 'True', R.FoundNewReplicaSet, `Found new replica set "${existing.metadata.name ?? ''}"`, sync.now);
      sync.setStatus(setDeploymentCondition(sync.d.status ?? {}, c));
    }
    return { newRS: existing, oldRSs };
  }
  if (!create) return { newRS: undefined, oldRSs };

  const hash = computeTemplateHash(d.spec.template, d.status?.collisionCount);
  const name = `${d.metadata.name ?? ''}-${hash}`;
  const labels = { ...d.spec.template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const template = { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } };
  let rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace ?? 'default', ownerReferences: [controllerRefFor(d)], labels: { ...labels } },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash } },
      template,
    },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs, sync.activePods);
  rs = withNewReplicaSetAnnotations(d, { ...rs, spec: { ...rs.spec, replicas } }, newRevision, false).rs;

  const clash = sync.byName.get(name);
  if (clash !== undefined) {
    // AlreadyExists: ours if we control it and its template is ours; else a hash collision.
    if (getControllerOf(clash)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, clash.spec.template)) {
      setDeploymentRevision(sync, String(newRevision));
      return { newRS: clash, oldRSs };
    }
    sync.setStatus({ ...sync.d.status, collisionCount: (sync.d.status?.collisionCount ?? 0) + 1 });
    sync.requeue = true;
    return { newRS: undefined, oldRSs, stop: true };
  }
  sync.creates.set(name, rs);
  sync.rss.set(name, rs);
  if (replicas > 0) sync.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
  setDeploymentRevision(sync, String(newRevision));
  if (hasProgressDeadline(d)) {
    const c = newDeploymentCondition('Progressing', 'True', R.NewReplicaSetCreated, `Created new replica set "${name}"`, sync.now);
    sync.setStatus(setDeploymentCondition(sync.d.status ?? {}, c));
  }
  return { newRS: rs, oldRSs };
}

/** `checkPausedConditions` (§O.8): Progressing Unknown `DeploymentPaused` / `DeploymentResumed`, never over a timeout. */
function checkPausedConditions(sync: Sync): void {
  const d = sync.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === R.ProgressDeadlineExceeded) return;
  const pausedExists = cond?.reason === R.DeploymentPaused;
  if (d.spec.paused === true && !pausedExists) {
    sync.setStatus(setDeploymentCondition(d.status ?? {}, newDeploymentCondition('Progressing', 'Unknown', R.DeploymentPaused, 'Deployment is paused', sync.now)));
  } else if (d.spec.paused !== true && pausedExists) {
    sync.setStatus(setDeploymentCondition(d.status ?? {}, newDeploymentCondition('Progressing', 'Unknown', R.DeploymentResumed, 'Deployment is resumed', sync.now)));
  }
}

/** `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
function isScalingEvent(sync: Sync): boolean {
  const { newRS, oldRSs } = getAllReplicaSets(sync, false);
  for (const rs of activeReplicaSets([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== deploymentReplicas(sync.d)) return true;
  }
  return false;
}

const byName = (sync: Sync, rs: ReplicaSet | undefined): ReplicaSet | undefined => (rs === undefined ? undefined : sync.rss.get(rs.metadata.name ?? ''));

/**
 * `scale` (§O.6): the only active (or newest) ReplicaSet takes all replicas; a saturated new
 * ReplicaSet scales the old ones to 0; otherwise, for RollingUpdate, replicas + maxSurge minus the
 * current total is spread over the active ReplicaSets in proportion (largest first; newer first
 * when scaling up, older first when scaling down), the leftover going to the first.
 */
function scale(sync: Sync, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const d = sync.d;
  const replicas = deploymentReplicas(d);
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only !== undefined) {
    if (replicasOf(only) !== replicas) scaleAndRecord(sync, only, replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) scaleAndRecord(sync, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurgeOf(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  let operation = '';
  if (toAdd > 0) {
    all.sort(compareBySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(compareBySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = replicaSetProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name ?? '', replicasOf(rs) + p);
      added += p;
    } else sizes.set(rs.metadata.name ?? '', replicasOf(rs));
  }
  all.forEach((rs, i) => {
    const name = rs.metadata.name ?? '';
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + toAdd - added));
    scaleReplicaSet(sync, rs, sizes.get(name) ?? 0, operation);
  });
}

/** `cleanupDeployment` (§O.7): delete the oldest-revision old ReplicaSets past revisionHistoryLimit that are fully scaled down and observed. */
function cleanupDeployment(sync: Sync, oldRSs: readonly ReplicaSet[]): void {
  const d = sync.d;
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.map((rs) => byName(sync, rs)).filter((rs): rs is ReplicaSet => rs !== undefined && rs.metadata.deletionTimestamp === undefined);
  const diff = cleanable.length - (d.spec.revisionHistoryLimit ?? 0);
  if (diff <= 0) return;
  cleanable.sort(compareByRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i] as ReplicaSet;
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    if (sync.creates.has(rs.metadata.name ?? '') || sync.updates.has(rs.metadata.name ?? '')) continue;
    sync.deletes.push(rs);
  }
}

/** `reconcileNewReplicaSet` (§O.3). */
function reconcileNewReplicaSet(sync: Sync, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const replicas = deploymentReplicas(sync.d);
  if (replicasOf(newRS) === replicas) return false;
  if (replicasOf(newRS) > replicas) return scaleAndRecord(sync, newRS, replicas).scaled;
  return scaleAndRecord(sync, newRS, newRSNewReplicas(sync.d, allRSs, newRS, sync.activePods)).scaled;
}

/**
 * `reconcileOldReplicaSets` (§O.4): at most replicas + … − minAvailable − the new ReplicaSet's
 * unavailable pods may go; unhealthy old replicas (`cleanupUnhealthyReplicas`) first, then
 * available ones oldest ReplicaSet first while availability stays ≥ minAvailable
 * (`scaleDownOldReplicaSetsForRollingUpdate`).
 */
function reconcileOldReplicaSets(sync: Sync, allRSs: readonly ReplicaSet[], oldActive: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const d = sync.d;
  const oldCount = specReplicaCount(oldActive);
  if (oldCount === 0) return false;
  const allCount = specReplicaCount(allRSs);
  const minAvailable = deploymentReplicas(d) - maxUnavailableOf(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // cleanupUnhealthyReplicas
  const olds = [...oldActive].sort(compareByCreation);
  let cleaned = 0;
  for (let i = 0; i < olds.length; i++) {
    const rs = olds[i] as ReplicaSet;
    if (cleaned >= maxScaledDown) break;
    if (replicasOf(rs) === 0) continue;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === available) continue;
    const count = Math.min(maxScaledDown - cleaned, replicasOf(rs) - available);
    // A status reporting more available than spec replicas (not yet caught up with a scale-down):
    // upstream's "invalid request to scale down" error, which skips the scale-down this sync.
    if (count < 0) return cleaned > 0;
    olds[i] = scaleAndRecord(sync, rs, replicasOf(rs) - count).rs;
    cleaned += count;
  }

  // scaleDownOldReplicaSetsForRollingUpdate
  let scaledDown = 0;
  const all = [...olds, newRS];
  const availableCount = availableReplicaCount(all);
  if (availableCount > minAvailable) {
    const total = availableCount - minAvailable;
    for (const rs of [...olds].sort(compareByCreation)) {
      if (scaledDown >= total) break;
      if (replicasOf(rs) === 0) continue;
      const count = Math.min(replicasOf(rs), total - scaledDown);
      scaleAndRecord(sync, rs, replicasOf(rs) - count);
      scaledDown += count;
    }
  }
  return cleaned + scaledDown > 0;
}

/** `rolloutRolling` (§O.3, §O.4). Returns the new ReplicaSet (for the status). */
function rolloutRolling(sync: Sync): { newRS: ReplicaSet | undefined; all: ReplicaSet[]; rollout: boolean } | undefined {
  const got = getAllReplicaSets(sync, true);
  if (got.stop === true || got.newRS === undefined) return undefined;
  let newRS = got.newRS;
  const oldRSs = got.oldRSs;
  if (reconcileNewReplicaSet(sync, [...oldRSs, newRS], newRS)) return { newRS: byName(sync, newRS), all: sync.list(), rollout: true };
  newRS = byName(sync, newRS) ?? newRS;
  const olds = oldRSs.map((rs) => byName(sync, rs) ?? rs);
  if (reconcileOldReplicaSets(sync, [...olds, newRS], activeReplicaSets(olds), newRS)) return { newRS, all: sync.list(), rollout: true };
  if (deploymentComplete(sync.d, sync.d.status ?? {})) cleanupDeployment(sync, olds);
  return { newRS, all: sync.list(), rollout: true };
}

/**
 * `oldPodsRunning` (§O.5): old ReplicaSets report pods, or a pod of a ReplicaSet other than the
 * new one is not Succeeded/Failed — terminating pods count until they are gone.
 */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podsByOwner: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (oldRSs.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0) > 0) return true;
  for (const [uid, pods] of podsByOwner) {
    if (newRS !== undefined && newRS.metadata.uid === uid) continue;
    for (const pod of pods) if (pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded') return true;
  }
  return false;
}

/** `rolloutRecreate` (§O.5): old ReplicaSets to 0, wait until no old pod exists, then the new ReplicaSet at full size. */
function rolloutRecreate(sync: Sync, podsByOwner: ReadonlyMap<string, readonly Pod[]>): { newRS: ReplicaSet | undefined; all: ReplicaSet[]; rollout: boolean } | undefined {
  let { newRS, oldRSs } = getAllReplicaSets(sync, false);
  let scaled = false;
  for (const rs of activeReplicaSets(oldRSs)) if (scaleAndRecord(sync, rs, 0).scaled) scaled = true;
  if (scaled) return { newRS: byName(sync, newRS), all: sync.list(), rollout: true };
  oldRSs = oldRSs.map((rs) => byName(sync, rs) ?? rs);
  if (oldPodsRunning(newRS, oldRSs, podsByOwner)) return { newRS: byName(sync, newRS), all: sync.list(), rollout: true };
  if (newRS === undefined) {
    const got = getAllReplicaSets(sync, true);
    if (got.stop === true) return undefined;
    newRS = got.newRS;
    oldRSs = got.oldRSs;
  }
  if (newRS !== undefined) scaleAndRecord(sync, byName(sync, newRS) ?? newRS, deploymentReplicas(sync.d));
  if (deploymentComplete(sync.d, sync.d.status ?? {})) cleanupDeployment(sync, oldRSs);
  return { newRS: byName(sync, newRS), all: sync.list(), rollout: true };
}

/** `sync` (§O.6): scaling events and paused Deployments — scale, clean up when paused, plain status. */
function syncScale(sync: Sync): { newRS: ReplicaSet | undefined; all: ReplicaSet[]; rollout: boolean } {
  const { newRS, oldRSs } = getAllReplicaSets(sync, false);
  scale(sync, newRS, oldRSs);
  if (sync.d.spec.paused === true) cleanupDeployment(sync, oldRSs);
  return { newRS: byName(sync, newRS), all: sync.list(), rollout: false };
}

/**
 * The deployment controller's `syncDeployment` for one Deployment, as a plan (§O): claims
 * ReplicaSets (adopt/release by selector and controllerRef), then — being deleted: status only;
 * paused or a scaling event: proportional scaling (§O.6); else the strategy's rollout step
 * (RollingUpdate §O.3–§O.4, Recreate §O.5) — creating the new ReplicaSet `<name>-<hash>` with the
 * `pod-template-hash` label (§O.2), keeping revisions (§O.7), pruning history past
 * `revisionHistoryLimit`, and the status with its Progressing and Available conditions (§O.8,
 * §O.9). `replicaSets` are the ReplicaSets of the Deployment's namespace (all of them: names
 * are checked for hash collisions); `pods` the pods the Deployment selects (Recreate waits for old
 * ones to be gone; a rolling scale-up counts the active pods of each ReplicaSet, a podkit
 * deviation, §O.3).
 * The ReplicaSets' own status (ready/available with minReadySeconds) comes from the ReplicaSet
 * controller. Pure.
 *
 * @example
 * ```ts
 * import { planDeployment } from 'podkit';
 * const plan = planDeployment(deployment, store.list('ReplicaSet', { namespace: 'default' }), [], { now: clock.now() });
 * plan.creates[0]?.metadata.name; // 'web-6d4cf56db6'
 * ```
 */
export function planDeployment(input: Deployment, replicaSets: readonly ReplicaSet[], pods: readonly Pod[], ctx: PlanDeploymentContext): DeploymentPlan {
  const stored = defaultDeployment(input);
  const ns = stored.metadata.namespace ?? 'default';
  const inNamespace = replicaSets.filter((rs) => (rs.metadata.namespace ?? 'default') === ns);
  const sync = new Sync(stored, new Map(inNamespace.map((rs) => [rs.metadata.name ?? '', rs])), ctx.now);

  if (selectorIsEmpty(stored.spec.selector)) {
    sync.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    const generation = stored.metadata.generation ?? 0;
    const status = (stored.status?.observedGeneration ?? 0) < generation ? { ...stored.status, observedGeneration: generation } : (stored.status ?? {});
    return finish(sync, stored, status, undefined);
  }

  claimReplicaSets(sync, inNamespace);
  sync.activeByOwner = activePodsByOwner(pods);

  if (stored.metadata.deletionTimestamp !== undefined) {
    const { newRS, oldRSs } = getAllReplicaSets(sync, false);
    return finish(sync, stored, calculateDeploymentStatus(sync.d, [...oldRSs, ...(newRS === undefined ? [] : [newRS])], byName(sync, newRS), ctx.now), byName(sync, newRS));
  }

  checkPausedConditions(sync);
  let result: { newRS: ReplicaSet | undefined; all: ReplicaSet[]; rollout: boolean } | undefined;
  if (sync.d.spec.paused === true || isScalingEvent(sync)) result = syncScale(sync);
  else if (isRollingUpdate(sync.d)) result = rolloutRolling(sync);
  else result = rolloutRecreate(sync, podsByOwner(sync, pods));

  if (result === undefined) return finish(sync, stored, sync.d.status ?? {}, undefined);
  const status = result.rollout
    ? rolloutStatus(sync.d, result.all, result.newRS, ctx.now)
    : calculateDeploymentStatus(sync.d, result.all, result.newRS, ctx.now);
  return finish(sync, stored, status, result.newRS);
}

function activePodsByOwner(pods: readonly Pod[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const uid = getControllerOf(pod)?.uid;
    if (uid !== undefined) out.set(uid, (out.get(uid) ?? 0) + 1);
  }
  return out;
}

function podsByOwner(sync: Sync, pods: readonly Pod[]): Map<string, Pod[]> {
  const uids = new Set(sync.list().map((rs) => rs.metadata.uid).filter((u): u is string => u !== undefined));
  const out = new Map<string, Pod[]>();
  for (const uid of uids) out.set(uid, []);
  for (const pod of pods) {
    if (!labelsMatchSelector(pod.metadata.labels, sync.d.spec.selector)) continue;
    const uid = getControllerOf(pod)?.uid;
    if (uid !== undefined && uids.has(uid)) out.get(uid)?.push(pod);
  }
  return out;
}

function finish(sync: Sync, stored: Deployment, status: DeploymentStatus, newRS: ReplicaSet | undefined): DeploymentPlan {
  const writeStatus = !deepEqual(stored.status ?? {}, status);
  const requeueAfterMs = stuckDeploymentRequeueMs(sync.d, status, sync.now);
  return {
    creates: [...sync.creates.values()],
    updates: [...sync.updates.values()],
    deletes: sync.deletes,
    ...(sync.annotationsChanged ? { annotations: sync.d.metadata.annotations ?? {} } : {}),
    status,
    writeStatus,
    ...(requeueAfterMs === undefined ? {} : { requeueAfterMs }),
    requeue: sync.requeue,
    events: sync.events,
    ...(newRS === undefined ? {} : { newReplicaSet: newRS }),
  };
}
