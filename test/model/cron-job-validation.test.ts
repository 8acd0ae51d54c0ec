// CronJob defaults and validation (pkg/apis/batch/v1 SetDefaults_CronJob,
// pkg/apis/batch/validation ValidateCronJobCreate), registration and kubectl text.
import { describe, expect, it } from 'vitest';
import { applyDefaults, formatCronJobTable, formatValidationIssue, MemoryStore, parseManifests, validateObject, type CronJob } from 'podkit';
import { getKindDefinition, listKinds } from 'podkit/model';
import { newCronJob, VirtualClock } from 'podkit/testing';

const issues = (cj: CronJob): string[] => validateObject(applyDefaults(cj)).map(formatValidationIssue);

describe('CronJob defaults (SetDefaults_CronJob, §Q.2)', () => {
  it('concurrencyPolicy Allow, suspend false, history limits 3 and 1, namespace default, pod-template defaults', () => {
    const cj = applyDefaults<CronJob>({ ...newCronJob({ name: 'x' }), metadata: { name: 'x' } });
    expect(cj.metadata.namespace).toBe('default');
    expect(cj.spec.concurrencyPolicy).toBe('Allow');
    expect(cj.spec.suspend).toBe(false);
    expect(cj.spec.successfulJobsHistoryLimit).toBe(3);
    expect(cj.spec.failedJobsHistoryLimit).toBe(1);
    expect(cj.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    // The Job fields are not defaulted on the template.
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(applyDefaults(cj)).toBe(cj);
  });
  it('an empty concurrencyPolicy becomes Allow, as an unset one', () => {
    expect(applyDefaults(newCronJob({ spec: { concurrencyPolicy: '' } as never })).spec.concurrencyPolicy).toBe('Allow');
  });
  it('keeps values that are set, including limits of 0', () => {
    const cj = applyDefaults(newCronJob({ concurrencyPolicy: 'Forbid', suspend: true, spec: { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 } as never }));
    expect([cj.spec.concurrencyPolicy, cj.spec.suspend, cj.spec.successfulJobsHistoryLimit, cj.spec.failedJobsHistoryLimit]).toEqual(['Forbid', true, 0, 0]);
  });
});

describe('CronJob validation (ValidateCronJobCreate, §Q.2)', () => {
  it('a valid CronJob has no issues', () => expect(issues(newCronJob())).toEqual([]));
  it.each([
    ['', 'spec.schedule: Required value'],
    ['* * * *', 'spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 * * * *', 'spec.schedule: Invalid value: "0 0 * * * *": expected exactly 5 fields, found 6: [0 0 * * * *]'],
    ['* * * * 7', 'spec.schedule: Invalid value: "* * * * 7": end of range (7) above maximum (6): 7'],
    ['@reboot', 'spec.schedule: Invalid value: "@reboot": unrecognized descriptor: @reboot'],
  ])('schedule %j → %s', (schedule, message) => {
    expect(issues(newCronJob({ schedule }))).toEqual([message]);
  });
  it('TZ= and CRON_TZ= in the schedule are rejected: use spec.timeZone', () => {
    expect(issues(newCronJob({ schedule: 'TZ=UTC 0 * * * *' }))).toEqual(['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
    expect(issues(newCronJob({ schedule: 'CRON_TZ=Mars/Base 0 * * * *' }))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=Mars/Base 0 * * * *": provided bad location Mars/Base: unknown time zone Mars/Base',
      'spec.schedule: Invalid value: "CRON_TZ=Mars/Base 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });
  it('@every and the macros are accepted (ParseStandard accepts descriptors)', () => {
    for (const schedule of ['@every 5m', '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '0 0 1,15 * sun', '*/5 * * jan-mar ?']) {
      expect(issues(newCronJob({ schedule }))).toEqual([]);
    }
  });
  it.each([
    ['', 'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'],
    ['Local', 'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['Mars/Olympus', 'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus'],
    ['../etc/passwd', 'spec.timeZone: Invalid value: "../etc/passwd": unknown time zone ../etc/passwd'],
    ['America/New York', 'spec.timeZone: Invalid value: "America/New York": unknown time zone America/New York'],
  ])('timeZone %j → %s', (timeZone, message) => {
    const got = issues(newCronJob({ timeZone }));
    expect(got[0]).toBe(message);
  });
  it('IANA names and aliases are accepted', () => {
    for (const timeZone of ['Europe/Berlin', 'America/New_York', 'UTC', 'Etc/GMT+5', 'US/Eastern']) expect(issues(newCronJob({ timeZone }))).toEqual([]);
  });
  it('concurrencyPolicy, deadlines and limits', () => {
    expect(issues(newCronJob({ spec: { concurrencyPolicy: 'Sometimes' } as never }))).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]);
    expect(issues(newCronJob({ startingDeadlineSeconds: -1, spec: { successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -2 } as never }))).toEqual([
      'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    ]);
  });
  it('the jobTemplate is validated as a Job spec, without selector or manualSelector', () => {
    expect(issues(newCronJob({ podSpec: { restartPolicy: 'Always' } }))).toEqual([
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    const cj = newCronJob();
    const withSel = { ...cj, spec: { ...cj.spec, jobTemplate: { ...cj.spec.jobTemplate, spec: { ...cj.spec.jobTemplate.spec, selector: { matchLabels: { a: 'b' } }, manualSelector: true } } } };
    expect(issues(withSel)).toEqual([
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
      'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
    ]);
  });
  it('the name is at most 52 characters (Jobs add 11)', () => {
    expect(issues(newCronJob({ name: 'a'.repeat(52) }))).toEqual([]);
    expect(issues(newCronJob({ name: 'a'.repeat(53) }))).toEqual([`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]);
  });
});

describe('CronJob manifests (§Q.2)', () => {
  it('a bad schedule is reported with file:line:col and the field path', () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: { name: x }
spec:
  schedule: "* * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: c, image: busybox }]
`;
    expect(() => parseManifests(yaml, { filename: 'cj.yaml' })).toThrowError('cj.yaml:5:13 spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]');
  });
});

describe('CronJob registration (§Q.2)', () => {
  it('is a registered kind the store, manifests and listKinds know', () => {
    expect(getKindDefinition('batch/v1', 'CronJob')?.namespaced).toBe(true);
    expect(listKinds()).toContainEqual({ apiVersion: 'batch/v1', kind: 'CronJob' });
    const clock = new VirtualClock();
    const store = new MemoryStore({ clock });
    const [doc] = parseManifests(`apiVersion: batch/v1
kind: CronJob
metadata: { name: hello }
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: hello, image: busybox:1.36, command: [sh, -c, date] }]
`);
    const stored = store.create(doc as CronJob);
    expect(stored.spec.concurrencyPolicy).toBe('Allow');
    expect(store.list('CronJob')).toHaveLength(1);
    expect(() => store.create({ ...newCronJob({ name: 'bad', schedule: 'nope' }) })).toThrow(/spec.schedule/);
  });
});

describe('formatCronJobTable (printCronJob, §Q.9)', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');
  const a = applyDefaults(newCronJob({ name: 'hello', schedule: '*/1 * * * *', metadata: { creationTimestamp: '2024-01-01T00:00:00Z' } }));
  const b: CronJob = {
    ...applyDefaults(newCronJob({ name: 'nightly-report', schedule: '0 3 * * *', timeZone: 'Europe/Berlin', suspend: true, metadata: { creationTimestamp: '2023-12-30T01:00:00Z' } })),
    status: { lastScheduleTime: '2024-01-01T00:58:00Z', active: [{ kind: 'Job', name: 'x', namespace: 'default' }, { kind: 'Job', name: 'y', namespace: 'default' }] },
  };
  it('NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, byte for byte', () => {
    expect(formatCronJobTable([a, b], now)).toBe(
      [
        'NAME             SCHEDULE      TIMEZONE        SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
        'hello            */1 * * * *   <none>          False     0        <none>          60m',
        'nightly-report   0 3 * * *     Europe/Berlin   True      2        2m              2d',
      ].join('\n'),
    );
  });
  it('wide adds CONTAINERS IMAGES SELECTOR of the jobTemplate', () => {
    expect(formatCronJobTable([a], now, { wide: true })).toBe(
      ['NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES         SELECTOR', 'hello   */1 * * * *   <none>     False     0        <none>          60m   app          busybox:1.36   <none>'].join('\n'),
    );
  });
  it('SUSPEND is <unset> before defaulting', () => {
    expect(formatCronJobTable([newCronJob({ name: 'raw' })], now).split('\n')[1]).toContain('<unset>');
  });
});
