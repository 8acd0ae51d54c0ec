import { describe, expect, it } from 'vitest';
import { applyDefaults, formatValidationIssue, validateObject, type KubeObject } from 'podkit';
import { container, daemonSet, job, node, replicaSet } from './helpers.js';

const issuesOf = (o: KubeObject): string[] => validateObject(applyDefaults(o)).map(formatValidationIssue);
const MISMATCH = '`selector` does not match template `labels`';
const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const pfp = (rules: NonNullable<ReturnType<typeof job>['spec']['podFailurePolicy']>['rules']) => ({ podFailurePolicy: { rules } });
const template = (labels: Record<string, string>, restartPolicy: 'Never' | 'OnFailure' = 'Never') => ({
  metadata: { labels },
  spec: { containers: [container()], restartPolicy },
});

// One row per rule: [rule, object, the exact Kubernetes error text expected among the issues].
const rules: Array<[string, KubeObject, string]> = [
  ['ReplicaSet replicas are not negative', replicaSet({ spec: { replicas: -1 } }), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  ['ReplicaSet minReadySeconds are not negative', replicaSet({ spec: { minReadySeconds: -1 } }), 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
  ['a ReplicaSet selector is not empty (§K.1)', replicaSet({ spec: { selector: {} } }), 'spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
  [
    'a ReplicaSet selector matches the template labels (§K.1)',
    replicaSet({ spec: { selector: { matchLabels: { app: 'other' } } } }),
    `spec.template.metadata.labels: Invalid value: {"app":"web"}: ${MISMATCH}`,
  ],
  [
    'a ReplicaSet selector is a valid selector',
    replicaSet({ spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } } }),
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ],
  [
    'an invalid ReplicaSet selector also reports "invalid label selector"',
    replicaSet({ spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] } } }),
    'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Exists","values":["x"]}]}: invalid label selector',
  ],
  ['a ReplicaSet template restartPolicy is Always', replicaSet({ templateSpec: { restartPolicy: 'Never' } }), 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ['a ReplicaSet template has no activeDeadlineSeconds', replicaSet({ templateSpec: { activeDeadlineSeconds: 10 } }), 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
  ['ReplicaSet template containers are validated', replicaSet({ templateSpec: { containers: [container({ name: 'A' })] } }), 'spec.template.spec.containers[0].name: Invalid value: "A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')'],
  [
    'template label errors name <template>.labels, as upstream',
    replicaSet({ spec: { template: { metadata: { labels: { app: 'web', tier: 'a b' } }, spec: { containers: [container()] } } } }),
    "spec.template.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ],
  ['a DaemonSet selector is not empty', daemonSet({ spec: { selector: {} } }), 'spec.selector: Invalid value: {}: empty selector is invalid for daemonset'],
  ['a DaemonSet selector matches the template labels', daemonSet({ spec: { selector: { matchLabels: { app: 'x' } } } }), `spec.template.metadata.labels: Invalid value: {"app":"agent"}: ${MISMATCH}`],
  ['a DaemonSet template restartPolicy is Always', daemonSet({ templateSpec: { restartPolicy: 'OnFailure' } }), 'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  ['a DaemonSet template has no activeDeadlineSeconds', daemonSet({ templateSpec: { activeDeadlineSeconds: 10 } }), 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'],
  ['DaemonSet maxUnavailable is at most 100% (§J.4)', daemonSet({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: '150%' } } } }), 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
  ['DaemonSet maxUnavailable is an int or a percent (§J.4)', daemonSet({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 'half' } } } }), `spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "half": ${PERCENT_MSG}`],
  ['DaemonSet maxSurge is not negative (§J.4)', daemonSet({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: -1 } } } }), 'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
  ['DaemonSet maxSurge and maxUnavailable are not both set (§J.4)', daemonSet({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } } } }), 'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "10%": may not be set when maxUnavailable is non-zero'],
  ['DaemonSet maxSurge and maxUnavailable are not both zero (§J.4)', daemonSet({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: '0%', maxSurge: 0 } } } }), 'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
  ['DaemonSet revisionHistoryLimit is not negative', daemonSet({ spec: { revisionHistoryLimit: -1 } }), 'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
  ['a Job template restartPolicy must be set to OnFailure or Never (§I.1)', job({ templateSpec: { restartPolicy: undefined as never } }), 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  ['a Job template restartPolicy Always is rejected (§I.1)', job({ templateSpec: { restartPolicy: 'Always' } }), 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  [
    'a podFailurePolicy needs restartPolicy Never (§I.1)',
    job({ templateSpec: { restartPolicy: 'OnFailure' }, spec: pfp([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }]) }),
    'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
  ],
  [
    'podReplacementPolicy is Failed with a podFailurePolicy (§I.1)',
    job({ spec: { ...pfp([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }]), podReplacementPolicy: 'TerminatingOrFailed' } }),
    'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
  ],
  ['an Indexed Job needs completions (§I.1)', job({ spec: { completionMode: 'Indexed', parallelism: 2 } }), 'spec.completions: Required value: when completion mode is Indexed'],
  ['an Indexed Job has parallelism at most 100000', job({ spec: { completionMode: 'Indexed', completions: 2, parallelism: 100001 } }), 'spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed'],
  ['a successPolicy needs Indexed mode (§I.1)', job({ spec: { successPolicy: { rules: [{ succeededCount: 1 }] } } }), 'spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode'],
  ['backoffLimitPerIndex needs Indexed mode', job({ spec: { backoffLimitPerIndex: 1 } }), 'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode'],
  ['maxFailedIndexes needs backoffLimitPerIndex', job({ spec: { completionMode: 'Indexed', completions: 3, maxFailedIndexes: 1 } }), 'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified'],
  ['maxFailedIndexes is at most completions', job({ spec: { completionMode: 'Indexed', completions: 10, backoffLimitPerIndex: 1, maxFailedIndexes: 11 } }), 'spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions'],
  [
    'maxFailedIndexes is required above 100000 completions with backoffLimitPerIndex',
    job({ spec: { completionMode: 'Indexed', completions: 100001, backoffLimitPerIndex: 1 } }),
    'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000',
  ],
  [
    'parallelism is at most 10000 above 100000 completions with backoffLimitPerIndex',
    job({ spec: { completionMode: 'Indexed', completions: 100001, parallelism: 50000, backoffLimitPerIndex: 1, maxFailedIndexes: 1 } }),
    'spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
  ],
  [
    'maxFailedIndexes is at most 100000',
    job({ spec: { completionMode: 'Indexed', completions: 100001, backoffLimitPerIndex: 1, maxFailedIndexes: 100001 } }),
    'spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000',
  ],
  ['managedBy has at most 63 characters', job({ spec: { managedBy: `example.com/${'x'.repeat(60)}` } }), 'spec.managedBy: Too long: may not be longer than 63'],
  ['Job parallelism is not negative', job({ spec: { parallelism: -1 } }), 'spec.parallelism: Invalid value: -1: must be greater than or equal to 0'],
  ['Job completions are not negative', job({ spec: { completions: -1 } }), 'spec.completions: Invalid value: -1: must be greater than or equal to 0'],
  ['Job backoffLimit is not negative', job({ spec: { backoffLimit: -1 } }), 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
  ['Job activeDeadlineSeconds is not negative', job({ spec: { activeDeadlineSeconds: -1 } }), 'spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'],
  ['Job ttlSecondsAfterFinished is not negative', job({ spec: { ttlSecondsAfterFinished: -1 } }), 'spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0'],
  ['a podFailurePolicy rule matches something', job({ spec: pfp([{ action: 'FailJob' }]) }), 'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required'],
  [
    'a podFailurePolicy rule does not match both ways',
    job({ spec: pfp([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }]) }),
    'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
  ],
  ['a podFailurePolicy action is known', job({ spec: pfp([{ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }]) }), 'spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"'],
  ['a podFailurePolicy action is required', job({ spec: pfp([{ action: '', onExitCodes: { operator: 'In', values: [1] } }]) }), 'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'],
  ['FailIndex needs backoffLimitPerIndex', job({ spec: pfp([{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }]) }), 'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'],
  ['exit codes are ordered', job({ spec: pfp([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [19, 11] } }]) }), 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [19,11]: must be ordered'],
  ['exit codes are unique', job({ spec: pfp([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [11, 11] } }]) }), 'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11'],
  ['In does not list exit code 0', job({ spec: pfp([{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1, 0, 2] } }]) }), 'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator'],
  ['exit codes list at least one value', job({ spec: pfp([{ action: 'Ignore', onExitCodes: { operator: 'In', values: [] } }]) }), 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value is required'],
  ['the exit-code operator is In or NotIn', job({ spec: pfp([{ action: 'Ignore', onExitCodes: { operator: 'Between', values: [1] } }]) }), 'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Between": supported values: "In", "NotIn"'],
  [
    'an exit-code container name is a container of the template',
    job({ spec: pfp([{ action: 'FailJob', onExitCodes: { containerName: 'xyz', operator: 'In', values: [5] } }]) }),
    'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "xyz": must be one of the container or initContainer names in the pod template',
  ],
  [
    'a condition pattern type is a qualified name',
    job({ spec: pfp([{ action: 'Ignore', onPodConditions: [{ type: 'Invalid Condition Type' }] }]) }),
    "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Invalid Condition Type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  ['at most 20 podFailurePolicy rules', job({ spec: pfp(Array.from({ length: 21 }, (_, i) => ({ action: 'FailJob', onExitCodes: { operator: 'In', values: [i + 1] } }))) }), 'spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items'],
  [
    'successPolicy indexes parse',
    job({ spec: { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: 'invalid-format' }] } } }),
    'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "invalid-format": error parsing succeededIndexes: cannot convert string to integer for index: "invalid"',
  ],
  [
    'successPolicy succeededCount is at most completions',
    job({ spec: { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededCount: 6 }] } } }),
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)',
  ],
  [
    'successPolicy succeededCount is at most the listed indexes',
    job({ spec: { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededCount: 4, succeededIndexes: '0-2' }] } } }),
    'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)',
  ],
  [
    'successPolicy rules say something',
    job({ spec: { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{}] } } }),
    'spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified',
  ],
  ['managedBy is a domain-prefixed path', job({ spec: { managedBy: 'my controller' } }), 'spec.managedBy: Invalid value: "my controller": must be a domain-prefixed path (such as "acme.io/foo")'],
  [
    'a generated selector matches the generated labels',
    job({ metadata: { uid: '1a2b3c' }, spec: { selector: { matchLabels: { a: 'b' } } } }),
    'spec.selector: Invalid value: {"matchLabels":{"a":"b","batch.kubernetes.io/controller-uid":"1a2b3c"}}: `selector` not auto-generated',
  ],
  [
    'a manual selector matches the template labels',
    job({ spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } }, template: template({ y: 'z' }) } }),
    `spec.template.metadata.labels: Invalid value: {"y":"z"}: ${MISMATCH}`,
  ],
  ['a manual selector is required', job({ spec: { manualSelector: true } }), 'spec.selector: Required value'],
  [
    'Node taint keys are qualified names',
    node({ spec: { taints: [{ key: 'a b', effect: 'NoSchedule' }] } }),
    "spec.taints[0].key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  ['a Node is cluster-scoped', node({ metadata: { name: 'n', namespace: 'default' } }), 'metadata.namespace: Forbidden: not allowed on this type'],
  ['Node taints are unique by key and effect', node({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule', value: 'v' }] } }), 'spec.taints[1]: Duplicate value: {"key":"k","effect":"NoSchedule","value":"v"}: taints must be unique by key and effect pair'],
  ['Node capacity quantities are valid', node({ status: { capacity: { cpu: 'lots' } } }), "status.capacity[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
];

describe('validateObject (ReplicaSet, DaemonSet, Job, Node)', () => {
  it.each([
    ['ReplicaSet', replicaSet()],
    ['DaemonSet', daemonSet()],
    ['DaemonSet with OnDelete', daemonSet({ spec: { updateStrategy: { type: 'OnDelete' } } })],
    ['Job without uid', job()],
    ['Job with uid', job({ metadata: { uid: 'u' } })],
    ['Indexed Job with a success policy', job({ spec: { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0,2-4', succeededCount: 2 }] } } })],
    ['Node', node({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] }, status: { capacity: { cpu: '4', memory: '8Gi' } } })],
  ] as Array<[string, KubeObject]>)('accepts a valid %s', (_n, obj) => {
    expect(issuesOf(obj)).toEqual([]);
  });

  it.each(rules)('checks that %s', (_rule, obj, expected) => {
    expect(issuesOf(obj)).toContain(expected);
  });

  it('checks the generated labels of a Job with a uid (ValidateGeneratedSelector)', () => {
    const j = applyDefaults(job({ metadata: { uid: '1a2b3c' } }));
    const labels = { ...j.spec.template.metadata?.labels };
    delete labels['batch.kubernetes.io/controller-uid'];
    const broken = { ...j, spec: { ...j.spec, template: { ...j.spec.template, metadata: { labels } } } };
    expect(validateObject(broken).map(formatValidationIssue)).toContain(
      "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value: must be '1a2b3c'",
    );
  });

  it('defers the generated-selector checks of a Job without a uid, then runs them once it has one', () => {
    const j = job({ spec: { selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) } });
    expect(issuesOf(j)).toContain('spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` not auto-generated');
    expect(issuesOf(job())).toEqual([]);
  });
});
