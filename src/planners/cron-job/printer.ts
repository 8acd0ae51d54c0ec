// `kubectl get cronjobs` text (upstream pkg/printers/internalversion printCronJob,
// kubernetes-rules.md §Q.7).
import type { CronJob } from '../../model/cron-job.js';
import type { TimeInput } from '../../model/time.js';
import { ageOf, formatTable } from '../printers.js';
import { labelSelectorToString } from '../selector.js';

/** Options of {@link formatCronJobTable}. */
export interface FormatCronJobTableOptions {
  /** `-o wide`: adds `CONTAINERS IMAGES SELECTOR` (the jobTemplate's). */
  readonly wide?: boolean;
}

/**
 * The cells of one `kubectl get cronjobs` row: NAME, SCHEDULE, TIMEZONE (`<none>` without
 * `spec.timeZone`), SUSPEND (`True`/`False`, `<unset>` before defaulting), ACTIVE (the number of
 * `status.active` references), LAST SCHEDULE (age of `lastScheduleTime`, `<none>` before the
 * first), AGE; wide adds the jobTemplate's CONTAINERS, IMAGES and SELECTOR (`<none>`).
 *
 * @example
 * ```ts
 * import { cronJobRowCells } from 'podkit/planners';
 * cronJobRowCells(cronJob, clock.now()); // ['nightly', '@daily', '<none>', 'False', '0', '<none>', '5m']
 * ```
 */
export function cronJobRowCells(cj: CronJob, now: TimeInput, options: FormatCronJobTableOptions = {}): string[] {
  const suspend = cj.spec.suspend;
  const last = cj.status?.lastScheduleTime;
  const cells = [
    cj.metadata.name ?? '',
    cj.spec.schedule,
    cj.spec.timeZone ?? '<none>',
    suspend === undefined ? '<unset>' : suspend ? 'True' : 'False',
    String(cj.status?.active?.length ?? 0),
    last === undefined || last === '' ? '<none>' : ageOf(last, now),
    ageOf(cj.metadata.creationTimestamp, now),
  ];
  if (options.wide === true) {
    const containers = cj.spec.jobTemplate.spec.template.spec.containers;
    const selector = cj.spec.jobTemplate.spec.selector;
    cells.push(containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','), labelSelectorToString(selector));
  }
  return cells;
}

/**
 * `kubectl get cronjobs` text, byte for byte: `NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST
 * SCHEDULE AGE` (wide: `CONTAINERS IMAGES SELECTOR`), laid out like kubectl's tab writer.
 *
 * @example
 * ```ts
 * import { formatCronJobTable } from 'podkit';
 * console.log(formatCronJobTable(store.list('CronJob'), clock.now()));
 * // NAME      SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
 * // nightly   0 3 * * *     <none>     False     1        2m              1h
 * ```
 */
export function formatCronJobTable(cronJobs: readonly CronJob[], now: TimeInput, options: FormatCronJobTableOptions = {}): string {
  const header = ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'];
  if (options.wide === true) header.push('CONTAINERS', 'IMAGES', 'SELECTOR');
  return formatTable([header, ...cronJobs.map((cj) => cronJobRowCells(cj, now, options))]);
}
