// The batch/v1 CronJob (k8s.io/api/batch/v1 types.go: CronJob, CronJobSpec, JobTemplateSpec,
// CronJobStatus). Defaults in defaults-cron-job.ts, validation in validation-cron-job.ts.
import { z } from 'zod';
import { ObjectReferenceSchema } from './event.js';
import { ObjectMetaSchema } from './meta.js';
import { Int32Schema, Int64Schema } from './schema-helpers.js';
import { JobSpecSchema } from './workloads.js';

/** `spec.concurrencyPolicy`: `Allow` (default), `Forbid` or `Replace`. */
export const ConcurrencyPolicySchema = z.string();
/** `spec.concurrencyPolicy`: `Allow` (default), `Forbid` or `Replace` (anything else is rejected by validation). */
export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

/** The template of the Jobs a CronJob creates: their metadata (labels, annotations) and spec. */
export const JobTemplateSpecSchema = z.object({
  metadata: ObjectMetaSchema.optional(),
  spec: JobSpecSchema,
});
/** The template of the Jobs a CronJob creates. */
export type JobTemplateSpec = z.infer<typeof JobTemplateSpecSchema>;

/**
 * A CronJob's spec. Defaults (API server): `concurrencyPolicy` Allow, `suspend` false,
 * `successfulJobsHistoryLimit` 3, `failedJobsHistoryLimit` 1.
 */
export const CronJobSpecSchema = z.object({
  schedule: z.string(),
  timeZone: z.string().optional(),
  startingDeadlineSeconds: Int64Schema.optional(),
  concurrencyPolicy: ConcurrencyPolicySchema.optional(),
  suspend: z.boolean().optional(),
  jobTemplate: JobTemplateSpecSchema,
  successfulJobsHistoryLimit: Int32Schema.optional(),
  failedJobsHistoryLimit: Int32Schema.optional(),
});
/** A CronJob's spec. */
export type CronJobSpec = z.infer<typeof CronJobSpecSchema>;

/** A CronJob's status: the running Jobs it created, and when it last scheduled / last succeeded. */
export const CronJobStatusSchema = z.object({
  active: z.array(ObjectReferenceSchema).optional(),
  lastScheduleTime: z.string().optional(),
  lastSuccessfulTime: z.string().optional(),
});
/** A CronJob's status. */
export type CronJobStatus = z.infer<typeof CronJobStatusSchema>;

/** A `batch/v1` CronJob. */
export const CronJobSchema = z.object({
  apiVersion: z.literal('batch/v1'),
  kind: z.literal('CronJob'),
  metadata: ObjectMetaSchema,
  spec: CronJobSpecSchema,
  status: CronJobStatusSchema.optional(),
});
/** A `batch/v1` CronJob. */
export type CronJob = z.infer<typeof CronJobSchema>;
