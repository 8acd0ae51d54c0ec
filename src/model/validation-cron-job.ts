// CronJob validation, restated from pkg/apis/batch/validation (ValidateCronJobCreate,
// validateCronJobSpec, validateConcurrencyPolicy, validateScheduleFormat, validateTimeZone,
// ValidateJobTemplateSpec). kubernetes-rules.md §Q.2.
import { parseCronSchedule } from './cron-job-schedule.js';
import { loadTimeZone } from './cron-job-time-zone.js';
import type { CronJob, CronJobSpec } from './cron-job.js';
import { invalid, nonNegative, notSupported, required, type ValidationIssue } from './field-error.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateJobSpec } from './validation-job.js';
import { validateObjectMeta } from './validation-meta.js';

const POLICIES = ['Allow', 'Forbid', 'Replace'];
/** https://data.iana.org/time-zones/theory.html#naming, with 0-9 and + tolerated (legacy names). */
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * `validateScheduleFormat` on create: robfig's `ParseStandard` error, and no `TZ` in the schedule
 * (`TZ=`/`CRON_TZ=` prefixes are rejected on create; only an update of a schedule that already
 * had one may keep it, which podkit's create-time validation does not cover).
 */
function validateScheduleFormat(schedule: string, out: ValidationIssue[]): void {
  const p = 'spec.schedule';
  const parsed = parseCronSchedule(schedule);
  if (typeof parsed === 'string') out.push(invalid(p, schedule, parsed));
  if (schedule.includes('TZ')) out.push(invalid(p, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
}

/** `validateTimeZone`: a non-empty IANA name (not `Local`) that loads. */
function validateTimeZone(tz: string | undefined, out: ValidationIssue[]): void {
  if (tz === undefined) return;
  const p = 'spec.timeZone';
  if (tz === '') {
    out.push(invalid(p, tz, 'timeZone must be nil or non-empty string'));
    return;
  }
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part)) {
      out.push(invalid(p, tz, `unknown time zone ${tz}`));
      return;
    }
  }
  if (tz.toLowerCase() === 'local') {
    out.push(invalid(p, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  const zone = loadTimeZone(tz);
  if (typeof zone === 'string') out.push(invalid(p, tz, zone));
}

function validateCronJobSpec(spec: CronJobSpec, out: ValidationIssue[]): void {
  if (spec.schedule.length === 0) out.push(required('spec.schedule'));
  else validateScheduleFormat(spec.schedule, out);
  nonNegative(out, spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds');
  validateTimeZone(spec.timeZone, out);
  const cp = spec.concurrencyPolicy ?? '';
  if (cp === '') out.push(required('spec.concurrencyPolicy'));
  else if (!POLICIES.includes(cp)) out.push(notSupported('spec.concurrencyPolicy', cp, POLICIES));
  // ValidateJobTemplateSpec: the Job spec checks under spec.jobTemplate, and no selector.
  const jobIssues: ValidationIssue[] = [];
  validateJobSpec(spec.jobTemplate.spec, jobIssues);
  for (const i of jobIssues) out.push({ ...i, path: `spec.jobTemplate.${i.path}` });
  const js = spec.jobTemplate.spec;
  if (js.selector !== undefined) out.push(invalid('spec.jobTemplate.spec.selector', js.selector, '`selector` will be auto-generated'));
  if (js.manualSelector === true) out.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  nonNegative(out, spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit');
  nonNegative(out, spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit');
}

/**
 * Validates a CronJob on create (`ValidateCronJobCreate`): metadata (the name a DNS subdomain of
 * at most 52 characters, since Jobs are named `<name>-<11 digits>`), the schedule (robfig's
 * parser errors, no `TZ=` / `CRON_TZ=`), `timeZone` (an IANA name, not `Local`),
 * `concurrencyPolicy` (Allow, Forbid, Replace), `startingDeadlineSeconds` and the history limits
 * ≥ 0, and the jobTemplate as a Job spec (restartPolicy OnFailure or Never, ...) without a
 * selector (it is generated) or `manualSelector: true`.
 *
 * @example
 * ```ts
 * import { validateObject, applyDefaults } from 'podkit';
 * const issues = validateObject(applyDefaults({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x' },
 *   spec: { schedule: '* * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never',
 *   containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } } }));
 * issues[0]?.path; // 'spec.schedule'
 * ```
 */
export function validateCronJob(cj: CronJob): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain, out);
  validateCronJobSpec(cj.spec, out);
  const name = cj.metadata.name ?? '';
  if (name.length > 63 - 11) out.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  return out;
}
