// The Kubernetes protobuf body decoder (src/server/protobuf/decode.ts) on bodies encoded
// independently of it: request bodies kubectl 1.32 sent (captured once through a logging proxy,
// test/server/fixtures/protobuf/*.bin, compared with kubectl's own `--dry-run=client -o json` of
// the same command) and objects encoded by protobufjs with the upstream messages (descriptor.json).
// Malformed, truncated, mutated and deeply nested inputs are refused with a ProtobufError, never
// another exception (§W.1 to §W.5).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, decodesProtobuf, ProtobufError } from '../../src/server/protobuf/decode.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'protobuf');
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

// Upstream's messages (the descriptor scripts/protobuf-fixtures.mjs derives from generated.proto).
const root = (() => {
  const r = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(FIXTURES, 'descriptor.json'), 'utf8')) as protobuf.INamespace);
  r.resolveAll();
  return r;
})();

const Unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');

// Go embeds these structs: their fields are the parent's in JSON (the test's own list).
const INLINE = new Set(['Probe.handler', 'Volume.volumeSource', 'EphemeralContainer.ephemeralContainerCommon', 'SecretProjection.localObjectReference', 'ConfigMapProjection.localObjectReference', 'ConfigMapKeySelector.localObjectReference', 'SecretKeySelector.localObjectReference', 'ConfigMapEnvSource.localObjectReference', 'SecretEnvSource.localObjectReference', 'ConfigMapVolumeSource.localObjectReference']);

/** A JSON-shaped Kubernetes object → the protobufjs object of `type` (test-side, independent of the decoder). */
function toProto(type: protobuf.Type, json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const field of type.fieldsArray) {
    if (INLINE.has(`${type.name}.${field.name}`)) {
      const inner = field.resolvedType as protobuf.Type;
      const part = Object.fromEntries(Object.entries(json).filter(([k]) => inner.fields[k] !== undefined || [...INLINE].some((i) => i.startsWith(`${inner.name}.`))));
      const sub = toProto(inner, part);
      for (const k of Object.keys(part)) used.add(k);
      out[field.name] = sub;
      continue;
    }
    if (!(field.name in json)) continue;
    used.add(field.name);
    const v = json[field.name];
    if (field instanceof protobuf.MapField) {
      out[field.name] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, value(field, x)]));
    } else if (field.repeated) {
      out[field.name] = (v as unknown[]).map((x) => value(field, x));
    } else out[field.name] = value(field, v);
  }
  const extra = Object.keys(json).filter((k) => !used.has(k) && k !== 'apiVersion' && k !== 'kind');
  if (extra.length > 0) throw new Error(`test object: ${type.name} has no fields ${extra.join(', ')}`);
  return out;
}

function value(field: protobuf.Field, v: unknown): unknown {
  const t = field.resolvedType;
  if (!(t instanceof protobuf.Type)) return v;
  switch (t.fullName) {
    case '.k8s.io.apimachinery.pkg.apis.meta.v1.Time':
      return { seconds: Date.parse(v as string) / 1000 };
    case '.k8s.io.apimachinery.pkg.api.resource.Quantity':
      return { string: v };
    case '.k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return typeof v === 'number' ? { type: 0, intVal: v } : { type: 1, strVal: v };
    case '.k8s.io.apimachinery.pkg.runtime.RawExtension':
      return { raw: Buffer.from(JSON.stringify(v)) };
    case '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1':
      return { Raw: Buffer.from(JSON.stringify(v)) };
    default:
      return toProto(t, v as Record<string, unknown>);
  }
}

/** Encodes a message and wraps it as kubectl does: `k8s\0` + runtime.Unknown. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const unknown = Unknown.encode(Unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Buffer.concat([MAGIC, unknown]);
}

function encodeObject(pkg: string, obj: Record<string, unknown>, protoShape?: Record<string, unknown>): Buffer {
  const type = root.lookupType(`${pkg}.${obj['kind'] as string}`);
  const message = type.fromObject(protoShape ?? toProto(type, obj));
  return envelope(obj['apiVersion'] as string, obj['kind'] as string, type.encode(message).finish());
}

/** kubectl's JSON of the same object: Go writes a zero `creationTimestamp` as null (= absent). */
function dryRunJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'), (k, v: unknown) => (k === 'creationTimestamp' && v === null ? undefined : v));
}

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, `${name}.bin`));

