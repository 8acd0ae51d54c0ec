// Server-side printing: `meta.k8s.io/v1 Table` for `Accept: application/json;as=Table;...`, with
// the columns and cells upstream's printers give (pkg/printers/internalversion), computed by
// podkit's own kubectl-exact printers. Priority-1 columns are the `-o wide` ones.
import type { DaemonSet, Job, KubeEvent, LabelSelector, Node, ObjectMeta, Pod, PodSpec, ReplicaSet } from '../model/index.js';
import { formatLabelMap } from '../planners/daemon-set/printer.js';
import { jobCompletionsText, jobDurationText, jobStatusText } from '../planners/job/printer.js';
import { ageOf, nodeRoles, nodeStatusText } from '../planners/printers.js';
import { desiredReplicas } from '../planners/replica-set-status.js';
import { toPodRowWide } from '../reducers/pod-printer.js';
import type { ApiResource } from './resources.js';
import type { Deployment } from '../model/deployment.js';
import { deploymentReadyText } from '../planners/deployment/printer.js';
import type { ControllerRevision, PersistentVolumeClaim, StatefulSet } from '../model/stateful-set.js';
import { controllerRevisionOwnerText, persistentVolumeClaimRowCells, statefulSetRowCells } from '../planners/stateful-set/printer.js';
import type { CronJob } from '../model/cron-job.js';
import { cronJobRowCells } from '../planners/cron-job/printer.js';
import type { Lease } from '../model/lease.js';
import { leaseRowCells } from '../planners/lease/printer.js';

/** A column of a Table. */
export interface TableColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date' | 'boolean';
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** A row of a Table: cells in column order and (by default) the object's metadata. */
export interface TableRow {
  readonly cells: readonly (string | number)[];
  readonly object?: unknown;
}

/** A `meta.k8s.io/v1 Table`. */
export interface KubeTable {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string; readonly remainingItemCount?: number };
  readonly columnDefinitions: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

type Cells = (obj: never, now: number) => (string | number)[];

const col = (name: string, type: TableColumn['type'], description: string, priority = 0, format = ''): TableColumn => ({ name, type, format, description, priority });
const nameCol = col('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
const ageCol = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** upstream `metav1.FormatLabelSelector`: requirements sorted by key, `<none>` when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const parts: [string, string][] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) parts.push([k, `${k}=${v}`]);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    parts.push([e.key, text]);
  }
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = parts.map((p) => p[1]).join(',');
  return text === '' ? '<none>' : text;
}

const containersOf = (spec: PodSpec): string => spec.containers.map((c) => c.name).join(',');
const imagesOf = (spec: PodSpec): string => spec.containers.map((c) => c.image ?? '').join(',');
const age = (meta: ObjectMeta, now: number): string => ageOf(meta.creationTimestamp, now);
const wideWorkload = [col('Containers', 'string', 'Names of each container in the template.', 1), col('Images', 'string', 'Images referenced by each container in the template.', 1), col('Selector', 'string', 'Label selector for pods.', 1)];

interface Printer {
  readonly columns: readonly TableColumn[];
  readonly cells: Cells;
}

