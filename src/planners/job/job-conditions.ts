// Job conditions as the Job controller writes them (upstream `newCondition`,
// `ensureJobConditionStatus`), §I.3.
import type { ConditionStatus, WorkloadCondition } from '../../model/index.js';

/** A new Job condition with `lastProbeTime` and `lastTransitionTime` both `now` (RFC 3339). */
export function newJobCondition(type: string, status: ConditionStatus, reason: string, message: string, now: string): WorkloadCondition {
  return { type, status, reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/**
 * Upstream `ensureJobConditionStatus`: replaces an existing condition of that type when its
 * status, reason or message differ (both timestamps become `now`); appends a missing one unless
 * its status is False. Returns the new list (the input is not modified) and whether it changed.
 */
export function ensureJobConditionStatus(
  list: readonly WorkloadCondition[],
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: string,
): { conditions: WorkloadCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i] as WorkloadCondition;
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const next = [...list];
      next[i] = newJobCondition(type, status, reason, message, now);
      return { conditions: next, changed: true };
    }
    return { conditions: [...list], changed: false };
  }
  if (status !== 'False') return { conditions: [...list, newJobCondition(type, status, reason, message, now)], changed: true };
  return { conditions: [...list], changed: false };
}
