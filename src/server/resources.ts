// The API resources a podkit API server serves: one row per resource (group, version, plural,
// kind, scope, verbs, short names, categories, subresources), built from the store's kinds and
// the kinds registered with `defineKind`. Discovery, routing and OpenAPI all read this table.
import { getKindDefinition, listKinds } from '../model/kinds.js';

/** A subresource of an API resource (`pods/status`, `pods/log`, `replicasets/scale`, ...). */
export type Subresource = 'status' | 'scale' | 'log' | 'exec' | 'binding' | 'eviction';

/** Where the objects of a resource live. */
export type ResourceSource = 'store' | 'namespaces' | 'events';

/** One resource of the Kubernetes API as podkit serves it. */
export interface ApiResource {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The resource name in URLs: `pods`, `replicasets`. */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly subresources: readonly Subresource[];
  readonly source: ResourceSource;
}

/** `group/version`, or `v1` for the core group. */
export const groupVersionOf = (r: Pick<ApiResource, 'group' | 'version'>): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

const BUILTIN: readonly ApiResource[] = [
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'log', 'exec', 'binding', 'eviction'], source: 'store' },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'], categories: [], verbs: ALL_VERBS, subresources: ['status'], source: 'store' },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], categories: [], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status'], source: 'namespaces' },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'], categories: [], verbs: ['get', 'list', 'watch'], subresources: [], source: 'events' },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status'], source: 'store' },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'scale'], source: 'store' },
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', singular: 'job', namespaced: true, shortNames: [], categories: ['all'], verbs: ALL_VERBS, subresources: ['status'], source: 'store' },
  // Deployment (apps/v1)
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'scale'], source: 'store' },
  // StatefulSet, ControllerRevision (apps/v1), PersistentVolumeClaim (v1)
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'scale'], source: 'store' },
  { group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', singular: 'controllerrevision', namespaced: true, shortNames: [], categories: [], verbs: ALL_VERBS, subresources: [], source: 'store' },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'], categories: [], verbs: ALL_VERBS, subresources: ['status'], source: 'store' },
  // CronJob (batch/v1)
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status'], source: 'store' },
  // Lease (coordination.k8s.io/v1)
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', namespaced: true, shortNames: [], categories: [], verbs: ALL_VERBS, subresources: [], source: 'store' },
];

/**
 * The resources served now: the built-in ones, then every kind registered with `defineKind`
 * (plural = lowercase kind + `s`, status subresource, no short names). Computed on each call, so
 * kinds defined after the server started are served too.
 */
export function apiResources(): readonly ApiResource[] {
  const known = new Set(BUILTIN.map((r) => `${groupVersionOf(r)}/${r.kind}`));
  const custom: ApiResource[] = [];
  for (const { apiVersion, kind } of listKinds()) {
    if (known.has(`${apiVersion}/${kind}`)) continue;
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const singular = kind.toLowerCase();
    custom.push({ group, version, kind, plural: `${singular}s`, singular, namespaced: customNamespaced(apiVersion, kind), shortNames: [], categories: [], verbs: ALL_VERBS, subresources: ['status'], source: 'store' });
  }
  return custom.length === 0 ? BUILTIN : [...BUILTIN, ...custom];
}

function customNamespaced(apiVersion: string, kind: string): boolean {
  return getKindDefinition(apiVersion, kind)?.namespaced ?? true;
}

/** The resource of a group, version and plural (or singular/short name), or `undefined`. */
export function findResource(group: string, version: string, name: string): ApiResource | undefined {
  return apiResources().find((r) => r.group === group && r.version === version && r.plural === name);
}

/** The resource serving a kind, or `undefined`. */
export function resourceOfKind(kind: string): ApiResource | undefined {
  return apiResources().find((r) => r.kind === kind);
}