const PRINTERS: Readonly<Record<string, Printer>> = {
  Pod: {
    columns: [
      nameCol,
      col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      ageCol,
      col('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
      col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
      col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
      col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
    ],
    cells: (pod: Pod, now) => {
      const r = toPodRowWide(pod, now);
      return [r.name, r.ready, r.status, r.restarts, r.age, r.ip, r.node, r.nominatedNode, r.readinessGates];
    },
  },
  Node: {
    columns: [
      nameCol,
      col('Status', 'string', 'The status of the node'),
      col('Roles', 'string', 'The roles of the node'),
      ageCol,
      col('Version', 'string', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
      col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
      col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
      col('Kernel-Version', 'string', 'Kernel Version reported by the node from uname -r (e.g. 3.16.0-0.bpo.4-amd64).', 1),
      col('Container-Runtime', 'string', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
    ],
    cells: (node: Node, now) => {
      const roles = nodeRoles(node);
      const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
      const info = node.status?.nodeInfo;
      return [
        node.metadata.name ?? '',
        nodeStatusText(node),
        roles.length === 0 ? '<none>' : roles.join(','),
        age(node.metadata, now),
        info?.kubeletVersion ?? '',
        address('InternalIP'),
        address('ExternalIP'),
        info?.osImage ?? '<unknown>',
        '<unknown>',
        info?.containerRuntimeVersion ?? '<unknown>',
      ];
    },
  },
  ReplicaSet: {
    columns: [
      nameCol,
      col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
      col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
      col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
      ageCol,
      ...wideWorkload,
    ],
    cells: (rs: ReplicaSet, now) => [
      rs.metadata.name ?? '',
      desiredReplicas(rs),
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      age(rs.metadata, now),
      containersOf(rs.spec.template.spec),
      imagesOf(rs.spec.template.spec),
      formatLabelSelector(rs.spec.selector),
    ],
  },
  DaemonSet: {
    columns: [
      nameCol,
      col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
      col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
      col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
      col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
      col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node.'),
      ageCol,
      ...wideWorkload,
    ],
    cells: (ds: DaemonSet, now) => [
      ds.metadata.name ?? '',
      ds.status?.desiredNumberScheduled ?? 0,
      ds.status?.currentNumberScheduled ?? 0,
      ds.status?.numberReady ?? 0,
      ds.status?.updatedNumberScheduled ?? 0,
      ds.status?.numberAvailable ?? 0,
      formatLabelMap(ds.spec.template.spec.nodeSelector),
      age(ds.metadata, now),
      containersOf(ds.spec.template.spec),
      imagesOf(ds.spec.template.spec),
      formatLabelSelector(ds.spec.selector),
    ],
  },
  Job: {
    columns: [
      nameCol,
      col('Status', 'string', 'Status of the job.'),
      col('Completions', 'string', 'The desired number of successfully finished pods the job should be run with.'),
      col('Duration', 'string', 'Time required to complete the job.'),
      ageCol,
      ...wideWorkload,
    ],
    cells: (job: Job, now) => [
      job.metadata.name ?? '',
      jobStatusText(job),
      jobCompletionsText(job),
      jobDurationText(job, now),
      age(job.metadata, now),
      containersOf(job.spec.template.spec),
      imagesOf(job.spec.template.spec),
      formatLabelSelector(job.spec.selector),
    ],
  },
  // Deployment (apps/v1): printDeployment
  Deployment: {
    columns: [
      nameCol,
      col('Ready', 'string', 'Number of the pod with ready state'),
      col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      ageCol,
      col('Containers', 'string', 'Names of each container in the template.', 1),
      col('Images', 'string', 'Images referenced by each container in the template.', 1),
      col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
    ],
    cells: (d: Deployment, now) => [
      d.metadata.name ?? '',
      deploymentReadyText(d),
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d.metadata, now),
      containersOf(d.spec.template.spec),
      imagesOf(d.spec.template.spec),
      formatLabelSelector(d.spec.selector),
    ],
  },
  // StatefulSet, ControllerRevision (apps/v1), PersistentVolumeClaim (v1): printStatefulSet,
  // printControllerRevision, printPersistentVolumeClaim
  StatefulSet: {
    columns: [
      nameCol,
      col('Ready', 'string', 'Number of the pod with ready state'),
      ageCol,
      col('Containers', 'string', 'Names of each container in the template.', 1),
      col('Images', 'string', 'Images referenced by each container in the template.', 1),
    ],
    cells: (sts: StatefulSet, now) => statefulSetRowCells(sts, now, { wide: true }),
  },
  ControllerRevision: {
    columns: [
      nameCol,
      col('Controller', 'string', 'Controller of the object'),
      col('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'),
      ageCol,
    ],
    cells: (cr: ControllerRevision, now) => [cr.metadata.name ?? '', controllerRevisionOwnerText(cr), cr.revision, age(cr.metadata, now)],
  },
  PersistentVolumeClaim: {
    columns: [
      nameCol,
      col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
      col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
      col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
      col('StorageClass', 'string', 'storageClassName is the name of the StorageClass required by the claim.'),
      col('VolumeAttributesClass', 'string', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'),
      ageCol,
      col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
    ],
    cells: (pvc: PersistentVolumeClaim, now) => persistentVolumeClaimRowCells(pvc, now, { wide: true }),
  },
  // CronJob (batch/v1): printCronJob
  CronJob: {
    columns: [
      nameCol,
      col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones'),
      col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
      col('Active', 'integer', 'A list of pointers to currently running jobs.'),
      col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
      ageCol,
      col('Containers', 'string', 'Names of each container in the template.', 1),
      col('Images', 'string', 'Images referenced by each container in the template.', 1),
      col('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
    ],
    cells: (cj: CronJob, now) => {
      const c = cronJobRowCells(cj, now, { wide: true });
      return [c[0] ?? '', c[1] ?? '', c[2] ?? '', c[3] ?? '', cj.status?.active?.length ?? 0, c[5] ?? '', c[6] ?? '', c[7] ?? '', c[8] ?? '', c[9] ?? ''];
    },
  },
  // Lease (coordination.k8s.io/v1): printLease
  Lease: {
    columns: [
      nameCol,
      col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
      ageCol,
    ],
    cells: (lease: Lease, now) => leaseRowCells(lease, now),
  },
  Namespace: {
    columns: [nameCol, col('Status', 'string', 'The status of the namespace'), ageCol],
    cells: (ns: { metadata: ObjectMeta; status?: { phase?: string } }, now) => [ns.metadata.name ?? '', ns.status?.phase ?? 'Active', age(ns.metadata, now)],
  },
  Event: {
    columns: [
      col('Last Seen', 'string', 'Time when last event occurred'),
      col('Type', 'string', 'Type of event'),
      col('Reason', 'string', 'Reason of event'),
      col('Object', 'string', 'Object this event is about'),
      col('Subobject', 'string', 'Subobject of the event', 1),
      col('Source', 'string', 'Source of the event', 1),
      col('Message', 'string', 'Message of the event'),
      col('First Seen', 'string', 'Time when first event occurred', 1),
      col('Count', 'integer', 'Number of times the event has occurred', 1),
      col('Name', 'string', 'Name of the event', 1, 'name'),
    ],
    cells: (e: KubeEvent, now) => [
      ageOf(e.lastTimestamp, now),
      e.type,
      e.reason,
      `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
      e.involvedObject.fieldPath ?? '',
      e.source.host === undefined ? e.source.component : `${e.source.component}, ${e.source.host}`,
      e.message.trim(),
      ageOf(e.firstTimestamp, now),
      e.count,
      e.metadata.name,
    ],
  },
};

const DEFAULT_PRINTER: Printer = { columns: [nameCol, ageCol], cells: (o: { metadata: ObjectMeta }, now) => [o.metadata.name ?? '', age(o.metadata, now)] };

/** The columns of a resource's Table. */
export function tableColumns(resource: Pick<ApiResource, 'kind'>): readonly TableColumn[] {
  return (PRINTERS[resource.kind] ?? DEFAULT_PRINTER).columns;
}

/** The row of one object: its cells and a `PartialObjectMetadata` (or the object, or nothing). */
export function tableRow(resource: Pick<ApiResource, 'kind'>, obj: { readonly apiVersion?: string; readonly kind?: string; readonly metadata: ObjectMeta }, now: number, include: 'None' | 'Metadata' | 'Object'): TableRow {
  const printer = PRINTERS[resource.kind] ?? DEFAULT_PRINTER;
  const cells = (printer.cells as (o: unknown, n: number) => (string | number)[])(obj, now);
  if (include === 'None') return { cells };
  const object = include === 'Object' ? obj : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return { cells, object };
}

/** A Table of objects. */
export function toTable(
  resource: Pick<ApiResource, 'kind'>,
  objects: readonly { readonly metadata: ObjectMeta }[],
  now: number,
  include: 'None' | 'Metadata' | 'Object',
  metadata: KubeTable['metadata'],
  withColumns = true,
): KubeTable {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: withColumns ? tableColumns(resource) : [],
    rows: objects.map((o) => tableRow(resource, o, now, include)),
  };
}
