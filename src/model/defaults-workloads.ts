// API-server defaulting of workloads and nodes: apps/v1 SetDefaults_ReplicaSet and
// SetDefaults_DaemonSet, batch/v1 SetDefaults_Job plus the Job strategy's generateSelector, core/v1
// SetDefaults_NodeStatus (k8s-semantics §I.1, §J.4, §M.1). Copy-on-write like defaults-pod.ts.
import type { ObjectMeta } from './meta.js';
import { defaultPodTemplate, mapSame } from './defaults-pod.js';
import type { PodTemplateSpec } from './pod.js';
import type { DaemonSet, Job, JobSpec, Node, PodFailurePolicyRule, ReplicaSet } from './workloads.js';

/** Label keys the Job API adds to generated selectors and pod templates. */
export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
/** The `batch.kubernetes.io/job-name` label key. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** The legacy `controller-uid` label key (still added). */
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
/** The legacy `job-name` label key (still added). */
export const LEGACY_JOB_NAME_LABEL = 'job-name';

const MAX_INT32 = 2147483647;

function withNamespace(meta: ObjectMeta): ObjectMeta {
  return meta.namespace !== undefined && meta.namespace !== '' ? meta : { ...meta, namespace: 'default' };
}

/** ReplicaSet: namespace `default`, replicas 1, template pod-spec defaults. */
export function defaultReplicaSet(rs: ReplicaSet): ReplicaSet {
  const metadata = withNamespace(rs.metadata);
  const template = defaultPodTemplate(rs.spec.template);
  if (metadata === rs.metadata && template === rs.spec.template && rs.spec.replicas !== undefined) return rs;
  return { ...rs, metadata, spec: { ...rs.spec, replicas: rs.spec.replicas ?? 1, template } };
}

/**
 * DaemonSet: namespace `default`; updateStrategy RollingUpdate with maxUnavailable 1 and maxSurge
 * 0 (filled in field by field); revisionHistoryLimit 10; template pod-spec defaults.
 */
export function defaultDaemonSet(ds: DaemonSet): DaemonSet {
  const metadata = withNamespace(ds.metadata);
  const template = defaultPodTemplate(ds.spec.template);
  const strategy = ds.spec.updateStrategy;
  const type = strategy?.type ?? 'RollingUpdate';
  const ru = strategy?.rollingUpdate;
  const strategyDone =
    strategy?.type !== undefined && (type !== 'RollingUpdate' || (ru?.maxUnavailable !== undefined && ru.maxSurge !== undefined));
  if (metadata === ds.metadata && template === ds.spec.template && strategyDone && ds.spec.revisionHistoryLimit !== undefined) {
    return ds;
  }
  const updateStrategy = strategyDone
    ? strategy
    : {
        ...strategy,
        type,
        ...(type === 'RollingUpdate' ? { rollingUpdate: { ...ru, maxUnavailable: ru?.maxUnavailable ?? 1, maxSurge: ru?.maxSurge ?? 0 } } : {}),
      };
  return {
    ...ds,
    metadata,
    spec: {
      ...ds.spec,
      template,
      ...(updateStrategy === undefined ? {} : { updateStrategy }),
      revisionHistoryLimit: ds.spec.revisionHistoryLimit ?? 10,
    },
  };
}

function defaultRule(rule: PodFailurePolicyRule): PodFailurePolicyRule {
  const conds = rule.onPodConditions;
  if (conds === undefined) return rule;
  const next = mapSame(conds, (c) => (c.status === undefined ? { ...c, status: 'True' as const } : c));
  return next === conds ? rule : { ...rule, onPodConditions: next };
}

