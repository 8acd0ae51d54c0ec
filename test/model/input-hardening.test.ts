// Input hardening of manifest parsing (reliability issue, items 1, 7 and 8): keys named like
// Object.prototype members, strict field validation, fields podkit keeps without modelling them,
// Kubernetes' integer bounds, one report per mistake, and YAML error lines as kubectl prints them.
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifests, parseManifestsWithWarnings, safeParseManifests, serializeManifests, type Job, type Pod } from 'podkit';

const POD = (containerExtra: string, specExtra = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${specExtra}  containers: [{name: c, image: 'busybox:1.36'${containerExtra}}]\n`;

function issuesOf(text: string, fieldValidation?: 'Strict' | 'Warn' | 'Ignore'): ManifestError['issues'] {
  const { error } = safeParseManifests(text, fieldValidation === undefined ? {} : { fieldValidation });
  if (error === undefined) throw new Error('expected a ManifestError');
  return error.issues;
}

describe('keys named like Object.prototype members (item 1)', () => {
  const names = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf', 'toLocaleString'];
  const places: Array<[string, (key: string) => string, string]> = [
    ['the top level', (k) => `apiVersion: v1\nkind: Pod\n${k}: 1\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n`, ''],
    ['metadata', (k) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, ${k}: 1}\nspec: {containers: [{name: c, image: i}]}\n`, 'metadata.'],
    ['a container', (k) => POD(`, ${k}: {a: 1}`), 'spec.containers[0].'],
    ['a probe', (k) => POD(`, readinessProbe: {exec: {command: ['true']}, ${k}: 2}`), 'spec.containers[0].readinessProbe.'],
  ];
  for (const [where, text, prefix] of places) {
    it(`reports each as an unknown field in ${where}, never a TypeError (strict decoding)`, () => {
      for (const name of names) {
        const issues = issuesOf(text(name));
        expect(issues.map((i) => i.message)).toEqual([`strict decoding error: unknown field "${prefix}${name}"`]);
        expect(issues[0]?.line).toBeGreaterThan(0);
      }
    });
  }

  it('treats them as ordinary keys in maps: constructor and toString are valid label keys, __proto__ an invalid one (ValidateLabels)', () => {
    const [p] = parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {constructor: a, toString: b}}\nspec: {containers: [{name: c, image: i}]}\n') as [Pod];
    expect(p.metadata.labels).toEqual({ constructor: 'a', toString: 'b' });
    const issues = issuesOf('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {__proto__: {polluted: x}}}\nspec: {containers: [{name: c, image: i}]}\n');
    expect(issues.map((i) => `${i.path}: ${i.message.slice(0, 60)}`)).toEqual(['metadata.labels: Invalid value: "__proto__": name part must consist of alphan']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('strict field validation, as kubectl --validate=strict (item 7)', () => {
  it('rejects a field Kubernetes does not know by default, in the API server\'s words with the did-you-mean hint', () => {
    expect(issuesOf(POD(', imagePullPolcy: Always'))).toEqual([
      {
        path: 'spec.containers[0].imagePullPolcy',
        message: 'strict decoding error: unknown field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?',
        line: 5,
        column: 49,
        documentIndex: 0,
      },
    ]);
  });

  it('reports a misspelt required field once, at the key the user wrote', () => {
    const issues = issuesOf('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  contianers: [{name: c, image: i}]\n');
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '5:3 spec.contianers: strict decoding error: unknown field "spec.contianers"; did you mean "containers"?',
    ]);
  });

  it('fieldValidation Warn drops unknown fields with a warning, Ignore drops them silently', () => {
    const warned = parseManifestsWithWarnings(POD(', imagePullPolcy: Always'), { fieldValidation: 'Warn' });
    expect(warned.warnings.map((w) => w.message)).toEqual(['unknown field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?']);
    expect((warned.objects[0] as Pod).spec.containers[0]).not.toHaveProperty('imagePullPolcy');
    const ignored = parseManifestsWithWarnings(POD(', imagePullPolcy: Always'), { fieldValidation: 'Ignore' });
    expect(ignored.warnings).toEqual([]);
    expect(ignored.objects).toHaveLength(1);
  });

  it('rejects an unknown fieldValidation value', () => {
    expect(() => parseManifests(POD(''), { fieldValidation: 'strict' as 'Strict' })).toThrow(/fieldValidation: expected one of "Strict", "Warn", "Ignore"/);
  });
});

describe('fields Kubernetes knows and podkit does not model (item 7)', () => {
  it('are kept verbatim with a warning, and round-trip through serializeManifests', () => {
    const text = POD(", securityContext: {runAsUser: 1000, capabilities: {drop: [ALL]}}, envFrom: [{configMapRef: {name: cfg}}]", '  serviceAccountName: builder\n  topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]\n');
    const { objects, warnings } = parseManifestsWithWarnings(text);
    const pod = objects[0] as Pod & { spec: Record<string, unknown> };
    expect(pod.spec.serviceAccountName).toBe('builder');
    expect(pod.spec.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]);
    expect(pod.spec.containers[0]).toMatchObject({ securityContext: { runAsUser: 1000, capabilities: { drop: ['ALL'] } }, envFrom: [{ configMapRef: { name: 'cfg' } }] });
    expect(warnings.map((w) => w.path)).toEqual(['spec.serviceAccountName', 'spec.topologySpreadConstraints', 'spec.containers[0].securityContext', 'spec.containers[0].envFrom']);
    expect(warnings[0]?.message).toBe('field "spec.serviceAccountName" is not modelled by podkit (kept as written, not acted on)');
    expect(parseManifests(serializeManifests(objects))).toEqual(objects);
  });

  it('must be JSON data: a value that is not is an error at its path, never a crash', () => {
    const issues = issuesOf(POD('', '  securityContext: !!binary aGVsbG8=\n'));
    expect(issues.map((i) => i.path)).toEqual(['spec.securityContext']);
  });
});