const KUBECTL_FIXTURES = ['kubectl-create-namespace', 'kubectl-create-job', 'kubectl-create-deployment', 'kubectl-create-deployment-zero-replicas', 'kubectl-create-cronjob'];

const RICH_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'rich',
    generateName: 'rich-',
    namespace: 'team-a',
    uid: '6f1c1a8e-1111-2222-3333-444455556666',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2026-01-02T03:04:05Z',
    deletionTimestamp: '2026-01-02T03:05:05Z',
    deletionGracePeriodSeconds: 0,
    labels: JSON.parse('{"app":"web","example.com/tier":"front","__proto__":"x"}') as Record<string, string>,
    annotations: { note: 'héllo ✓ 世界', empty: '' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
    finalizers: ['example.com/keep'],
    managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } }],
  },
  spec: {
    volumes: [
      { name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'a', path: 'a.txt', mode: 420 }], defaultMode: 0, optional: false } },
      { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }] } },
      { name: 'csi', csi: { driver: 'example.csi', readOnly: true, volumeAttributes: { a: 'b' } } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { metadata: { labels: { t: 'x' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
      { name: 'nfs', nfs: { server: 'nfs.example', path: '/export' } },
      { name: 'img', image: { reference: 'busybox:1.36', pullPolicy: 'IfNotPresent' } },
    ],
    ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36', targetContainerName: 'app', stdin: true, resources: {} }],
    resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'gpu-template' }],
    initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'], resources: {} }],
    containers: [
      {
        name: 'app',
        image: 'busybox:1.36',
        command: ['sh', '-c'],
        args: ['sleep 3600'],
        workingDir: '/work',
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { containerPort: 0, hostPort: 9090 },
        ],
        env: [
          { name: 'A', value: 'b' },
          { name: 'EMPTY' },
          { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } } },
          { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } },
        ],
        envFrom: [{ prefix: 'CM_', configMapRef: { name: 'cm' } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '0', 'example.com/gpu': '1' } },
        volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true, subPath: 'x' }],
        livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP', httpHeaders: [{ name: 'X', value: 'y' }] }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
        readinessProbe: { tcpSocket: { port: 'http' }, timeoutSeconds: 1 },
        startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, terminationGracePeriodSeconds: 0 },
        lifecycle: { preStop: { sleep: { seconds: 2 } }, postStart: { exec: { command: ['true'] } } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        imagePullPolicy: 'IfNotPresent',
        securityContext: { runAsUser: 0, runAsNonRoot: false, privileged: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, allowPrivilegeEscalation: false },
        stdin: true,
        tty: true,
        restartPolicy: 'Always',
      },
    ],
    restartPolicy: 'OnFailure',
    terminationGracePeriodSeconds: 0,
    activeDeadlineSeconds: 600,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'sa',
    nodeName: 'node-1',
    hostNetwork: true,
    securityContext: { fsGroup: 2000, supplementalGroups: [1, 2, 3], sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
    hostname: 'h',
    subdomain: 's',
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n2'] }] } }],
      },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] },
    },
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { operator: 'Exists' },
    ],
    priority: 0,
    enableServiceLinks: false,
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }],
    readinessGates: [{ conditionType: 'example.com/ready' }],
    schedulingGates: [{ name: 'wait' }],
    os: { name: 'linux' },
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T03:04:10Z' }],
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP: '10.244.0.7',
    podIPs: [{ ip: '10.244.0.7' }],
    startTime: '2026-01-02T03:04:06Z',
    qosClass: 'Burstable',
    containerStatuses: [
      {
        name: 'app',
        state: { running: { startedAt: '2026-01-02T03:04:08Z' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-01-02T03:04:06Z', finishedAt: '2026-01-02T03:04:07Z', containerID: 'fake://1' } },
        ready: true,
        restartCount: 1,
        image: 'busybox:1.36',
        imageID: 'sha256:1',
        containerID: 'fake://2',
        started: true,
      },
    ],
  },
};

