import type { Node, ReplicaSet } from '../model/index.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { humanDuration } from '../reducers/human-duration.js';
import { desiredReplicas } from './replica-set-status.js';

/**
 * Lays out rows like kubectl's tab writer (min cell width 6, padding 3, left aligned, last column
 * unpadded): every column is as wide as its longest cell plus 3 spaces, at least 6.
 *
 * @example
 * ```ts
 * import { formatTable } from 'podkit';
 * formatTable([['NAME', 'AGE'], ['web', '5m']]); // 'NAME   AGE\nweb    5m'
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length + 3, 6);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join('')).join('\n');
}

/** kubectl's `translateTimestampSince`: the age of a timestamp, `<unknown>` without one. */
export function ageOf(timestamp: string | undefined, now: TimeInput): string {
  if (timestamp === undefined || timestamp === '') return '<unknown>';
  return humanDuration(toMillis(now) - toMillis(timestamp));
}

/**
 * `kubectl get replicasets` text: `NAME DESIRED CURRENT READY AGE` (desired = `spec.replicas`,
 * current = `status.replicas`, ready = `status.readyReplicas`).
 *
 * @example
 * ```ts
 * import { formatReplicaSetTable } from 'podkit';
 * console.log(formatReplicaSetTable(store.list('ReplicaSet'), clock.now()));
 * // NAME   DESIRED   CURRENT   READY   AGE
 * // web    3         3         3       5m
 * ```
 */
export function formatReplicaSetTable(replicaSets: readonly ReplicaSet[], now: TimeInput): string {
  const rows = replicaSets.map((rs) => [
    rs.metadata.name ?? '',
    String(desiredReplicas(rs)),
    String(rs.status?.replicas ?? 0),
    String(rs.status?.readyReplicas ?? 0),
    ageOf(rs.metadata.creationTimestamp, now),
  ]);
  return formatTable([['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ...rows]);
}

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** The node's roles (upstream `findNodeRoles`): `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX)) {
      const role = key.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  return [...roles].sort();
}

/**
 * kubectl's node STATUS (upstream `printNode`): `Ready` when the Ready condition is True,
 * `NotReady` when it is False or Unknown, `Unknown` when there is no Ready condition, plus
 * `,SchedulingDisabled` for a cordoned node.
 */
export function nodeStatusText(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return node.spec?.unschedulable === true ? `${status},SchedulingDisabled` : status;
}

/**
 * `kubectl get nodes` text: `NAME STATUS ROLES AGE VERSION` (roles `<none>` when unlabelled,
 * version = `status.nodeInfo.kubeletVersion`).
 *
 * @example
 * ```ts
 * import { formatNodeTable } from 'podkit';
 * console.log(formatNodeTable(store.list('Node'), clock.now()));
 * // NAME     STATUS   ROLES           AGE   VERSION
 * // node-1   Ready    control-plane   2d    v1.34.0
 * ```
 */
export function formatNodeTable(nodes: readonly Node[], now: TimeInput): string {
  const rows = nodes.map((node) => {
    const roles = nodeRoles(node);
    return [
      node.metadata.name ?? '',
      nodeStatusText(node),
      roles.length === 0 ? '<none>' : roles.join(','),
      ageOf(node.metadata.creationTimestamp, now),
      node.status?.nodeInfo?.kubeletVersion ?? '',
    ];
  });
  return formatTable([['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], ...rows]);
}
