// Every row of upstream pod_failure_policy_test.go TestMatchPodFailurePolicy (§I.6), gates on.
import { describe, expect, it } from 'vitest';
import { matchPodFailurePolicy } from 'podkit/planners';
import type { Pod, PodFailurePolicy, PodStatus } from 'podkit';

const pod = (status: PodStatus): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'default', name: 'mypod' },
  spec: { containers: [{ name: 'main-container' }] },
  status,
});
const cs = (name: string, exitCode?: number) => ({
  name,
  ready: false,
  restartCount: 0,
  image: '',
  imageID: '',
  ...(exitCode === undefined ? {} : { state: { terminated: { exitCode } } }),
});
const exitPod = (...containers: ReturnType<typeof cs>[]) => pod({ phase: 'Failed', containerStatuses: containers });
const condPod = (status: 'True' | 'False' | 'Unknown') => pod({ phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status }] });
const onExit = (action: string, operator: string, values: number[]) => ({ action, onExitCodes: { operator, values } });
const onCond = (action: string, status: 'True' | 'False' | 'Unknown', type = 'DisruptionTarget') => ({
  action,
  onPodConditions: [{ type, status }],
});

interface Row {
  readonly policy: PodFailurePolicy | undefined;
  readonly pod: Pod;
  readonly message?: string;
  readonly countFailed: boolean;
  readonly action?: string;
}

const rows: Record<string, Row> = {
  'unknown action for rule matching by exit codes - skip rule with unknown action': {
    policy: { rules: [onExit('UnknownAction', 'In', [1, 2]), onExit('FailJob', 'In', [2, 3])] },
    pod: exitPod(cs('main-container', 2)),
    message: 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1',
    countFailed: true,
    action: 'FailJob',
  },
  'unknown action for rule matching by pod conditions - skip rule with unknown action': {
    policy: { rules: [onCond('UnkonwnAction', 'True'), onCond('Ignore', 'True')] },
    pod: condPod('True'),
    countFailed: false,
    action: 'Ignore',
  },
  'unknown operator - rule with unknown action is skipped for onExitCodes': {
    policy: { rules: [onExit('Ignore', 'UnknownOperator', [1, 2]), onExit('FailJob', 'In', [2, 3])] },
    pod: exitPod(cs('main-container', 2)),
    message: 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1',
    countFailed: true,
    action: 'FailJob',
  },
  'no policy rules': { policy: undefined, pod: exitPod(cs('', 2)), countFailed: true },
  'ignore rule matched for exit codes': { policy: { rules: [onExit('Ignore', 'In', [1, 2, 3])] }, pod: exitPod(cs('', 2)), countFailed: false, action: 'Ignore' },
  'FailJob rule matched for exit codes': {
    policy: { rules: [onExit('FailJob', 'In', [1, 2, 3])] },
    pod: exitPod(cs('main-container', 2)),
    message: 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0',
    countFailed: true,
    action: 'FailJob',
  },
  'successful containers are skipped by the rules': {
    policy: { rules: [onExit('FailJob', 'NotIn', [111])] },
    pod: pod({
      phase: 'Failed',
      initContainerStatuses: [cs('init-container', 0)],
      containerStatuses: [cs('main-container', 111), cs('suppport-container', 0)],
    }),
    countFailed: true,
  },
  'FailIndex rule matched for exit codes': { policy: { rules: [onExit('FailIndex', 'In', [1, 2, 3])] }, pod: exitPod(cs('', 2)), countFailed: true, action: 'FailIndex' },
  'pod failure policy with NotIn operator and value 0': {
    policy: { rules: [onExit('FailJob', 'NotIn', [0])] },
    pod: exitPod(cs('main-container', 1), cs('suppport-container', 0)),
    message: 'Container main-container for pod default/mypod failed with exit code 1 matching FailJob rule at index 0',
    countFailed: true,
    action: 'FailJob',
  },
  'second jobfail rule matched for exit codes': {
    policy: { rules: [onExit('Count', 'In', [1, 2, 3]), onExit('FailJob', 'In', [4, 5, 6])] },
    pod: exitPod(cs('main-container', 6)),
    message: 'Container main-container for pod default/mypod failed with exit code 6 matching FailJob rule at index 1',
    countFailed: true,
    action: 'FailJob',
  },
  'count rule matched for exit codes': {
    policy: { rules: [onExit('Count', 'In', [1, 2, 3])] },
    pod: exitPod(cs('foo'), cs('bar', 2)),
    countFailed: true,
    action: 'Count',
  },
  'FailIndex rule matched for pod conditions': { policy: { rules: [onCond('FailIndex', 'True')] }, pod: condPod('True'), countFailed: true, action: 'FailIndex' },
  'ignore rule matched for pod conditions': { policy: { rules: [onCond('Ignore', 'True')] }, pod: condPod('True'), countFailed: false, action: 'Ignore' },
  'ignore rule matches by the status=False': { policy: { rules: [onCond('Ignore', 'False')] }, pod: condPod('False'), countFailed: false, action: 'Ignore' },
  'ignore rule matches by the status=Unknown': { policy: { rules: [onCond('Ignore', 'Unknown')] }, pod: condPod('Unknown'), countFailed: false, action: 'Ignore' },
  'ignore rule does not match when status for pattern is False, but actual True': {
    policy: { rules: [onCond('Ignore', 'False')] },
    pod: condPod('True'),
    countFailed: true,
  },
  'ignore rule does not match when status for pattern is True, but actual False': {
    policy: { rules: [onCond('Ignore', 'True')] },
    pod: condPod('False'),
    countFailed: true,
  },
  'default - do not match condition with status=False': { policy: { rules: [onCond('Ignore', 'True')] }, pod: condPod('False'), countFailed: true },
  'job fail rule matched for pod conditions': {
    policy: { rules: [onCond('FailJob', 'True')] },
    pod: condPod('True'),
    message: 'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0',
    countFailed: true,
    action: 'FailJob',
  },
  'count rule matched for pod conditions': { policy: { rules: [onCond('Count', 'True')] }, pod: condPod('True'), countFailed: true, action: 'Count' },
  'no rule matched': {
    policy: {
      rules: [
        onExit('Count', 'NotIn', [8]),
        onExit('Ignore', 'In', [1, 2, 3]),
        onExit('FailJob', 'NotIn', [5, 6, 7]),
        onCond('Count', 'True', 'ResourceLimitExceeded'),
        onCond('Ignore', 'True'),
      ],
    },
    pod: exitPod(cs('', 32)),
    countFailed: true,
    action: 'Count',
  },
};

describe('matchPodFailurePolicy (TestMatchPodFailurePolicy, §I.6)', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const got = matchPodFailurePolicy(row.policy, row.pod);
    expect(got.message).toBe(row.message);
    expect(got.countFailed).toBe(row.countFailed);
    expect(got.action).toBe(row.action);
  });

  it('defaults an onPodConditions pattern without status to True (§I.1)', () => {
    const got = matchPodFailurePolicy({ rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, condPod('True'));
    expect(got).toEqual({ action: 'Ignore', countFailed: false });
  });

  it('restricts onExitCodes to containerName and falls back to init containers (§I.6)', () => {
    const p = pod({ phase: 'Failed', initContainerStatuses: [cs('setup', 3)], containerStatuses: [cs('main', 3)] });
    const got = matchPodFailurePolicy({ rules: [{ action: 'FailJob', onExitCodes: { containerName: 'setup', operator: 'In', values: [3] } }] }, p);
    expect(got.message).toBe('Container setup for pod default/mypod failed with exit code 3 matching FailJob rule at index 0');
  });
});