describe('kubectl 1.32 request bodies (captured) decode to kubectl\'s own JSON of the object (§W.1, §W.2)', () => {
  for (const name of KUBECTL_FIXTURES) {
    it(name, () => {
      const body = fixture(name);
      const decoded = decodeKubeProtobuf(body);
      expect(decoded.object).toEqual(dryRunJson(name));
      expect(decoded.warnings).toEqual([]);
    });
  }

  it('keeps a pointer field sent as zero: kubectl create deployment --replicas=0 is 0 replicas, not the default (§W.2)', () => {
    const spec = decodeKubeProtobuf(fixture('kubectl-create-deployment-zero-replicas')).object['spec'] as Record<string, unknown>;
    expect(spec['replicas']).toBe(0);
  });

  it('leaves out non-pointer fields Go always writes when they are zero (ObjectMeta name "" ... generation 0) (§W.2)', () => {
    // The namespace body carries generateName, namespace, selfLink, uid, resourceVersion as "",
    // generation 0 and an empty creationTimestamp (see the fixture): none is in the object.
    const body = fixture('kubectl-create-namespace');
    expect(body.includes(Buffer.from([0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00]))).toBe(true);
    expect(decodeKubeProtobuf(body).object['metadata']).toEqual({ name: 'capns' });
  });
});

