import { describe, expect, it } from 'vitest';
import { applyDefaults, assertValidObject, formatValidationIssue, formatValidationIssues, PodkitError, validateObject, type Pod } from 'podkit';
import { container, pod } from './helpers.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const issuesOf = (p: Pod): string[] => validateObject(applyDefaults(p)).map(formatValidationIssue);
const withContainer = (over: Parameters<typeof container>[0]): Pod => pod({ spec: { containers: [container(over)] } });
const exec = { exec: { command: ['true'] } };

// One row per rule: [rule, pod, the exact Kubernetes error text expected among the issues].
const rules: Array<[string, Pod, string]> = [
  ['the name is a DNS-1123 subdomain (§M.2)', pod({ metadata: { name: 'Web_1' } }), `metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MSG}`],
  ['the name has at most 253 characters (§M.2)', pod({ metadata: { name: 'a'.repeat(254) } }), `metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
  ['a name or generateName is required', pod({ metadata: { name: '' } }), 'metadata.name: Required value: name or generateName is required'],
  ['generateName is a subdomain prefix', pod({ metadata: { name: '', generateName: 'Web-' } }), `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`],
  ['the namespace is a DNS-1123 label', pod({ metadata: { namespace: 'my.ns' } }), 'metadata.namespace: Invalid value: "my.ns": must not contain dots'],
  ['label keys are qualified names (§M.2)', pod({ metadata: { labels: { '-bad': 'x' } } }), `metadata.labels: Invalid value: "-bad": ${NAME_PART_MSG}`],
  ['a label key prefix is a DNS subdomain (§M.2)', pod({ metadata: { labels: { 'Example.com/app': 'x' } } }), `metadata.labels: Invalid value: "Example.com/app": prefix part ${SUBDOMAIN_MSG}`],
  ['a label key name part has at most 63 characters', pod({ metadata: { labels: { ['k'.repeat(64)]: 'x' } } }), `metadata.labels: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
  ['label values follow the label-value syntax (§M.2)', pod({ metadata: { labels: { app: 'a b' } } }), `metadata.labels: Invalid value: "a b": ${LABEL_VALUE_MSG}`],
  ['label values have at most 63 characters (§M.2)', pod({ metadata: { labels: { app: 'v'.repeat(64) } } }), `metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
  [
    'annotation keys are qualified names',
    pod({ metadata: { annotations: { 'a/b/c': 'x' } } }),
    `metadata.annotations: Invalid value: "a/b/c": a qualified ${NAME_PART_MSG.replace('name part ', 'name ')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
  ],
  ['annotations total at most 256 KiB', pod({ metadata: { annotations: { big: 'x'.repeat(262_144) } } }), 'metadata.annotations: Too long: may not be more than 262144 bytes'],
  ['the pod-deletion-cost annotation is a 32-bit integer', pod({ metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': 'high' } } }), 'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "high": must be a 32bit integer'],
  ['at least one container is required', pod({ spec: { containers: [] } }), 'spec.containers: Required value'],
  ['container names are DNS-1123 labels (§M.2)', withContainer({ name: 'Web' }), `spec.containers[0].name: Invalid value: "Web": ${LABEL_MSG}`],
  ['a container name with dots is rejected as such (§M.2)', withContainer({ name: 'web.v1' }), 'spec.containers[0].name: Invalid value: "web.v1": must not contain dots'],
  ['container names have at most 63 characters (§M.2)', withContainer({ name: 'c'.repeat(64) }), `spec.containers[0].name: Invalid value: "${'c'.repeat(64)}": must be no more than 63 characters`],
  ['container names are unique (§M.2)', pod({ spec: { containers: [container({ name: 'web' }), container({ name: 'web' })] } }), 'spec.containers[1].name: Duplicate value: "web"'],
  ['container names are unique across init and regular containers (§M.2)', pod({ spec: { initContainers: [container({ name: 'app' })] } }), 'spec.initContainers[0].name: Duplicate value: "app"'],
  ['an image is required', withContainer({ image: '' }), 'spec.containers[0].image: Required value'],
  ['a Pod image has no surrounding whitespace', withContainer({ image: ' busybox' }), 'spec.containers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace'],
  ['containerPort is required (§M.2)', withContainer({ ports: [{ containerPort: 0 }] }), 'spec.containers[0].ports[0].containerPort: Required value'],
  ['containerPort is 1–65535 (§M.2)', withContainer({ ports: [{ containerPort: 70000 }] }), 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ['hostPort is 1–65535 when set (§M.2)', withContainer({ ports: [{ containerPort: 80, hostPort: -1 }] }), 'spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive'],
  ['port names are IANA_SVC_NAMEs (§M.2)', withContainer({ ports: [{ containerPort: 80, name: 'HTTP' }] }), 'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
  ['port names contain a letter', withContainer({ ports: [{ containerPort: 80, name: '8080' }] }), 'spec.containers[0].ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)'],
  ['port names have at most 15 characters', withContainer({ ports: [{ containerPort: 80, name: 'a-very-long-port-name' }] }), 'spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters'],
  ['port names have no double hyphen', withContainer({ ports: [{ containerPort: 80, name: 'a--b' }] }), 'spec.containers[0].ports[0].name: Invalid value: "a--b": must not contain consecutive hyphens'],
  ['port names are unique in a container (§M.2)', withContainer({ ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http' }] }), 'spec.containers[0].ports[1].name: Duplicate value: "http"'],
  [
    'host ports do not collide across containers',
    pod({ spec: { containers: [container({ name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }] }), container({ name: 'b', ports: [{ containerPort: 81, hostPort: 8080 }] })] } }),
    'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
  ],
  ['with hostNetwork a Pod hostPort equals containerPort', pod({ spec: { hostNetwork: true, containers: [container({ ports: [{ containerPort: 80, hostPort: 81 }] })] } }), 'spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true'],
  ['volume mounts refer to declared volumes', withContainer({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }), 'spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  ['mount paths are unique', pod({ spec: { volumes: [{ name: 'a' }, { name: 'b' }], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/x' }, { name: 'b', mountPath: '/x' }] })] } }), 'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/x": must be unique'],
  ['a subPath stays inside the volume', pod({ spec: { volumes: [{ name: 'a' }], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/x', subPath: '../etc' }] })] } }), 'spec.containers[0].volumeMounts.subPath: Invalid value: "../etc": must not contain \'..\''],
  ['volume names are unique', pod({ spec: { volumes: [{ name: 'data' }, { name: 'data' }] } }), 'spec.volumes[1].name: Duplicate value: "data"'],
  ['volume names are DNS-1123 labels', pod({ spec: { volumes: [{ name: 'Data' }] } }), `spec.volumes[0].name: Invalid value: "Data": ${LABEL_MSG}`],
  ['a volume has at most one source', pod({ spec: { volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }] } }), 'spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type'],
  ['a hostPath has a path', pod({ spec: { volumes: [{ name: 'v', hostPath: { path: '' } }] } }), 'spec.volumes[0].hostPath.path: Required value'],
  ['restartPolicy is Always, OnFailure or Never (§M.2)', pod({ spec: { restartPolicy: 'Sometimes' as never } }), 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ['dnsPolicy is a known policy', pod({ spec: { dnsPolicy: 'Google' } }), 'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
  ['a regular container has no restartPolicy (§M.2)', withContainer({ restartPolicy: 'Always' }), 'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
  ['an init container restartPolicy can only be Always (§M.2)', pod({ spec: { initContainers: [container({ name: 'init', restartPolicy: 'OnFailure' })] } }), 'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  ['probes are forbidden on plain init containers', pod({ spec: { initContainers: [container({ name: 'init', readinessProbe: exec })] } }), 'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
  ['a liveness probe successThreshold must be 1 (§M.2)', withContainer({ livenessProbe: { ...exec, successThreshold: 2 } }), 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
  ['a startup probe successThreshold must be 1 (§M.2)', withContainer({ startupProbe: { ...exec, successThreshold: 3 } }), 'spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1'],
  ['a readiness probe has no terminationGracePeriodSeconds', withContainer({ readinessProbe: { ...exec, terminationGracePeriodSeconds: 5 } }), 'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes'],
  ['a probe-level grace period is positive', withContainer({ livenessProbe: { ...exec, terminationGracePeriodSeconds: 0 } }), 'spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0'],
  ['probe timings are not negative', withContainer({ livenessProbe: { ...exec, initialDelaySeconds: -1 } }), 'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0'],
  ['a probe has a handler', withContainer({ readinessProbe: {} }), 'spec.containers[0].readinessProbe: Required value: must specify a handler type'],
  ['a probe has one handler only', withContainer({ readinessProbe: { ...exec, tcpSocket: { port: 80 } } }), 'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
  ['an exec handler has a command', withContainer({ readinessProbe: { exec: {} } }), 'spec.containers[0].readinessProbe.exec.command: Required value'],
  ['a named httpGet port is a port name', withContainer({ readinessProbe: { httpGet: { port: '8080' } } }), 'spec.containers[0].readinessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)'],
  ['a sleep hook fits in the grace period', withContainer({ lifecycle: { preStop: { sleep: { seconds: 60 } } } }), 'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)'],
  ['env names are printable ASCII without =', withContainer({ env: [{ name: 'A=B', value: 'x' }] }), `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`],
  ['env fieldRef paths are supported downward-API fields', withContainer({ env: [{ name: 'P', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }] }), 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'],
  ['env value and valueFrom exclude each other', withContainer({ env: [{ name: 'P', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }), 'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'],
  ['requests do not exceed limits', withContainer({ resources: { limits: { cpu: '1' }, requests: { cpu: '2000m' } } }), 'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
  ['quantities are well-formed', withContainer({ resources: { limits: { memory: '1 Gi' } } }), "spec.containers[0].resources.limits[memory]: Invalid value: \"1 Gi\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['quantities are not negative', withContainer({ resources: { limits: { cpu: '-1' } } }), 'spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
  ['resource names are standard for containers', withContainer({ resources: { limits: { pods: '1' } } }), 'spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers'],
  ['extended resources are integers', withContainer({ resources: { limits: { 'example.com/gpu': '0.5' } } }), 'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer'],
  ['activeDeadlineSeconds is positive', pod({ spec: { activeDeadlineSeconds: 0 } }), 'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  ['nodeSelector keys and values are labels', pod({ spec: { nodeSelector: { disk: 'fast ssd' } } }), `spec.nodeSelector: Invalid value: "fast ssd": ${LABEL_VALUE_MSG}`],
  ['nodeName is a DNS subdomain', pod({ spec: { nodeName: 'Node_1' } }), `spec.nodeName: Invalid value: "Node_1": ${SUBDOMAIN_MSG}`],
  ['hostname is a DNS label', pod({ spec: { hostname: 'a.b' } }), 'spec.hostname: Invalid value: "a.b": must not contain dots'],
  ['an empty toleration key needs operator Exists', pod({ spec: { tolerations: [{ value: 'x' }] } }), 'spec.tolerations[0].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
  ['tolerationSeconds needs effect NoExecute', pod({ spec: { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] } }), "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
  [
    'node affinity Gt/Lt take a single value',
    pod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['2', '4'] }] }] } } } } }),
    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
  ],
  [
    'node affinity In needs values',
    pod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } } } }),
    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ],
  ['owner references have a uid', pod({ metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '' }] } }), 'metadata.ownerReferences.uid: Invalid value: "": must not be empty'],
  [
    'at most one owner reference is the controller (§K.2)',
    pod({ metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true }] } }),
    `metadata.ownerReferences: Invalid value: ${JSON.stringify([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true }])}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b`,
  ],
  ['finalizers are qualified names', pod({ metadata: { finalizers: ['bad finalizer'] } }), `metadata.finalizers: Invalid value: "bad finalizer": ${NAME_PART_MSG}`],
  [
    'configMapKeyRef keys are config keys',
    withContainer({ env: [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a b' } } }] }),
    "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ],
  [
    'resourceFieldRef names a container resource',
    withContainer({ env: [{ name: 'K', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }] }),
    'spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
  ],
  [
    'a cpu divisor is 1m or 1',
    withContainer({ env: [{ name: 'K', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '10m' } } }] }),
    "spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
  ],
  ['an emptyDir sizeLimit is not negative', pod({ spec: { volumes: [{ name: 'v', emptyDir: { sizeLimit: '-1Gi' } }] } }), 'spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity'],
  ['a hostPath type is a known type', pod({ spec: { volumes: [{ name: 'v', hostPath: { path: '/x', type: 'Dir' } }] } }), 'spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"'],
  ['a hostPath has no backsteps', pod({ spec: { volumes: [{ name: 'v', hostPath: { path: '/x/../etc' } }] } }), 'spec.volumes[0].hostPath.path: Invalid value: "/x/../etc": must not contain \'..\''],
  [
    'preferred node affinity weights are 1-100',
    pod({ spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] } } } }),
    'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
  ],
  [
    'node field selectors only select metadata.name',
    pod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.namespace', operator: 'In', values: ['x'] }] }] } } } } }),
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Invalid value: "metadata.namespace": not a valid field selector key',
  ],
  ['readiness gate condition types are qualified names', pod({ spec: { readinessGates: [{ conditionType: 'my gate' }] } }), `spec.readinessGates[0].conditionType: Invalid value: "my gate": ${NAME_PART_MSG}`],
  ['priorityClassName is a DNS subdomain', pod({ spec: { priorityClassName: 'High' } }), `spec.priorityClassName: Invalid value: "High": ${SUBDOMAIN_MSG}`],
  ['subdomain is a DNS label', pod({ spec: { subdomain: 'a_b' } }), `spec.subdomain: Invalid value: "a_b": ${LABEL_MSG}`],
  [
    'a toleration with Exists has no value',
    pod({ spec: { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] } }),
    'spec.tolerations[0].operator: Invalid value: {"key":"k","operator":"Exists","value":"v"}: value must be empty when `operator` is \'Exists\'',
  ],
  ['scheduling gates are unique', pod({ spec: { schedulingGates: [{ name: 'example.com/a' }, { name: 'example.com/a' }] } }), 'spec.schedulingGates[1]: Duplicate value: "example.com/a"'],
];

