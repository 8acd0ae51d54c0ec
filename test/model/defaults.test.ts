import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDefaults, PodkitError, type KubeObject } from 'podkit';
import { at, container, daemonSet, deepFreeze, job, node, pod, replicaSet } from './helpers.js';

const probe = { exec: { command: ['true'] } };

// One row per default: [description, object, path, expected value].
const rows: Array<[string, KubeObject, string, unknown]> = [
  ['namespace defaults to default (§M.1)', pod(), 'metadata.namespace', 'default'],
  ['restartPolicy defaults to Always (§M.1)', pod(), 'spec.restartPolicy', 'Always'],
  ['terminationGracePeriodSeconds defaults to 30 (§M.1)', pod(), 'spec.terminationGracePeriodSeconds', 30],
  ['dnsPolicy defaults to ClusterFirst (§M.1)', pod(), 'spec.dnsPolicy', 'ClusterFirst'],
  ['schedulerName defaults to default-scheduler (§M.1)', pod(), 'spec.schedulerName', 'default-scheduler'],
  ['enableServiceLinks defaults to true on a Pod (§M.1)', pod(), 'spec.enableServiceLinks', true],
  ['a negative Pod grace period is read as 1 (kubernetes#115606)', pod({ spec: { terminationGracePeriodSeconds: -5 } }), 'spec.terminationGracePeriodSeconds', 1],
  ['imagePullPolicy is Always for an untagged image (§M.1)', pod({ spec: { containers: [container({ image: 'busybox' })] } }), 'spec.containers[0].imagePullPolicy', 'Always'],
  ['imagePullPolicy is Always for :latest (§M.1)', pod({ spec: { containers: [container({ image: 'nginx:latest' })] } }), 'spec.containers[0].imagePullPolicy', 'Always'],
  ['imagePullPolicy is IfNotPresent for another tag (§M.1)', pod({ spec: { containers: [container({ image: 'busybox:1.36' })] } }), 'spec.containers[0].imagePullPolicy', 'IfNotPresent'],
  [
    'imagePullPolicy is IfNotPresent for a digest-only reference (§M.1)',
    pod({ spec: { containers: [container({ image: `busybox@sha256:${'a'.repeat(64)}` })] } }),
    'spec.containers[0].imagePullPolicy',
    'IfNotPresent',
  ],
  ['a registry port is not a tag: registry:5000/img pulls Always (§M.1)', pod({ spec: { containers: [container({ image: 'registry:5000/img' })] } }), 'spec.containers[0].imagePullPolicy', 'Always'],
  ['registry:5000/img:v1 pulls IfNotPresent (§M.1)', pod({ spec: { containers: [container({ image: 'registry:5000/img:v1' })] } }), 'spec.containers[0].imagePullPolicy', 'IfNotPresent'],
  ['an unparseable image reference gets IfNotPresent, as ParseImageName fails (§M.1)', pod({ spec: { containers: [container({ image: 'Busybox' })] } }), 'spec.containers[0].imagePullPolicy', 'IfNotPresent'],
  ['an explicit imagePullPolicy is kept', pod({ spec: { containers: [container({ image: 'busybox', imagePullPolicy: 'Never' })] } }), 'spec.containers[0].imagePullPolicy', 'Never'],
  ['terminationMessagePath defaults to /dev/termination-log (§M.1)', pod(), 'spec.containers[0].terminationMessagePath', '/dev/termination-log'],
  ['terminationMessagePolicy defaults to File (§M.1)', pod(), 'spec.containers[0].terminationMessagePolicy', 'File'],
  ['init containers get container defaults too', pod({ spec: { initContainers: [container({ name: 'init' })] } }), 'spec.initContainers[0].terminationMessagePolicy', 'File'],
  ['port protocol defaults to TCP (§M.1)', pod({ spec: { containers: [container({ ports: [{ containerPort: 80 }] })] } }), 'spec.containers[0].ports[0].protocol', 'TCP'],
  [
    'hostPort defaults to containerPort with hostNetwork on a Pod (§M.1)',
    pod({ spec: { hostNetwork: true, containers: [container({ ports: [{ containerPort: 8080 }] })] } }),
    'spec.containers[0].ports[0].hostPort',
    8080,
  ],
  [
    'requests default to limits per resource on a Pod (§M.1)',
    pod({ spec: { containers: [container({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } })] } }),
    'spec.containers[0].resources.requests',
    { cpu: '500m', memory: '1Gi' },
  ],
  ['probe initialDelaySeconds defaults to 0 (§E)', pod({ spec: { containers: [container({ livenessProbe: probe })] } }), 'spec.containers[0].livenessProbe.initialDelaySeconds', 0],
  ['probe periodSeconds defaults to 10 (§E)', pod({ spec: { containers: [container({ livenessProbe: probe })] } }), 'spec.containers[0].livenessProbe.periodSeconds', 10],
  ['probe timeoutSeconds defaults to 1 (§E)', pod({ spec: { containers: [container({ readinessProbe: probe })] } }), 'spec.containers[0].readinessProbe.timeoutSeconds', 1],
  ['probe successThreshold defaults to 1 (§E)', pod({ spec: { containers: [container({ startupProbe: probe })] } }), 'spec.containers[0].startupProbe.successThreshold', 1],
  ['probe failureThreshold defaults to 3 (§E)', pod({ spec: { containers: [container({ livenessProbe: probe })] } }), 'spec.containers[0].livenessProbe.failureThreshold', 3],
  [
    'a zero probe period counts as unset and becomes 10 (SetDefaults_Probe)',
    pod({ spec: { containers: [container({ livenessProbe: { ...probe, periodSeconds: 0 } })] } }),
    'spec.containers[0].livenessProbe.periodSeconds',
    10,
  ],
  [
    'probe httpGet path defaults to / (§M.1)',
    pod({ spec: { containers: [container({ readinessProbe: { httpGet: { port: 80 } } })] } }),
    'spec.containers[0].readinessProbe.httpGet.path',
    '/',
  ],
  [
    'probe httpGet scheme defaults to HTTP (§M.1)',
    pod({ spec: { containers: [container({ readinessProbe: { httpGet: { port: 80 } } })] } }),
    'spec.containers[0].readinessProbe.httpGet.scheme',
    'HTTP',
  ],
  [
    'lifecycle httpGet gets the same path default',
    pod({ spec: { containers: [container({ lifecycle: { preStop: { httpGet: { port: 80 } } } })] } }),
    'spec.containers[0].lifecycle.preStop.httpGet.path',
    '/',
  ],
  ['a volume without a source becomes emptyDir {} (§M.1)', pod({ spec: { volumes: [{ name: 'data' }] } }), 'spec.volumes[0].emptyDir', {}],
  ['hostPath type defaults to "" (HostPathUnset)', pod({ spec: { volumes: [{ name: 'h', hostPath: { path: '/tmp' } }] } }), 'spec.volumes[0].hostPath.type', ''],
  [
    'env fieldRef apiVersion defaults to v1',
    pod({ spec: { containers: [container({ env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })] } }),
    'spec.containers[0].env[0].valueFrom.fieldRef.apiVersion',
    'v1',
  ],
  ['ReplicaSet replicas defaults to 1 (§M.1)', replicaSet(), 'spec.replicas', 1],
  ['a ReplicaSet template restartPolicy defaults to Always', replicaSet(), 'spec.template.spec.restartPolicy', 'Always'],
  ['a template gets no enableServiceLinks (Pod only)', replicaSet(), 'spec.template.spec.enableServiceLinks', undefined],
  [
    'a template gets no hostPort default (DefaultHostNetworkHostPortsInPodTemplates is off)',
    replicaSet({ templateSpec: { hostNetwork: true, containers: [container({ ports: [{ containerPort: 80 }] })] } }),
    'spec.template.spec.containers[0].ports[0].hostPort',
    undefined,
  ],
  [
    'a template gets no requests from limits (Pod only)',
    replicaSet({ templateSpec: { containers: [container({ resources: { limits: { cpu: '1' } } })] } }),
    'spec.template.spec.containers[0].resources.requests',
    undefined,
  ],
  ['DaemonSet updateStrategy defaults to RollingUpdate (§J.4)', daemonSet(), 'spec.updateStrategy.type', 'RollingUpdate'],
  ['DaemonSet maxUnavailable defaults to 1 (§J.4)', daemonSet(), 'spec.updateStrategy.rollingUpdate.maxUnavailable', 1],
  ['DaemonSet maxSurge defaults to 0 (§J.4)', daemonSet(), 'spec.updateStrategy.rollingUpdate.maxSurge', 0],
  [
    'DaemonSet fills a partial rollingUpdate field by field',
    daemonSet({ spec: { updateStrategy: { rollingUpdate: { maxSurge: '10%' } } } }),
    'spec.updateStrategy.rollingUpdate',
    { maxSurge: '10%', maxUnavailable: 1 },
  ],
  ['DaemonSet OnDelete gets no rollingUpdate', daemonSet({ spec: { updateStrategy: { type: 'OnDelete' } } }), 'spec.updateStrategy', { type: 'OnDelete' }],
  ['DaemonSet revisionHistoryLimit defaults to 10 (§J.4)', daemonSet(), 'spec.revisionHistoryLimit', 10],
  ['Job completions default to 1 when parallelism is unset too (§I.1)', job(), 'spec.completions', 1],
  ['Job parallelism defaults to 1 (§I.1)', job(), 'spec.parallelism', 1],
  ['Job completions stay unset when only parallelism is set (work queue, §I.1)', job({ spec: { parallelism: 3 } }), 'spec.completions', undefined],
  ['Job parallelism defaults to 1 when only completions is set (§I.1)', job({ spec: { completions: 5 } }), 'spec.parallelism', 1],
  ['Job backoffLimit defaults to 6 (§I.1)', job(), 'spec.backoffLimit', 6],
  [
    'Job backoffLimit defaults to MaxInt32 with backoffLimitPerIndex (§I.1)',
    job({ spec: { backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 2 } }),
    'spec.backoffLimit',
    2147483647,
  ],
  ['Job completionMode defaults to NonIndexed (§I.1)', job(), 'spec.completionMode', 'NonIndexed'],
  ['Job suspend defaults to false (§I.1)', job(), 'spec.suspend', false],
  ['Job podReplacementPolicy defaults to TerminatingOrFailed (§I.1)', job(), 'spec.podReplacementPolicy', 'TerminatingOrFailed'],
  [
    'Job podReplacementPolicy defaults to Failed with a podFailurePolicy (§I.1)',
    job({ spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } }),
    'spec.podReplacementPolicy',
    'Failed',
  ],
  [
    'podFailurePolicy onPodConditions status defaults to True (§I.1)',
    job({ spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } }),
    'spec.podFailurePolicy.rules[0].onPodConditions[0].status',
    'True',
  ],
  ['Job manualSelector defaults to false', job(), 'spec.manualSelector', false],
  [
    'Job labels default to the template labels',
    job({ spec: { template: { metadata: { labels: { app: 'batch' } }, spec: { containers: [container()], restartPolicy: 'Never' } } } }),
    'metadata.labels',
    { app: 'batch' },
  ],
  ['a Job template restartPolicy defaults to Always (then fails validation, §I.1)', job({ templateSpec: { restartPolicy: undefined as never } }), 'spec.template.spec.restartPolicy', 'Always'],
  ['Node allocatable defaults to capacity', node({ status: { capacity: { cpu: '4' } } }), 'status.allocatable', { cpu: '4' }],
  ['a Node gets no namespace (cluster-scoped)', node(), 'metadata.namespace', undefined],
];