describe("Kubernetes' integer bounds (item 7)", () => {
  const rs = (replicas: string): string =>
    `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n`;

  it('rejects replicas above the int32 bound (§M.2, ValidateReplicaSetSpec; int32 decoding)', () => {
    expect(issuesOf(rs('3000000000')).map((i) => `${i.path}: ${i.message}`)).toEqual(['spec.replicas: Invalid value: 3000000000: must be a 32-bit integer between -2147483648 and 2147483647']);
    expect((parseManifests(rs('1000000000'))[0] as { spec: { replicas: number } }).spec.replicas).toBe(1e9);
  });

  it('rejects Indexed completions beyond int32 and a Job name its last pod hostname cannot carry (§I.1, ValidateJob)', () => {
    const job = (name: string, completions: string): string =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n  completionMode: Indexed\n  completions: ${completions}\n  template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}\n`;
    expect(issuesOf(job('j', '1000000000000')).map((i) => i.path)).toEqual(['spec.completions']);
    const long = 'a'.repeat(60);
    expect(issuesOf(job(long, '1000')).map((i) => `${i.path}: ${i.message}`)).toEqual([
      `metadata.name: Invalid value: "${long}": will not able to create pod with invalid DNS label: ${long}-999`,
    ]);
    expect((parseManifests(job(long.slice(0, 55), '1000'))[0] as Job).spec.completions).toBe(1000);
  });

  it('rejects int32 fields above the bound everywhere (containerPort, probe periods, IntOrString ports)', () => {
    const issues = issuesOf(POD(', ports: [{containerPort: 4294967376}], livenessProbe: {httpGet: {port: 2147483648}, periodSeconds: 99999999999}'));
    expect(issues.map((i) => i.path).sort()).toEqual(['spec.containers[0].livenessProbe.httpGet.port', 'spec.containers[0].livenessProbe.periodSeconds', 'spec.containers[0].ports[0].containerPort']);
  });

  it('accepts an int64 grace period of 99999999999999 (valid upstream)', () => {
    expect((parseManifests(POD('', '  terminationGracePeriodSeconds: 99999999999999\n'))[0] as Pod).spec.terminationGracePeriodSeconds).toBe(99999999999999);
  });
});

describe('one report per mistake (item 7)', () => {
  it('reports a malformed memory limit once, at the limit the user wrote, not again under the defaulted requests', () => {
    const issues = issuesOf(POD(', resources: {limits: {memory: 12xx}}'));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "spec.containers[0].resources.limits[memory]: Invalid value: \"12xx\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });
});

describe('YAML syntax errors point where kubectl does (item 8)', () => {
  // kubectl v1.32 `apply --dry-run=client -f`: "error converting YAML to JSON: yaml: line N: ...".
  const base = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '  - name: c', '    image: i'];
  const cases: Array<[string, string[], number]> = [
    ['an over-indented key ("mapping values are not allowed in this context")', [...base, '      ports: []'], 9],
    ['an under-indented key ("did not find expected key")', [...base, '   ports: []'], 8],
    ['a key left of its mapping ("did not find expected key")', ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', ' labels: {}'], 4],
    ['a tab as indentation ("found character that cannot start any token")', ['apiVersion: v1', 'kind: Pod', 'metadata:', '\tname: p'], 4],
    ['an unclosed flow sequence ("did not find expected \',\' or \']\'")', ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: [p'], 4],
    ['a second colon on a line ("mapping values are not allowed in this context")', ['apiVersion: v1', 'kind: Pod: x'], 2],
    ['an unterminated quote ("found unexpected end of stream")', ['apiVersion: v1', 'kind: "Pod', 'metadata: x'], 4],
    ['a sequence entry after a comment, under-indented', [...base.slice(0, 7), '# c', '   image: i'], 8],
  ];
  for (const [what, lines, kubectlLine] of cases) {
    it(`reports ${what} on kubectl's line ${kubectlLine}`, () => {
      const issues = issuesOf(`${lines.join('\n')}\n`);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toMatch(/^YAML syntax error: /);
      expect(issues[0]?.line).toBe(kubectlLine);
    });
  }
});

describe('nesting no parser survives (item 1)', () => {
  it('refuses text nested deeper than 256 levels before the YAML parser sees it (two such documents used to abort the process)', () => {
    const deep = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
    for (let i = 0; i < 2; i++) {
      const issues = issuesOf(`${deep}\n---\n${deep}\n`);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toBe('YAML error: nested more than 256 levels deep (no manifest needs that; podkit refuses it before parsing)');
    }
    let block = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n  securityContext:\n';
    for (let i = 0; i < 300; i++) block += `${' '.repeat(2 * i + 4)}a:\n`;
    expect(issuesOf(block)[0]?.message).toMatch(/^YAML error: nested more than 256 levels deep/);
  });

  it('refuses Lists nested more than 10 deep instead of recursing', () => {
    let text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}';
    for (let i = 0; i < 12; i++) text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [typeof text === 'string' && i === 0 ? { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } } : JSON.parse(text)] });
    expect(issuesOf(text)[0]?.message).toBe('Invalid value: "List": Lists may not be nested more than 10 deep');
  });
});