describe('validateObject (Pod)', () => {
  it('accepts a minimal defaulted pod', () => {
    expect(issuesOf(pod())).toEqual([]);
  });

  it('accepts a sidecar with probes and a generateName without name', () => {
    const p = pod({ metadata: { name: '', generateName: 'web-' }, spec: { initContainers: [container({ name: 'proxy', restartPolicy: 'Always', readinessProbe: exec })] } });
    expect(issuesOf(p)).toEqual([]);
  });

  it.each(rules)('checks that %s', (_rule, p, expected) => {
    expect(issuesOf(p)).toContain(expected);
  });

  it('reports fields the API server defaults as Required when validating an undefaulted pod', () => {
    const issues = validateObject(pod()).map(formatValidationIssue);
    expect(issues).toEqual(
      expect.arrayContaining([
        'metadata.namespace: Required value',
        'spec.terminationGracePeriodSeconds: Required value',
        'spec.restartPolicy: Required value',
        'spec.dnsPolicy: Required value',
        'spec.containers[0].imagePullPolicy: Required value',
        'spec.containers[0].terminationMessagePolicy: Required value',
      ]),
    );
  });

  it('formats several issues as the API server does', () => {
    const p = applyDefaults(pod({ metadata: { name: 'Bad' }, spec: { containers: [container({ name: 'a' }), container({ name: 'a' })] } }));
    expect(formatValidationIssues(p, validateObject(p))).toBe(
      `Pod "Bad" is invalid: [metadata.name: Invalid value: "Bad": ${SUBDOMAIN_MSG}, spec.containers[1].name: Duplicate value: "a"]`,
    );
  });

  it('assertValidObject throws invalid_object with the issues in details', () => {
    const p = applyDefaults(pod({ spec: { containers: [container({ name: 'a' }), container({ name: 'a' })] } }));
    try {
      assertValidObject(p);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PodkitError);
      expect((e as PodkitError).code).toBe('invalid_object');
      expect((e as PodkitError).message).toBe('Pod "web" is invalid: spec.containers[1].name: Duplicate value: "a"');
    }
    expect(() => assertValidObject(applyDefaults(pod()))).not.toThrow();
  });
});
