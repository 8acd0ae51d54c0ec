// `kubectl get jobs` columns (§G.6, upstream printJob).
import { describe, expect, it } from 'vitest';
import { formatJobTable, jobStatusText } from 'podkit';
import type { Job, WorkloadCondition } from 'podkit';
import { newJob, T0, ts } from './job-fixtures.js';

const withConds = (conditions: WorkloadCondition[], extra: Partial<Job['metadata']> = {}): Job => {
  const job = newJob();
  return { ...job, metadata: { ...job.metadata, ...extra }, status: { conditions } };
};

describe('jobStatusText (§G.6)', () => {
  it.each([
    ['Complete', [{ type: 'Complete', status: 'True' }, { type: 'Failed', status: 'True' }], {}],
    ['Failed', [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }], {}],
    ['Terminating', [{ type: 'Suspended', status: 'True' }], { deletionTimestamp: ts(T0) }],
    ['Suspended', [{ type: 'FailureTarget', status: 'True' }, { type: 'Suspended', status: 'True' }], {}],
    ['FailureTarget', [{ type: 'FailureTarget', status: 'True' }], {}],
    ['Running', [{ type: 'Suspended', status: 'False' }, { type: 'SuccessCriteriaMet', status: 'True' }], {}],
  ] as [string, WorkloadCondition[], Partial<Job['metadata']>][])('%s', (want, conditions, meta) => {
    expect(jobStatusText(withConds(conditions, meta))).toBe(want);
  });
});

describe('formatJobTable (§G.6)', () => {
  it('prints NAME STATUS COMPLETIONS DURATION AGE', () => {
    const running: Job = { ...newJob({ name: 'pi', completions: 3 }), status: { succeeded: 1, startTime: ts(T0 - 10_000) } };
    const done: Job = {
      ...newJob({ name: 'batch-long-name', completions: 1 }),
      status: { succeeded: 1, startTime: ts(T0 - 600_000), completionTime: ts(T0 - 450_000), conditions: [{ type: 'Complete', status: 'True' }] },
    };
    const queue: Job = { ...newJob({ name: 'wq', completions: null, parallelism: 2 }) };
    const single: Job = { ...newJob({ name: 'one', completions: null, parallelism: 1 }), status: { succeeded: 1 } };
    expect(formatJobTable([running, done, queue, single], T0)).toBe(
      [
        'NAME              STATUS     COMPLETIONS   DURATION   AGE',
        'pi                Running    1/3           10s        60m',
        'batch-long-name   Complete   1/1           2m30s      60m',
        'wq                Running    0/1 of 2                 60m',
        'one               Running    1/1                      60m',
      ].join('\n'),
    );
  });
});
