import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  ManifestError,
  PodkitError,
  parseManifests,
  parseManifestsWithWarnings,
  safeParseManifests,
  serializeManifests,
  type Job,
  type Pod,
  type ReplicaSet,
} from 'podkit';

const dir = join(import.meta.dirname, '..', '..', 'examples', 'manifests');
const example = (name: string): string => readFileSync(join(dir, name), 'utf8');

function errorOf(text: string, filename?: string): ManifestError {
  const { error } = safeParseManifests(text, filename === undefined ? {} : { filename });
  if (error === undefined) throw new Error('expected a ManifestError');
  return error;
}

describe('parseManifests: the example manifests', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('parses examples/manifests/%s unchanged, without warnings', (file) => {
    const { objects, warnings } = parseManifestsWithWarnings(example(file), { filename: file });
    expect(objects).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('reads simple-echo as a defaulted two-container Pod', () => {
    const [p] = parseManifests(example('simple-echo.yaml')) as [Pod];
    expect(p.metadata).toEqual({ name: 'simple-echo', namespace: 'default' });
    expect(p.spec.containers.map((c) => [c.name, c.imagePullPolicy, c.ports?.[0]])).toEqual([
      ['nginx', 'Always', { containerPort: 80, protocol: 'TCP' }],
      ['echo', 'Always', { containerPort: 8080, protocol: 'TCP' }],
    ]);
    expect(p.spec.containers[0]?.env).toEqual([{ name: 'BACKEND_HOST', value: 'localhost:8080' }]);
  });

  it('reads hello-job as a Job with restartPolicy OnFailure and the §I.1 defaults', () => {
    const [j] = parseManifests(example('hello-job.yaml')) as [Job];
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false });
    expect(j.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(j.spec.template.spec.containers[0]?.command).toEqual(['sh', '-c', 'echo "Hello, Kubernetes!" && sleep 3600']);
  });

  it('reads the ReplicaSet with 3 replicas and a defaulted exec readiness probe', () => {
    const [rs] = parseManifests(example('replicaset.yaml')) as [ReplicaSet];
    expect(rs.spec.replicas).toBe(3);
    expect(rs.spec.template.spec.containers[0]?.readinessProbe).toEqual({
      exec: { command: ['true'] },
      initialDelaySeconds: 0,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('parses the three documents of one stream, in order', () => {
    const text = ['simple-echo.yaml', 'myapp-pod.yaml', 'hello-job.yaml'].map(example).join('---\n');
    expect(parseManifests(text).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Pod/simple-echo', 'Pod/myapp-pod', 'Job/hello']);
  });

  it('round-trips every example: parse → serialize → parse gives deep-equal objects', () => {
    const objects = readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((f) => parseManifests(example(f)));
    expect(parseManifests(serializeManifests(objects))).toEqual(objects);
  });
});

describe('parseManifests: formats', () => {
  it('reads JSON', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    expect(parseManifests(json)[0]?.metadata.name).toBe('j');
  });

  it('expands kind: List (apiVersion v1)', () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: n1}
- apiVersion: v1
  kind: Pod
  metadata: {name: p1}
  spec:
    containers: [{name: c, image: busybox}]
`;
    expect(parseManifests(list).map((o) => o.kind)).toEqual(['Node', 'Pod']);
  });

  it('skips empty documents and returns [] for an empty stream', () => {
    expect(parseManifests('')).toEqual([]);
    expect(parseManifests('---\n---\n# only a comment\n')).toEqual([]);
  });
});

describe('parseManifests: errors', () => {
  it('throws a ManifestError (a PodkitError with code invalid_manifest)', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: Pod\n')).toThrowError(ManifestError);
    const e = errorOf('apiVersion: v1\nkind: Pod\n');
    expect(e).toBeInstanceOf(PodkitError);
    expect(e.code).toBe('invalid_manifest');
    expect(e.filename).toBe('<input>');
  });

  it('collects every problem of every document with file:line:col', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: busybox
  - name: app
    image: busybox
---
apiVersion: apps/v1
kind: Service
metadata:
  name: d
---
apiVersion: v1
kind: Pod
metadata:
  name: typed
spec:
  restartPolicy: Sometimes
  containers:
  - name: c
    image: busybox
    ports:
    - containerPort: eighty
`;
    expect(errorOf(text, 'app.yaml').message).toMatchInlineSnapshot(`
      "Invalid manifest app.yaml (4 problems):
      app.yaml:9:11 spec.containers[1].name: Duplicate value: "app"
      app.yaml:13:7 kind: Unsupported value: "Service": no kind "Service" is registered for version "apps/v1" (supported: v1 Pod, v1 Node, apps/v1 ReplicaSet, apps/v1 DaemonSet, batch/v1 Job, apps/v1 Deployment, apps/v1 StatefulSet, apps/v1 ControllerRevision, v1 PersistentVolumeClaim, batch/v1 CronJob, coordination.k8s.io/v1 Lease, v1 List)
      app.yaml:27:22 spec.containers[0].ports[0].containerPort: Invalid value: "eighty": must be an integer
      app.yaml:22:18 spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""
    `);
  });

  it('reports a misspelt required field with its suggestion, at the misspelt key (fieldValidation: Warn)', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  contianers:
  - name: app
    image: busybox
`;
    const onWarning = vi.fn();
    const { error, warnings } = safeParseManifests(text, { onWarning, fieldValidation: 'Warn' });
    expect(error?.message).toMatchInlineSnapshot(`
      "Invalid manifest <input> (1 problem):
      <input>:6:3 spec.containers: Required value (did you mean "containers" instead of "contianers"?)"
    `);
    expect(warnings).toEqual([
      { path: 'spec.contianers', message: 'unknown field "spec.contianers"; did you mean "containers"?', line: 6, column: 3, documentIndex: 0 },
    ]);
    expect(onWarning).toHaveBeenCalledWith(warnings[0]);
  });

  it('reports validation of a Job template and a ReplicaSet selector with positions', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
      - name: hello
        image: busybox
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: web
        image: busybox
`;
    expect(errorOf(text, 'workloads.yaml').message).toMatchInlineSnapshot(`
      "Invalid manifest workloads.yaml (2 problems):
      workloads.yaml:7:5 spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"
      workloads.yaml:22:7 spec.template.metadata.labels: Invalid value: {"app":"other"}: \`selector\` does not match template \`labels\`"
    `);
  });

  it('positions YAML syntax errors and keeps going with the other documents', () => {
    const text = `apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata:
  name: [unclosed
`;
    const { objects, error } = safeParseManifests(text, { filename: 'x.yaml' });
    expect(objects.map((o) => o.metadata.name)).toEqual(['n1']);
    expect(error?.issues).toHaveLength(1);
    // kubectl: `yaml: line 4: did not find expected ',' or ']'` (line 4 of the second document).
    expect(error?.issues[0]).toMatchObject({ path: '', documentIndex: 1, line: 8, column: 18 });
    expect(error?.issues[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('rejects a document whose alias refers to its own ancestor', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: i}]\n  volumes: [{name: v, configMap: &c {items: [*c]}}]\n';
    expect(errorOf(text).issues[0]?.message).toBe('YAML error: an alias refers to its own ancestor (a cycle)');
  });

  it('names the apiVersion that serves a known kind', () => {
    expect(errorOf('apiVersion: v1\nkind: Job\nmetadata: {name: j}\n').issues[0]).toEqual({
      path: 'apiVersion',
      message: 'Unsupported value: "v1": kind Job is served by "batch/v1"',
      line: 1,
      column: 13,
      documentIndex: 0,
    });
  });

  it('requires apiVersion and kind, listing the supported kinds', () => {
    const issues = errorOf('metadata: {name: x}\n').issues.map((i) => `${i.path}: ${i.message}`);
    expect(issues).toEqual([
      'apiVersion: Required value: every object needs apiVersion and kind (supported: v1 Pod, v1 Node, apps/v1 ReplicaSet, apps/v1 DaemonSet, batch/v1 Job, apps/v1 Deployment, apps/v1 StatefulSet, apps/v1 ControllerRevision, v1 PersistentVolumeClaim, batch/v1 CronJob, coordination.k8s.io/v1 Lease, v1 List)',
      'kind: Required value: every object needs apiVersion and kind (supported: v1 Pod, v1 Node, apps/v1 ReplicaSet, apps/v1 DaemonSet, batch/v1 Job, apps/v1 Deployment, apps/v1 StatefulSet, apps/v1 ControllerRevision, v1 PersistentVolumeClaim, batch/v1 CronJob, coordination.k8s.io/v1 Lease, v1 List)',
    ]);
  });

  it('prints map keys as [key] in paths, as field.Path.Key does', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, labels: {tier: 1}}\nspec: {containers: [{name: c, image: i}]}\n';
    expect(errorOf(text).issues[0]).toEqual({ path: 'metadata.labels[tier]', message: 'Invalid value: 1: must be a string', line: 3, column: 36, documentIndex: 0 });
  });

  it('rejects an unknown port protocol with the supported values', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: i, ports: [{containerPort: 80, protocol: HTTP}]}]\n';
    expect(errorOf(text).issues[0]).toEqual({
      path: 'spec.containers[0].ports[0].protocol',
      message: 'Unsupported value: "HTTP": supported values: "TCP", "UDP", "SCTP"',
      line: 5,
      column: 74,
      documentIndex: 0,
    });
  });

  it('keeps Kubernetes map-key paths for validation issues inside List items', () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: x}
  spec:
    containers:
    - name: c
      image: i
      resources:
        limits: {cpu: "-1"}
