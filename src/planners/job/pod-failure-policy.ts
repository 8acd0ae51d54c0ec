// podFailurePolicy matching (upstream pod_failure_policy.go `matchPodFailurePolicy`, §I.6).
import type { ContainerStatus, Pod, PodCondition, PodFailurePolicy, PodFailurePolicyRule } from '../../model/index.js';

/** The actions of a pod failure policy rule. */
export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

/** The outcome of {@link matchPodFailurePolicy}. */
export interface PodFailurePolicyMatch {
  /** The action of the first matching rule; absent when no rule matched (or there is no policy). */
  readonly action?: PodFailurePolicyAction;
  /** Whether the failure counts toward `backoffLimit` (false only for `Ignore`). */
  readonly countFailed: boolean;
  /** The Job failure message, for a `FailJob` match only. */
  readonly message?: string;
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(['FailJob', 'FailIndex', 'Ignore', 'Count']);

function exitCodeOperatorMatches(exitCode: number, operator: string, values: readonly number[]): boolean {
  switch (operator) {
    case 'In':
      return values.includes(exitCode);
    case 'NotIn':
      return !values.includes(exitCode);
    default:
      return false;
  }
}

function matchingContainer(
  statuses: readonly ContainerStatus[] | undefined,
  req: NonNullable<PodFailurePolicyRule['onExitCodes']>,
): ContainerStatus | undefined {
  for (const cs of statuses ?? []) {
    const terminated = cs.state?.terminated;
    if (terminated === undefined) continue;
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    if (terminated.exitCode !== 0 && exitCodeOperatorMatches(terminated.exitCode, req.operator, req.values)) return cs;
  }
  return undefined;
}

function matchingCondition(pod: Pod, patterns: NonNullable<PodFailurePolicyRule['onPodConditions']>): PodCondition | undefined {
  for (const c of pod.status?.conditions ?? []) {
    for (const p of patterns) {
      if (c.type === p.type && c.status === (p.status ?? 'True')) return c;
    }
  }
  return undefined;
}

/**
 * Matches a failed pod against a Job's pod failure policy exactly as upstream
 * `matchPodFailurePolicy` (§I.6). Rules are tried in order and the first match wins:
 * - `onExitCodes`: the first terminated container with a non-zero exit code (regular containers
 *   first, then init containers; restricted to `containerName` when set) whose code is `In` /
 *   `NotIn` the values;
 * - `onPodConditions` (only when `onExitCodes` is absent): a pod condition with the same type and
 *   status (`status` defaults to `True`).
 * A rule whose action or operator is unknown never matches. `FailJob` yields upstream's message
 * word for word; `Ignore` does not count the failure; `Count` and `FailIndex` count it; with no
 * policy or no match the failure counts and `action` is absent. It does not check that the pod
 * actually failed.
 *
 * @example
 * ```ts
 * import { matchPodFailurePolicy } from 'podkit/planners';
 * matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
 * // { action: 'FailJob', countFailed: true,
 * //   message: 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1' }
 * ```
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PodFailurePolicyMatch {
  if (policy === undefined) return { countFailed: true };
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  for (let index = 0; index < policy.rules.length; index++) {
    const rule = policy.rules[index] as PodFailurePolicyRule;
    if (!KNOWN_ACTIONS.has(rule.action)) continue;
    const action = rule.action as PodFailurePolicyAction;
    let message: string | undefined;
    if (rule.onExitCodes !== undefined) {
      const cs =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (cs === undefined) continue;
      message = `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${cs.state?.terminated?.exitCode ?? 0} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions !== undefined) {
      const c = matchingCondition(pod, rule.onPodConditions);
      if (c === undefined) continue;
      message = `Pod ${ns}/${name} has condition ${c.type} matching ${action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (action) {
      case 'Ignore':
        return { action, countFailed: false };
      case 'Count':
      case 'FailIndex':
        return { action, countFailed: true };
      case 'FailJob':
        return { action, countFailed: true, message };
    }
  }
  return { countFailed: true };
}