describe('applyDefaults', () => {
  it.each(rows)('%s', (_name, obj, path, expected) => {
    const out = applyDefaults(obj);
    expect(at(out, path)).toEqual(expected);
  });

  it('generates the Job selector and labels once the Job has a uid (Job strategy generateSelector)', () => {
    const out = applyDefaults(job({ metadata: { uid: 'u-1' } }));
    const generated = {
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'hello',
      'controller-uid': 'u-1',
      'job-name': 'hello',
    };
    expect(out.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(out.spec.template.metadata?.labels).toEqual(generated);
    expect(out.metadata.labels).toEqual(generated);
  });

  it('leaves the Job selector alone without a uid, and with manualSelector true', () => {
    expect(applyDefaults(job()).spec.selector).toBeUndefined();
    const manual = applyDefaults(job({ metadata: { uid: 'u' }, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } } } }));
    expect(manual.spec.selector).toEqual({ matchLabels: { a: 'b' } });
    expect(manual.spec.template.metadata).toBeUndefined();
  });

  it('keeps the Job labels taken from the template before selector generation', () => {
    const j = job({ spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container()], restartPolicy: 'Never' } } } });
    const once = applyDefaults(j);
    const withUid = applyDefaults({ ...once, metadata: { ...once.metadata, uid: 'u' } });
    expect(withUid.metadata.labels).toEqual({ app: 'x' });
    expect(withUid.spec.template.metadata?.labels?.['job-name']).toBe('hello');
  });

  it('does not mutate its input (deep-frozen input)', () => {
    const input = deepFreeze(job({ metadata: { uid: 'u' }, spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'X' }] }] } } }));
    expect(() => applyDefaults(input)).not.toThrow();
    expect(input.spec.completionMode).toBeUndefined();
  });

  it('returns the same reference for an already defaulted object (allocation-free)', () => {
    for (const obj of [pod(), replicaSet(), daemonSet(), job({ metadata: { uid: 'u' } }), node({ status: { capacity: { cpu: '1' } } })]) {
      const once = applyDefaults(obj);
      expect(applyDefaults(once)).toBe(once);
    }
  });

  it('throws invalid_argument for an unregistered kind', () => {
    const bogus = { apiVersion: 'apps/v1', kind: 'Service', metadata: {}, spec: {} } as unknown as KubeObject;
    expect(() => applyDefaults(bogus)).toThrowError(PodkitError);
  });

  it('is idempotent on arbitrary pods (property)', () => {
    const containerArb = fc.record(
      {
        name: fc.constantFrom('a', 'b', 'web'),
        image: fc.constantFrom('busybox', 'nginx:1.25', 'reg:5000/x', 'x@sha256:' + 'f'.repeat(64)),
        imagePullPolicy: fc.constantFrom('Always' as const, 'IfNotPresent' as const, 'Never' as const),
        ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), hostPort: fc.integer({ min: 0, max: 65535 }) }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }),
        livenessProbe: fc.record({ periodSeconds: fc.integer({ min: 0, max: 5 }), httpGet: fc.record({ port: fc.integer({ min: 1, max: 100 }) }) }, { requiredKeys: [] }),
        resources: fc.record({ limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.constantFrom('1', '500m', '1Gi')), requests: fc.dictionary(fc.constantFrom('cpu'), fc.constantFrom('100m')) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['name'] },
    );
    const podArb = fc.record({
      containers: fc.array(containerArb, { minLength: 1, maxLength: 3 }),
      hostNetwork: fc.boolean(),
      terminationGracePeriodSeconds: fc.option(fc.integer({ min: -10, max: 60 }), { nil: undefined }),
      volumes: fc.array(fc.record({ name: fc.constantFrom('v', 'w'), hostPath: fc.option(fc.record({ path: fc.constant('/x') }), { nil: undefined }) }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(podArb, fc.option(fc.constantFrom('ns', ''), { nil: undefined }), (specParts, ns) => {
        const spec = JSON.parse(JSON.stringify(specParts)) as ReturnType<typeof pod>['spec'];
        const input = deepFreeze(pod({ spec, metadata: ns === undefined ? {} : { namespace: ns } }));
        const once = applyDefaults(input);
        expect(applyDefaults(once)).toEqual(once);
        expect(applyDefaults(once)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});