`;
    expect(errorOf(list).issues[0]).toEqual({
      path: 'items[0].spec.containers[0].resources.limits[cpu]',
      message: 'Invalid value: "-1": must be greater than or equal to 0',
      line: 12,
      column: 23,
      documentIndex: 0,
    });
  });

  it('locates problems in JSON input too', () => {
    const json = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "x"},\n  "spec": {"containers": [{"name": "C", "image": "i"}]}\n}';
    expect(errorOf(json).issues[0]).toMatchObject({ path: 'spec.containers[0].name', line: 5, column: 36 });
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorOf('- a\n- b\n').issues[0]?.message).toBe('Invalid value: ["a","b"]: a manifest document must be a mapping with apiVersion and kind');
  });

  it('prefixes List item paths with items[i]', () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: Bad_Node}
`;
    expect(errorOf(list).issues[0]).toMatchObject({ path: 'items[0].metadata.name', line: 6, column: 20 });
  });

  it('still validates metadata when the rest of the object is ill-typed', () => {
    const messages = errorOf('apiVersion: v1\nkind: Pod\nmetadata: {name: Bad}\nspec: {containers: 3}\n').issues.map((i) => i.path);
    expect(messages).toEqual(['spec.containers', 'metadata.name']);
  });
});

describe('parseManifests: warnings', () => {
  it('keeps fields Kubernetes defines and podkit does not model as written, with a warning', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: builder
  containers:
  - name: app
    image: busybox
    securityContext: {runAsUser: 1000}
`;
    const { objects, warnings } = parseManifestsWithWarnings(text);
    expect(warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
      '6:3 field "spec.serviceAccountName" is not modelled by podkit (kept as written, not acted on)',
      '10:5 field "spec.containers[0].securityContext" is not modelled by podkit (kept as written, not acted on)',
    ]);
    expect(objects[0]).toHaveProperty('spec.serviceAccountName', 'builder');
    expect((objects[0] as Pod).spec.containers[0]).toHaveProperty('securityContext', { runAsUser: 1000 });
  });

  it('suggests the known key for a misspelt optional field and for a wrong case', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: web, lables: {a: b}}
spec:
  containers: [{name: app, image: busybox, ImagePullPolicy: Never}]
`;
    expect(parseManifestsWithWarnings(text, { fieldValidation: 'Warn' }).warnings.map((w) => w.message)).toEqual([
      'unknown field "metadata.lables"; did you mean "labels"?',
      'unknown field "spec.containers[0].ImagePullPolicy"; did you mean "imagePullPolicy"?',
    ]);
  });

  it('keeps known volume sources podkit does not run, and drops unknown volume keys (fieldValidation: Warn)', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: busybox}]
  volumes:
  - name: cfg
    configMap: {name: settings}
  - name: scratch
    emptydir: {}
`;
    const { objects, warnings } = parseManifestsWithWarnings(text, { fieldValidation: 'Warn' });
    const volumes = (objects[0] as Pod).spec.volumes;
    expect(volumes).toEqual([
      { name: 'cfg', configMap: { name: 'settings', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(warnings.map((w) => w.message)).toEqual(['unknown field "spec.volumes[1].emptydir"; did you mean "emptyDir"?']);
  });
});