describe('objects encoded by protobufjs from upstream generated.proto round-trip exactly (§W.2, §W.3)', () => {
  it('a Pod using most of what podkit models', () => {
    const decoded = decodeKubeProtobuf(encodeObject('k8s.io.api.core.v1', RICH_POD));
    expect(decoded).toEqual({ apiVersion: 'v1', kind: 'Pod', object: RICH_POD, warnings: [] });
    // A map key `__proto__` is an own key, as JSON.parse makes it.
    const labels = (decoded.object['metadata'] as { labels: Record<string, string> }).labels;
    expect(Object.keys(labels)).toContain('__proto__');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it('workloads: ReplicaSet, DaemonSet, Deployment, Job (with a pod failure policy), CronJob, StatefulSet, ControllerRevision, PersistentVolumeClaim, and Eviction, Binding, Scale', () => {
    const template = { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', resources: {} }], restartPolicy: 'Never' } };
    const objects: [string, Record<string, unknown>][] = [
      ['k8s.io.api.apps.v1', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 0, minReadySeconds: 5, selector: { matchLabels: { app: 'w' } }, template }, status: { replicas: 0, readyReplicas: 1, observedGeneration: 2 } }],
      ['k8s.io.api.apps.v1', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'w' } }, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } }, revisionHistoryLimit: 10 }, status: { currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1 } }],
      ['k8s.io.api.apps.v1', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 2, selector: { matchLabels: { app: 'w' } }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }, paused: true, progressDeadlineSeconds: 600 }, status: {} }],
      ['k8s.io.api.batch.v1', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 2, completions: 0, backoffLimit: 0, suspend: false, completionMode: 'Indexed', ttlSecondsAfterFinished: 0, template, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [1, 2, 42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] }, successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 1 }] } }, status: { active: 1, startTime: '2026-03-04T05:06:07Z', uncountedTerminatedPods: { succeeded: ['u1'] }, ready: 0 } }],
      ['k8s.io.api.batch.v1', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '0 * * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 0, suspend: true, successfulJobsHistoryLimit: 0, jobTemplate: { metadata: { labels: { a: 'b' } }, spec: { template } } }, status: { lastScheduleTime: '2026-03-04T05:00:00Z' } }],
      ['k8s.io.api.apps.v1', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'sts' }, spec: { replicas: 0, serviceName: '', selector: { matchLabels: { app: 'w' } }, template, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } }, revisionHistoryLimit: 0, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' }, ordinals: { start: 0 }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '' } }] }, status: { replicas: 0, availableReplicas: 0, currentRevision: 'sts-1', collisionCount: 0 } }],
      ['k8s.io.api.apps.v1', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'sts-1' }, data: { spec: { template: { metadata: { labels: { app: 'w' } }, $patch: 'replace' } } }, revision: 1 }],
      ['k8s.io.api.core.v1', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-sts-0' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv-1', selector: { matchLabels: { a: 'b' } }, dataSource: { kind: 'PersistentVolumeClaim', name: 'src' }, volumeMode: 'Filesystem' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, conditions: [{ type: 'Resizing', status: 'True' }] } }],
      ['k8s.io.api.policy.v1', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 0, propagationPolicy: 'Background', preconditions: { uid: 'u', resourceVersion: '7' }, dryRun: ['All'] } }],
      ['k8s.io.api.core.v1', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } }],
      ['k8s.io.api.autoscaling.v1', { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'rs', resourceVersion: '9' }, spec: { replicas: 0 }, status: { replicas: 3, selector: 'app=w' } }],
    ];
    for (const [pkg, obj] of objects) expect(decodeKubeProtobuf(encodeObject(pkg, obj)).object, obj['kind'] as string).toEqual(obj);
  });

  it('DeleteOptions of any group version (client-go sends them with the resource\'s version)', () => {
    const type = root.lookupType('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions');
    const raw = type.encode(type.fromObject({ gracePeriodSeconds: 30, propagationPolicy: 'Foreground', orphanDependents: false })).finish();
    for (const v of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
      expect(decodeKubeProtobuf(envelope(v, 'DeleteOptions', raw)).object).toEqual({ apiVersion: v, kind: 'DeleteOptions', gracePeriodSeconds: 30, propagationPolicy: 'Foreground', orphanDependents: false });
    }
  });

  it('zero values: omitted for non-pointer fields, kept for pointer fields and fields without omitempty (§W.2)', () => {
    const proto = {
      metadata: { name: 'z', namespace: '', generation: 0, labels: {} },
      spec: {
        containers: [{ name: '', image: '', ports: [{ containerPort: 0, hostPort: 0, name: '' }], stdin: false, resources: {} }],
        restartPolicy: '',
        hostNetwork: false,
        terminationGracePeriodSeconds: 0,
        automountServiceAccountToken: false,
        runtimeClassName: '',
      },
      status: { phase: '', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: '', imageID: '', started: false }] },
    };
    const decoded = decodeKubeProtobuf(encodeObject('k8s.io.api.core.v1', { apiVersion: 'v1', kind: 'Pod' }, proto)).object;
    expect(decoded).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'z' },
      spec: {
        containers: [{ name: '', ports: [{ containerPort: 0 }], resources: {} }],
        terminationGracePeriodSeconds: 0,
        automountServiceAccountToken: false,
        runtimeClassName: '',
      },
      status: { containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: '', imageID: '', started: false }] },
    });
  });

  it('fields without omitempty are present even when not sent (Container.name, ContainerStatus.ready, Scale.spec.replicas)', () => {
    const decoded = decodeKubeProtobuf(encodeObject('k8s.io.api.core.v1', { apiVersion: 'v1', kind: 'Pod' }, { spec: { containers: [{}] }, status: { containerStatuses: [{}] } })).object;
    expect(decoded['spec']).toEqual({ containers: [{ name: '' }] });
    expect(decoded['status']).toEqual({ containerStatuses: [{ name: '', ready: false, restartCount: 0, image: '', imageID: '' }] });
    const scale = decodeKubeProtobuf(encodeObject('k8s.io.api.autoscaling.v1', { apiVersion: 'autoscaling/v1', kind: 'Scale' }, { metadata: { name: 'rs' }, spec: {} })).object;
    expect(scale['spec']).toEqual({ replicas: 0 });
  });

  it('negative int32/int64 (ten-byte varints), packed and unpacked repeated numbers, Time with nanos (truncated to seconds)', () => {
    const job = { metadata: { name: 'n' }, spec: { activeDeadlineSeconds: -5, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [-1, 0, 2147483647] } }] }, template: { spec: { securityContext: { runAsUser: -9007199254740991 } } } }, status: { startTime: { seconds: 1767323045, nanos: 999_999_999 } } };
    const obj = decodeKubeProtobuf(encodeObject('k8s.io.api.batch.v1', { apiVersion: 'batch/v1', kind: 'Job' }, job)).object as { spec: Record<string, any>; status: Record<string, unknown> };
    expect(obj.spec['activeDeadlineSeconds']).toBe(-5);
    expect(obj.spec['podFailurePolicy'].rules[0].onExitCodes.values).toEqual([-1, 0, 2147483647]);
    expect(obj.spec['template'].spec.securityContext.runAsUser).toBe(-9007199254740991);
    expect(obj.status['startTime']).toBe('2026-01-02T03:04:05Z');
    // protobufjs packs repeated int32 in proto3 only; hand-pack one to check the packed form (field 3, wire type 2).
    const Req = root.lookupType('k8s.io.api.batch.v1.PodFailurePolicyOnExitCodesRequirement');
    const unpacked = Req.encode(Req.fromObject({ operator: 'In', values: [1, 300] })).finish();
    expect(Buffer.from(unpacked).includes(Buffer.from([0x18, 0x01, 0x18, 0xac, 0x02]))).toBe(true);
    const packed = Buffer.concat([Buffer.from([0x12, 0x02]), Buffer.from('In'), Buffer.from([0x1a, 0x03, 0x01, 0xac, 0x02])]);
    const Rule = root.lookupType('k8s.io.api.batch.v1.PodFailurePolicyRule');
    const JobT = root.lookupType('k8s.io.api.batch.v1.Job');
    const ruleBytes = Buffer.concat([Rule.encode(Rule.fromObject({ action: 'FailJob' })).finish(), Buffer.from([0x12, packed.length]), packed]);
    const policy = Buffer.concat([Buffer.from([0x0a, ruleBytes.length]), ruleBytes]);
    const spec = Buffer.concat([Buffer.from([0x5a, policy.length]), policy]);
    const raw = Buffer.concat([JobT.encode(JobT.fromObject({ metadata: { name: 'p' } })).finish(), Buffer.from([0x12, spec.length]), spec]);
    const decoded = decodeKubeProtobuf(envelope('batch/v1', 'Job', raw)).object as { spec: { podFailurePolicy: unknown } };
    expect(decoded.spec.podFailurePolicy).toEqual({ rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 300] } }] });
  });

  it('skips field numbers it does not know (newer Kubernetes) and warns about known fields podkit does not model (§W.4)', () => {
    const Pod = root.lookupType('k8s.io.api.core.v1.Pod');
    const base = Pod.encode(Pod.fromObject({ metadata: { name: 'u' }, spec: { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', volumeSource: { gitRepo: { repository: 'https://example.com/r.git' } } }] } })).finish();
    // field 900 (varint), 901 (fixed64), 902 (fixed32), 903 (bytes), 904 (group with a nested group), at the top level.
    const unknown = Buffer.from([0xa0, 0x38, 0x05, 0xa9, 0x38, 1, 2, 3, 4, 5, 6, 7, 8, 0xb5, 0x38, 1, 2, 3, 4, 0xba, 0x38, 0x02, 0xff, 0xff, 0xc3, 0x38, 0x0b, 0x08, 0x01, 0x0c, 0xc4, 0x38]);
    const decoded = decodeKubeProtobuf(envelope('v1', 'Pod', Buffer.concat([base, unknown])));
    expect(decoded.object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'u' }, spec: { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v' }] } });
    expect(decoded.warnings).toEqual(['spec.volumes[0].gitRepo: not decoded from protobuf by podkit (dropped); send the object as JSON to keep it']);
  });

  it('merges a message field sent twice, as protobuf does; the envelope\'s typeMeta wins over the raw object\'s', () => {
    const Pod = root.lookupType('k8s.io.api.core.v1.Pod');
    const a = Pod.encode(Pod.fromObject({ metadata: { name: 'm', labels: { a: '1' } } })).finish();
    const b = Pod.encode(Pod.fromObject({ metadata: { namespace: 'ns', labels: { b: '2' } } })).finish();
    expect(decodeKubeProtobuf(envelope('v1', 'Pod', Buffer.concat([a, b]))).object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'm', namespace: 'ns', labels: { a: '1', b: '2' } } });
  });

  it('knows which kinds it decodes', () => {
    expect(decodesProtobuf('v1', 'Pod')).toBe(true);
    expect(decodesProtobuf('apps/v1', 'Deployment')).toBe(true);
    expect(decodesProtobuf('v1', 'ConfigMap')).toBe(false);
    expect(decodesProtobuf('apps/v1', 'Pod')).toBe(false);
  });
});

function decodeError(body: Uint8Array): ProtobufError {
  try {
    decodeKubeProtobuf(body);
  } catch (e) {
    if (e instanceof ProtobufError) return e;
    throw e;
  }
  throw new Error('decoded without an error');
}

describe('malformed protobuf is a ProtobufError naming what is wrong, never another exception (§W.5)', () => {
  const pod = encodeObject('k8s.io.api.core.v1', RICH_POD);

  it('refuses a body without the k8s\\0 magic, and an empty one', () => {
    expect(decodeError(Buffer.from('{"kind":"Pod"}')).message).toMatch(/does not appear to be a protobuf message, expected prefix \[107 56 115 0\]/);
    expect(decodeError(Buffer.alloc(0)).reason).toBe('malformed');
    expect(decodeError(Buffer.from([0x6b, 0x38, 0x73])).reason).toBe('malformed');
  });

  it('refuses an envelope without kind or apiVersion, and a kind podkit does not decode (unsupported_kind)', () => {
    expect(decodeError(envelope('v1', '', new Uint8Array())).message).toBe("Object 'Kind' is missing in the protobuf body");
    expect(decodeError(envelope('', 'Pod', new Uint8Array())).message).toMatch(/'apiVersion' is missing/);
    const cm = decodeError(envelope('v1', 'ConfigMap', new Uint8Array()));
    expect(cm.reason).toBe('unsupported_kind');
    expect(cm.message).toMatch(/kind "ConfigMap"/);
  });

  it('refuses every truncation inside the object, and nothing else throws for any truncation', () => {
    // Locate raw (Unknown field 2) with protobufjs' reader.
    const reader = protobuf.Reader.create(pod.subarray(4));
    let rawStart = -1;
    let rawEnd = -1;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 2) {
        const len = reader.uint32();
        rawStart = 4 + reader.pos;
        rawEnd = rawStart + len;
        reader.skip(len);
      } else reader.skipType(tag & 7);
    }
    expect(rawEnd).toBeGreaterThan(rawStart + 100);
    for (let cut = 0; cut < pod.length; cut++) {
      const head = pod.subarray(0, cut);
      if (cut > rawStart - 3 && cut < rawEnd) expect(() => decodeKubeProtobuf(head), `cut at ${cut}`).toThrow(ProtobufError);
      else {
        try {
          decodeKubeProtobuf(head);
        } catch (e) {
          expect(e, `cut at ${cut}`).toBeInstanceOf(ProtobufError);
        }
      }
    }
  });

  it('never throws anything but a ProtobufError for mutated kubectl and protobufjs bodies (fast-check)', () => {
    const bodies = [...KUBECTL_FIXTURES.map(fixture), pod];
    fc.assert(
      fc.property(fc.constantFrom(...bodies), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (body, flips) => {
        const copy = Buffer.from(body);
        for (const [at, byte] of flips) copy[4 + (at % (copy.length - 4))] = byte;
        try {
          const decoded = decodeKubeProtobuf(copy);
          expect(typeof decoded.object).toBe('object');
          JSON.stringify(decoded.object);
        } catch (e) {
          if (!(e instanceof ProtobufError)) throw e;
        }
      }),
      { numRuns: 2000, seed: 17 },
    );
  });

  const raw = (bytes: number[]): Buffer => envelope('v1', 'Pod', Buffer.from(bytes));

  it('refuses bad wire types, field number 0, wire types 6/7, over-long varints and lengths past the end', () => {
    expect(decodeError(raw([0x08, 0x01])).message).toMatch(/wrong wire type 0 for field Pod.metadata/); // metadata as a varint
    expect(decodeError(raw([0x00, 0x01])).message).toMatch(/invalid field number 0/);
    expect(decodeError(raw([0x0e])).message).toMatch(/invalid wire type 6/);
    expect(decodeError(raw([0xa0, 0x38, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).message).toMatch(/varint longer than 10 bytes/);
    expect(decodeError(raw([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])).message).toMatch(/exceeds the 0 bytes left/);
    expect(decodeError(raw([0x0a, 0x02, 0x0a, 0x05, 0x61])).message).toMatch(/in metadata/);
    expect(decodeError(raw([0xa4, 0x38])).message).toMatch(/unexpected end of group/);
  });

  it('refuses a Time outside the years 0000-9999 and an IntOrString of an unknown type', () => {
    const Pod = root.lookupType('k8s.io.api.core.v1.Pod');
    const far = Pod.encode(Pod.fromObject({ metadata: { creationTimestamp: { seconds: 253402300800 } } })).finish();
    expect(decodeError(envelope('v1', 'Pod', far)).message).toMatch(/outside the years 0000-9999 .*in metadata/);
    const bad = Pod.encode(Pod.fromObject({ spec: { containers: [{ name: 'c', livenessProbe: { handler: { tcpSocket: { port: { type: 2 } } } } }] } })).finish();
    expect(decodeError(envelope('v1', 'Pod', bad)).message).toMatch(/IntOrString of unknown type 2 .*spec.containers\[0\].livenessProbe.tcpSocket/);
  });

  it('refuses a ControllerRevision whose data (runtime.RawExtension) is not JSON', () => {
    const CR = root.lookupType('k8s.io.api.apps.v1.ControllerRevision');
    const bad = CR.encode(CR.fromObject({ metadata: { name: 'r' }, data: { raw: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x01]) }, revision: 1 })).finish();
    expect(decodeError(envelope('apps/v1', 'ControllerRevision', bad)).message).toMatch(/runtime.RawExtension\) that is not JSON .*in data/);
  });

  it('refuses groups nested 100 000 deep without exhausting the stack, and skips deeply nested unknown bytes fields', () => {
    const open = Buffer.alloc(200_000);
    for (let i = 0; i < open.length; i += 2) {
      open[i] = 0xa3;
      open[i + 1] = 0x38;
    }
    expect(decodeError(envelope('v1', 'Pod', open)).message).toMatch(/groups nested more than 100 deep/);
    // 10 000 length-delimited fields nested in each other, in an unknown field: skipped whole.
    let nested: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 10_000; i++) {
      const len: number[] = [];
      let n = nested.length;
      do {
        len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        n >>>= 7;
      } while (n > 0);
      nested = Buffer.concat([Buffer.from([0xba, 0x38, ...len]), nested]);
    }
    expect(decodeKubeProtobuf(envelope('v1', 'Pod', nested)).object).toEqual({ apiVersion: 'v1', kind: 'Pod' });
  });

  it('decodes a 1 MiB pod in well under a second', () => {
    const big = { ...RICH_POD, metadata: { name: 'big', annotations: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'.repeat(1000)])) } };
    const body = encodeObject('k8s.io.api.core.v1', big);
    expect(body.length).toBeGreaterThan(1_000_000);
    const start = performance.now();
    expect(decodeKubeProtobuf(body).object).toEqual(big);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
