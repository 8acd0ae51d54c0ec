// `kubectl get daemonsets` columns (upstream printDaemonSet).
import { describe, expect, it } from 'vitest';
import { formatDaemonSetTable } from 'podkit';
import type { DaemonSet } from 'podkit';
import { newDaemonSet, T0 } from './ds-fixtures.js';

describe('formatDaemonSetTable', () => {
  it('prints NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE', () => {
    const base = newDaemonSet('fluentd');
    const withSelector: DaemonSet = {
      ...base,
      spec: { ...base.spec, template: { ...base.spec.template, spec: { ...base.spec.template.spec, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, numberMisscheduled: 0, updatedNumberScheduled: 1, numberAvailable: 2 },
    };
    const fresh = newDaemonSet('x');
    expect(formatDaemonSetTable([withSelector, fresh], T0)).toBe(
      [
        'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR                     AGE',
        'fluentd   3         3         2       1            2           disk=ssd,kubernetes.io/os=linux   60m',
        'x         0         0         0       0            0           <none>                            60m',
      ].join('\n'),
    );
  });
});