/** The Job strategy's `generateSelector`: labels on the template, selector on the uid. */
function generateSelector(spec: JobSpec, name: string, uid: string): JobSpec {
  const labels = spec.template.metadata?.labels ?? {};
  const want: Record<string, string> = {
    [LEGACY_JOB_NAME_LABEL]: name,
    [JOB_NAME_LABEL]: name,
    [LEGACY_CONTROLLER_UID_LABEL]: uid,
    [JOB_CONTROLLER_UID_LABEL]: uid,
  };
  let nextLabels: Record<string, string> | undefined;
  for (const key in want) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) {
      nextLabels ??= { ...labels };
      nextLabels[key] = want[key] as string;
    }
  }
  const matchLabels = spec.selector?.matchLabels;
  const selectorDone = matchLabels !== undefined && Object.prototype.hasOwnProperty.call(matchLabels, JOB_CONTROLLER_UID_LABEL);
  if (nextLabels === undefined && selectorDone) return spec;
  const template: PodTemplateSpec =
    nextLabels === undefined ? spec.template : { ...spec.template, metadata: { ...spec.template.metadata, labels: nextLabels } };
  const selector = selectorDone ? spec.selector : { ...spec.selector, matchLabels: { ...matchLabels, [JOB_CONTROLLER_UID_LABEL]: uid } };
  return { ...spec, template, ...(selector === undefined ? {} : { selector }) };
}

/**
 * Job: the batch/v1 defaults (§I.1), the template's pod-spec defaults, and — when
 * `manualSelector` is not true and the Job already has a name and a uid — the generated selector
 * and template labels the API server adds on create (`batch.kubernetes.io/controller-uid`,
 * `batch.kubernetes.io/job-name` and their legacy forms). Without a uid (a manifest before the
 * store created it) the selector is left alone; defaulting again once a uid is assigned adds it.
 * The Job's own labels default to the template's labels when it has none.
 */
export function defaultJob(job: Job): Job {
  let spec = job.spec;
  const template = defaultPodTemplate(spec.template);
  const pfp = spec.podFailurePolicy;
  const rules = pfp === undefined ? undefined : mapSame(pfp.rules, defaultRule);
  if (
    template !== spec.template || rules !== pfp?.rules || spec.parallelism === undefined || spec.backoffLimit === undefined ||
    spec.completionMode === undefined || spec.suspend === undefined || spec.podReplacementPolicy === undefined ||
    spec.manualSelector === undefined
  ) {
    const bothUnset = spec.completions === undefined && spec.parallelism === undefined;
    spec = {
      ...spec,
      template,
      ...(pfp === undefined || rules === undefined ? {} : { podFailurePolicy: { ...pfp, rules } }),
      ...(bothUnset ? { completions: 1 } : {}),
      parallelism: spec.parallelism ?? 1,
      backoffLimit: spec.backoffLimit ?? (spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6),
      completionMode: spec.completionMode ?? 'NonIndexed',
      suspend: spec.suspend ?? false,
      podReplacementPolicy: spec.podReplacementPolicy ?? (pfp !== undefined ? 'Failed' : 'TerminatingOrFailed'),
      manualSelector: spec.manualSelector ?? false,
    };
  }
  let metadata = withNamespace(job.metadata);
  // SetDefaults_Job copies the template labels (as they were before selector generation).
  const copyLabels = (m: ObjectMeta, s: JobSpec): ObjectMeta => {
    const tl = s.template.metadata?.labels;
    // An empty map is copied upstream too; skipping it keeps defaulting allocation-free.
    const empty = (l: Readonly<Record<string, string>> | undefined): boolean => l === undefined || Object.keys(l).length === 0;
    return !empty(tl) && empty(m.labels) ? { ...m, labels: { ...tl } } : m;
  };
  metadata = copyLabels(metadata, spec);
  const { name, uid } = job.metadata;
  if (spec.manualSelector !== true && uid !== undefined && uid !== '' && name !== undefined && name !== '') {
    spec = generateSelector(spec, name, uid);
    // The API server defaults again when it reads the stored Job back, so empty labels pick up
    // the generated ones too.
    metadata = copyLabels(metadata, spec);
  }
  if (spec === job.spec && metadata === job.metadata) return job;
  return { ...job, metadata, spec };
}

/** Node: status.allocatable defaults to status.capacity (SetDefaults_NodeStatus). Cluster-scoped. */
export function defaultNode(node: Node): Node {
  const status = node.status;
  if (status?.capacity === undefined || status.allocatable !== undefined) return node;
  return { ...node, status: { ...status, allocatable: { ...status.capacity } } };
}
