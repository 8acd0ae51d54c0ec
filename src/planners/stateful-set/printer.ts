// `kubectl get statefulsets` text (upstream pkg/printers/internalversion `printStatefulSet`,
// docs/reference/kubernetes-rules.md §P.9).
import type { ControllerRevision, PersistentVolumeClaim, StatefulSet } from '../../model/stateful-set.js';
import type { TimeInput } from '../../model/time.js';
import { ageOf, formatTable } from '../printers.js';

/** Options of {@link formatStatefulSetTable}. */
export interface FormatStatefulSetTableOptions {
  /** `-o wide`: adds `CONTAINERS IMAGES`. */
  readonly wide?: boolean;
}

/**
 * The cells of one `kubectl get statefulsets` row: name, READY (`status.readyReplicas/spec.replicas`),
 * AGE, and with `wide` CONTAINERS and IMAGES (comma-joined, as `layoutContainerCells`).
 *
 * @example
 * ```ts
 * import { statefulSetRowCells } from 'podkit/planners';
 * statefulSetRowCells(sts, clock.now(), { wide: true }); // ['web', '3/3', '5m', 'app', 'busybox:1.36']
 * ```
 */
export function statefulSetRowCells(sts: StatefulSet, now: TimeInput, options: FormatStatefulSetTableOptions = {}): string[] {
  const cells = [sts.metadata.name ?? '', `${sts.status?.readyReplicas ?? 0}/${sts.spec.replicas ?? 1}`, ageOf(sts.metadata.creationTimestamp, now)];
  if (options.wide === true) {
    const containers = sts.spec.template.spec.containers;
    cells.push(containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','));
  }
  return cells;
}

/**
 * `kubectl get statefulsets` text, byte for byte: `NAME READY AGE` (wide: `CONTAINERS IMAGES`
 * too), laid out like kubectl's tab writer. An empty list gives the header alone (kubectl prints
 * `No resources found` instead; see the cluster's `formatTable`).
 *
 * @example
 * ```ts
 * import { formatStatefulSetTable } from 'podkit';
 * console.log(formatStatefulSetTable(store.list('StatefulSet'), clock.now()));
 * // NAME   READY   AGE
 * // web    3/3     5m
 * ```
 */
export function formatStatefulSetTable(sets: readonly StatefulSet[], now: TimeInput, options: FormatStatefulSetTableOptions = {}): string {
  const header = ['NAME', 'READY', 'AGE'];
  if (options.wide === true) header.push('CONTAINERS', 'IMAGES');
  return formatTable([header, ...sets.map((s) => statefulSetRowCells(s, now, options))]);
}

/**
 * The CONTROLLER cell of a ControllerRevision (`printControllerRevision`): the controllerRef as
 * `<kind>.<group>/<name>` in lower case (`statefulset.apps/web`), `<none>` without one.
 */
export function controllerRevisionOwnerText(cr: ControllerRevision): string {
  const ref = cr.metadata.ownerReferences?.find((r) => r.controller === true);
  if (ref === undefined) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${(group === '' ? ref.kind : `${ref.kind}.${group}`).toLowerCase()}/${ref.name}`;
}

/**
 * `kubectl get controllerrevisions` text: `NAME CONTROLLER REVISION AGE`.
 *
 * @example
 * ```ts
 * import { formatControllerRevisionTable } from 'podkit';
 * console.log(formatControllerRevisionTable(store.list('ControllerRevision'), clock.now()));
 * // NAME             CONTROLLER              REVISION   AGE
 * // web-7c9f8b6d5f   statefulset.apps/web    1          5m
 * ```
 */
export function formatControllerRevisionTable(revisions: readonly ControllerRevision[], now: TimeInput): string {
  const rows = revisions.map((cr) => [cr.metadata.name ?? '', controllerRevisionOwnerText(cr), String(cr.revision), ageOf(cr.metadata.creationTimestamp, now)]);
  return formatTable([['NAME', 'CONTROLLER', 'REVISION', 'AGE'], ...rows]);
}

const MODE_ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** The cells of one `kubectl get pvc` row (`printPersistentVolumeClaim`), wide adds VOLUMEMODE. */
export function persistentVolumeClaimRowCells(pvc: PersistentVolumeClaim, now: TimeInput, options: { readonly wide?: boolean } = {}): string[] {
  const phase = pvc.metadata.deletionTimestamp !== undefined ? 'Terminating' : (pvc.status?.phase ?? '');
  const bound = (pvc.spec.volumeName ?? '') !== '';
  const modes = pvc.status?.accessModes ?? [];
  const accessModes = bound ? MODE_ABBREVIATIONS.filter(([m]) => modes.includes(m)).map(([, a]) => a).join(',') : '';
  const capacity = bound ? String(pvc.status?.capacity?.['storage'] ?? '0') : '';
  const klass = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec.storageClassName ?? '';
  const cells = [pvc.metadata.name ?? '', phase, pvc.spec.volumeName ?? '', capacity, accessModes, klass, '<unset>', ageOf(pvc.metadata.creationTimestamp, now)];
  if (options.wide === true) cells.push(pvc.spec.volumeMode ?? '<unset>');
  return cells;
}

/**
 * `kubectl get persistentvolumeclaims` text: `NAME STATUS VOLUME CAPACITY ACCESS MODES
 * STORAGECLASS VOLUMEATTRIBUTESCLASS AGE` (wide: `VOLUMEMODE`). Capacity and access modes are
 * shown only once the claim is bound to a volume, as kubectl does.
 *
 * @example
 * ```ts
 * import { formatPersistentVolumeClaimTable } from 'podkit';
 * console.log(formatPersistentVolumeClaimTable(store.list('PersistentVolumeClaim'), clock.now()));
 * ```
 */
export function formatPersistentVolumeClaimTable(claims: readonly PersistentVolumeClaim[], now: TimeInput, options: { readonly wide?: boolean } = {}): string {
  const header = ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'];
  if (options.wide === true) header.push('VOLUMEMODE');
  return formatTable([header, ...claims.map((c) => persistentVolumeClaimRowCells(c, now, options))]);
}
