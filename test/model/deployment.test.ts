// Deployment schema, defaults and validation (SetDefaults_Deployment, ValidateDeploymentSpec, §O.1),
// through the public kind registry and manifests.
import { describe, expect, it } from 'vitest';
import { applyDefaults, formatValidationIssue, parseManifests, validateObject, type Deployment } from 'podkit';
import { getKindDefinition, listKinds } from 'podkit/model';
import { newDeployment } from 'podkit/testing';

const issuesOf = (d: Deployment): string[] => validateObject(applyDefaults(d)).map(formatValidationIssue);
const withSpec = (spec: Partial<Deployment['spec']>): Deployment => newDeployment({ name: 'web', spec });

describe('Deployment defaults (SetDefaults_Deployment, §O.1)', () => {
  it('replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, namespace default', () => {
    const d = newDeployment({ name: 'web' });
    const { replicas: _r, ...spec } = d.spec;
    const out = applyDefaults<Deployment>({ ...d, metadata: { name: 'web' }, spec });
    expect(out.metadata.namespace).toBe('default');
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(out.spec.revisionHistoryLimit).toBe(10);
    expect(out.spec.progressDeadlineSeconds).toBe(600);
    expect(out.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });
  it('fills in only the missing rolling-update field, and nothing for Recreate', () => {
    expect(applyDefaults(withSpec({ strategy: { rollingUpdate: { maxSurge: 1 } } })).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
    expect(applyDefaults(withSpec({ strategy: { type: 'Recreate' } })).spec.strategy).toEqual({ type: 'Recreate' });
  });
  it('is idempotent and returns the same object when nothing is missing', () => {
    const once = applyDefaults(newDeployment({ name: 'web' }));
    expect(applyDefaults(once)).toBe(once);
  });
});

describe('Deployment validation with upstream messages and field paths (ValidateDeploymentSpec, §O.1)', () => {
  const rules: [string, Deployment, string][] = [
    ['replicas are not negative', withSpec({ replicas: -1 }), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['the selector is not empty', withSpec({ selector: {} }), 'spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    ['the selector matches the template labels', withSpec({ selector: { matchLabels: { app: 'other' } } }), 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`'],
    ['the template restartPolicy is Always', newDeployment({ name: 'web', podSpec: { restartPolicy: 'Never' } }), 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ['activeDeadlineSeconds is forbidden', newDeployment({ name: 'web', podSpec: { activeDeadlineSeconds: 5 } }), 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
    ['Recreate forbids rollingUpdate', withSpec({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }), "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ['an unknown strategy type is unsupported', withSpec({ strategy: { type: 'BlueGreen' } }), 'spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"'],
    ['maxSurge and maxUnavailable are not both 0', withSpec({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    ['maxUnavailable is at most 100%', withSpec({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '101%' } } }), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%'],
    ['maxSurge is an int ≥ 0 or a percent', withSpec({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: -1 } } }), 'spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
    ['maxSurge strings are percents', withSpec({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'lots' } } }), "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
    ['minReadySeconds are not negative', withSpec({ minReadySeconds: -1, progressDeadlineSeconds: 5 }), 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    ['revisionHistoryLimit is not negative', withSpec({ revisionHistoryLimit: -1 }), 'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    ['progressDeadlineSeconds exceeds minReadySeconds', withSpec({ minReadySeconds: 10, progressDeadlineSeconds: 10 }), 'spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
  ];
  for (const [rule, d, expected] of rules) {
    it(rule, () => expect(issuesOf(d)).toContain(expected));
  }
  it('a valid Deployment has no issues', () => {
    expect(issuesOf(newDeployment({ name: 'web', replicas: 3 }))).toEqual([]);
  });
});

describe('the Deployment kind is registered', () => {
  it('in the kind registry and manifests', () => {
    expect(getKindDefinition('apps/v1', 'Deployment')?.namespaced).toBe(true);
    expect(listKinds()).toContainEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    const [d] = parseManifests(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`);
    expect(d?.kind).toBe('Deployment');
    expect((d as Deployment).spec.strategy?.rollingUpdate?.maxSurge).toBe('25%');
  });
  it('a manifest error names the field path and position', () => {
    expect(() => parseManifests(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: -2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`)).toThrow(/5:\d+.*spec\.replicas|spec\.replicas.*5:\d+/s);
  });
});

describe('newDeployment fixture', () => {
  it('rejects unknown options', () => {
    expect(() => newDeployment({ podspec: {} } as never)).toThrow(/newDeployment: unknown option "podspec"/);
  });
});

describe('Go clients write template creationTimestamp: null (kubectl rollout undo)', () => {
  it('a null template creationTimestamp reads as unset', async () => {
    const { DeploymentSchema } = await import('podkit/model');
    const d = newDeployment({ name: 'web' });
    const parsed = DeploymentSchema.parse({ ...d, spec: { ...d.spec, template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, creationTimestamp: null } } } });
    expect(parsed.spec.template.metadata).toEqual({ labels: { app: 'web' } });
  });
});
