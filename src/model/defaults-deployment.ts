// API-server defaulting of apps/v1 Deployments (pkg/apis/apps/v1 defaults.go
// `SetDefaults_Deployment`, docs/reference/kubernetes-rules.md §O.1). Copy-on-write like
// defaults-workloads.ts.
import { defaultPodTemplate } from './defaults-pod.js';
import type { Deployment, DeploymentStrategy } from './deployment.js';

function defaultStrategy(strategy: DeploymentStrategy | undefined): DeploymentStrategy | undefined {
  const type = strategy?.type === undefined || strategy.type === '' ? 'RollingUpdate' : strategy.type;
  if (type !== 'RollingUpdate') return strategy?.type === type ? strategy : { ...strategy, type };
  const ru = strategy?.rollingUpdate;
  if (strategy?.type === type && ru?.maxUnavailable !== undefined && ru.maxSurge !== undefined) return strategy;
  return { ...strategy, type, rollingUpdate: { ...ru, maxUnavailable: ru?.maxUnavailable ?? '25%', maxSurge: ru?.maxSurge ?? '25%' } };
}

/**
 * Deployment: namespace `default`; replicas 1; strategy RollingUpdate with maxUnavailable and
 * maxSurge `25%` (each filled in when missing, only for RollingUpdate); revisionHistoryLimit 10;
 * progressDeadlineSeconds 600; the template's pod-spec defaults. Pure and idempotent; returns
 * the same object when nothing needs a default.
 *
 * @example
 * ```ts
 * import { applyDefaults } from 'podkit';
 * const d = applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
 *   spec: { selector: { matchLabels: { app: 'web' } },
 *     template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } });
 * d.spec.strategy?.rollingUpdate?.maxSurge; // '25%'
 * ```
 */
export function defaultDeployment(d: Deployment): Deployment {
  const metadata = d.metadata.namespace !== undefined && d.metadata.namespace !== '' ? d.metadata : { ...d.metadata, namespace: 'default' };
  const template = defaultPodTemplate(d.spec.template);
  const strategy = defaultStrategy(d.spec.strategy);
  const s = d.spec;
  if (
    metadata === d.metadata && template === s.template && strategy === s.strategy && s.replicas !== undefined &&
    s.revisionHistoryLimit !== undefined && s.progressDeadlineSeconds !== undefined
  ) {
    return d;
  }
  return {
    ...d,
    metadata,
    spec: {
      ...s,
      replicas: s.replicas ?? 1,
      template,
      ...(strategy === undefined ? {} : { strategy }),
      revisionHistoryLimit: s.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: s.progressDeadlineSeconds ?? 600,
    },
  };
}
