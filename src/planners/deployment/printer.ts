// `kubectl get deployments` text (upstream pkg/printers/internalversion `printDeployment`,
// docs/reference/kubernetes-rules.md §O.10).
import type { Deployment } from '../../model/deployment.js';
import type { TimeInput } from '../../model/time.js';
import { ageOf, formatTable } from '../printers.js';
import { labelSelectorToString } from '../selector.js';

/** Options of {@link formatDeploymentTable}. */
export interface FormatDeploymentTableOptions {
  /** `-o wide`: adds `CONTAINERS IMAGES SELECTOR`. */
  readonly wide?: boolean;
}

/**
 * The READY cell of a Deployment: `status.readyReplicas/spec.replicas`.
 *
 * @example
 * ```ts
 * import { deploymentReadyText } from 'podkit/planners';
 * deploymentReadyText(deployment); // '3/3'
 * ```
 */
export function deploymentReadyText(d: Deployment): string {
  return `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`;
}

/**
 * The cells of one `kubectl get deployments` row (wide when asked): name, READY, UP-TO-DATE
 * (`status.updatedReplicas`), AVAILABLE (`status.availableReplicas`), AGE, then CONTAINERS,
 * IMAGES (comma-joined, as `layoutContainerCells`) and SELECTOR (`labels.Selector` text).
 *
 * @example
 * ```ts
 * import { deploymentRowCells } from 'podkit/planners';
 * deploymentRowCells(deployment, clock.now(), { wide: true }); // ['web', '3/3', '3', '3', '5m', 'app', 'nginx:1.27', 'app=web']
 * ```
 */
export function deploymentRowCells(d: Deployment, now: TimeInput, options: FormatDeploymentTableOptions = {}): string[] {
  const cells = [
    d.metadata.name ?? '',
    deploymentReadyText(d),
    String(d.status?.updatedReplicas ?? 0),
    String(d.status?.availableReplicas ?? 0),
    ageOf(d.metadata.creationTimestamp, now),
  ];
  if (options.wide === true) {
    const containers = d.spec.template.spec.containers;
    cells.push(containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','), labelSelectorToString(d.spec.selector));
  }
  return cells;
}

/**
 * `kubectl get deployments` text, byte for byte: `NAME READY UP-TO-DATE AVAILABLE AGE` (wide:
 * `CONTAINERS IMAGES SELECTOR` too), laid out like kubectl's tab writer. READY is
 * `readyReplicas/replicas`. An empty list gives the header alone (kubectl prints
 * `No resources found` instead; see the cluster's `formatTable`).
 *
 * @example
 * ```ts
 * import { formatDeploymentTable } from 'podkit';
 * console.log(formatDeploymentTable(store.list('Deployment'), clock.now()));
 * // NAME   READY   UP-TO-DATE   AVAILABLE   AGE
 * // web    3/3     3            3           5m
 * ```
 */
export function formatDeploymentTable(deployments: readonly Deployment[], now: TimeInput, options: FormatDeploymentTableOptions = {}): string {
  const header = ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'];
  if (options.wide === true) header.push('CONTAINERS', 'IMAGES', 'SELECTOR');
  return formatTable([header, ...deployments.map((d) => deploymentRowCells(d, now, options))]);
}
