import type { DaemonSet, Job, Node, Pod, ReplicaSet } from '../../model/index.js';
import { formatDaemonSetTable } from '../../planners/daemon-set/printer.js';
import { formatJobTable } from '../../planners/job/printer.js';
import { formatNodeTable, formatReplicaSetTable } from '../../planners/printers.js';
import { formatPodTable } from '../../reducers/pod-printer.js';
import type { ObjectStore, StoreKind } from '../../store/object-store.js';
import type { Deployment } from '../../model/deployment.js';
import { formatDeploymentTable } from '../../planners/deployment/printer.js';
import type { ControllerRevision, PersistentVolumeClaim, StatefulSet } from '../../model/stateful-set.js';
import { formatControllerRevisionTable, formatPersistentVolumeClaimTable, formatStatefulSetTable } from '../../planners/stateful-set/printer.js';
import type { CronJob } from '../../model/cron-job.js';
import { formatCronJobTable } from '../../planners/cron-job/printer.js';
import type { Lease } from '../../model/lease.js';
import { formatLeaseTable } from '../../planners/lease/printer.js';

/** Options of a cluster's `formatTable`. */
export interface FormatTableOptions {
  /** Only this namespace (namespaced kinds); all namespaces when omitted. */
  readonly namespace?: string;
  /** Pods: the `-o wide` columns (IP, NODE, ...). */
  readonly wide?: boolean;
}

/**
 * `kubectl get <kind>` text for the objects of a kind in a store, in the store's order:
 * pods (`NAME READY STATUS RESTARTS AGE`), ReplicaSets (`NAME DESIRED CURRENT READY AGE`), nodes
 * (`NAME STATUS ROLES AGE VERSION`), Jobs and DaemonSets. With no objects, kubectl's
 * `No resources found` line.
 */
export function formatKindTable(store: ObjectStore, kind: StoreKind, now: number, options: FormatTableOptions = {}): string {
  const list = store.list(kind, options.namespace === undefined ? {} : { namespace: options.namespace });
  if (list.length === 0) {
    return kind === 'Node' || options.namespace === undefined ? 'No resources found' : `No resources found in ${options.namespace} namespace.`;
  }
  switch (kind) {
    case 'Pod':
      return formatPodTable(list as readonly Pod[], now, { wide: options.wide === true });
    case 'ReplicaSet':
      return formatReplicaSetTable(list as readonly ReplicaSet[], now);
    case 'Node':
      return formatNodeTable(list as readonly Node[], now);
    case 'Job':
      return formatJobTable(list as readonly Job[], now);
    case 'DaemonSet':
      return formatDaemonSetTable(list as readonly DaemonSet[], now);
    case 'Deployment':
      return formatDeploymentTable(list as readonly Deployment[], now, { wide: options.wide === true });
    // StatefulSet, ControllerRevision, PersistentVolumeClaim
    case 'StatefulSet':
      return formatStatefulSetTable(list as readonly StatefulSet[], now, { wide: options.wide === true });
    case 'ControllerRevision':
      return formatControllerRevisionTable(list as readonly ControllerRevision[], now);
    case 'PersistentVolumeClaim':
      return formatPersistentVolumeClaimTable(list as readonly PersistentVolumeClaim[], now, { wide: options.wide === true });
    // CronJob
    case 'CronJob':
      return formatCronJobTable(list as readonly CronJob[], now, { wide: options.wide === true });
    // Lease
    case 'Lease':
      return formatLeaseTable(list as readonly Lease[], now);
  }
}
