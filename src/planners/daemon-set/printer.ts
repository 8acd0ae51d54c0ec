// `kubectl get daemonsets` text (upstream pkg/printers/internalversion `printDaemonSet`).
import type { DaemonSet } from '../../model/index.js';
import type { TimeInput } from '../../model/time.js';
import { ageOf, formatTable } from '../printers.js';

/**
 * Upstream `labels.FormatLabels`: `key=value` pairs sorted by key, joined by commas; `<none>`
 * when there are none (the NODE SELECTOR column).
 */
export function formatLabelMap(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

/**
 * `kubectl get daemonsets` text: `NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE`
 * from `status.desiredNumberScheduled`, `currentNumberScheduled`, `numberReady`,
 * `updatedNumberScheduled`, `numberAvailable` and the template's `nodeSelector`.
 *
 * @example
 * ```ts
 * import { formatDaemonSetTable } from 'podkit';
 * console.log(formatDaemonSetTable(store.list('DaemonSet'), clock.now()));
 * // NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
 * // fluentd      3         3         3       3            3           kubernetes.io/os=linux   2d
 * ```
 */
export function formatDaemonSetTable(daemonSets: readonly DaemonSet[], now: TimeInput): string {
  const rows = daemonSets.map((ds) => [
    ds.metadata.name ?? '',
    String(ds.status?.desiredNumberScheduled ?? 0),
    String(ds.status?.currentNumberScheduled ?? 0),
    String(ds.status?.numberReady ?? 0),
    String(ds.status?.updatedNumberScheduled ?? 0),
    String(ds.status?.numberAvailable ?? 0),
    formatLabelMap(ds.spec.template.spec.nodeSelector),
    ageOf(ds.metadata.creationTimestamp, now),
  ]);
  return formatTable([['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], ...rows]);
}
