// coordination.k8s.io/v1 Lease: schema, API defaults and validation (k8s.io/api coordination/v1
// types.go; pkg/apis/coordination/validation ValidateLease, ValidateLeaseSpec,
// ValidateCoordinatedLeaseStrategy), toMicroTime, the store's create/update of a Lease and
// `cluster.formatTable('Lease')` (printLease).
import { describe, expect, it } from 'vitest';
import { applyDefaults, createCluster, formatValidationIssue, MemoryStore, parseManifests, PodkitError, validateObject, type KubeObject, type Lease } from 'podkit';
import { getKindDefinition, LeaseSchema, listKinds, toMicroTime } from 'podkit/model';
import { VirtualClock } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

const lease = (spec: Lease['spec'] = {}, name = 'kube-controller-manager', namespace: string | null = 'kube-system'): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: namespace === null ? { name } : { name, namespace },
  spec,
});
const issuesOf = (o: KubeObject): string[] => validateObject(applyDefaults(o)).map(formatValidationIssue);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof PodkitError ? e.code : `not a PodkitError: ${String(e)}`;
  }
  return undefined;
}

describe('Lease kind and schema', () => {
  it('is registered as a namespaced coordination.k8s.io/v1 kind and parses from a manifest', () => {
    expect(listKinds()).toContainEqual({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' });
    expect(getKindDefinition('coordination.k8s.io/v1', 'Lease')?.namespaced).toBe(true);
    expect(getKindDefinition('v1', 'Lease')).toBeUndefined();
    const [obj] = parseManifests(`
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: node-1, namespace: kube-node-lease }
spec:
  holderIdentity: node-1
  leaseDurationSeconds: 40
  acquireTime: "2024-01-01T00:00:00.000000Z"
  renewTime: "2024-01-01T00:00:10.123456Z"
  leaseTransitions: 2
  strategy: OldestEmulationVersion
  preferredHolder: node-2
`);
    expect(obj).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease' },
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 40,
        acquireTime: '2024-01-01T00:00:00.000000Z',
        renewTime: '2024-01-01T00:00:10.123456Z',
        leaseTransitions: 2,
        strategy: 'OldestEmulationVersion',
        preferredHolder: 'node-2',
      },
    });
  });

  it('holds int32 durations and transitions, drops unknown spec fields, and has no status', () => {
    expect(LeaseSchema.safeParse(lease({ leaseDurationSeconds: 2 ** 31 })).success).toBe(false);
    expect(LeaseSchema.safeParse(lease({ leaseTransitions: 1.5 })).success).toBe(false);
    expect(LeaseSchema.safeParse(lease({ leaseDurationSeconds: 2 ** 31 - 1 })).success).toBe(true);
    const parsed = LeaseSchema.parse({ ...lease({ holderIdentity: 'a' }), spec: { holderIdentity: 'a', bogus: 1 } });
    expect(parsed.spec).toEqual({ holderIdentity: 'a' });
    expect(LeaseSchema.safeParse({ ...lease(), status: {} }).success).toBe(false);
    expect(LeaseSchema.safeParse({ ...lease(), apiVersion: 'coordination.k8s.io/v1beta1' }).success).toBe(false);
  });
});

describe('Lease defaults', () => {
  it('defaults only the namespace and an omitted spec to {} (copy-on-write, idempotent)', () => {
    const { spec: _spec, ...bare } = lease(undefined, 'l', null);
    const d = applyDefaults(bare as Lease);
    expect(d).toEqual({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'default' }, spec: {} });
    expect(applyDefaults(d)).toBe(d);
    const full = lease({ holderIdentity: 'x' });
    expect(applyDefaults(full)).toBe(full);
    expect(full.spec).toEqual({ holderIdentity: 'x' });
  });
});

describe('Lease validation (ValidateLease)', () => {
  it('accepts an empty spec and every valid field', () => {
    expect(issuesOf(lease())).toEqual([]);
    expect(issuesOf(lease({ holderIdentity: 'a', leaseDurationSeconds: 1, leaseTransitions: 0, acquireTime: toMicroTime(T0), renewTime: toMicroTime(T0) }))).toEqual([]);
    expect(issuesOf(lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'b' }))).toEqual([]);
    expect(issuesOf(lease({ strategy: 'example.com/my-strategy' }))).toEqual([]);
    // An empty preferredHolder needs no strategy.
    expect(issuesOf(lease({ preferredHolder: '' }))).toEqual([]);
  });

  it('requires leaseDurationSeconds > 0 and leaseTransitions >= 0', () => {
    expect(issuesOf(lease({ leaseDurationSeconds: 0 }))).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
    expect(issuesOf(lease({ leaseDurationSeconds: -5 }))).toEqual(['spec.leaseDurationSeconds: Invalid value: -5: must be greater than 0']);
    expect(issuesOf(lease({ leaseTransitions: -1 }))).toEqual(['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('checks the strategy at upstream path spec.strategy.strategy: a known name or a qualified prefix/name', () => {
    expect(issuesOf(lease({ strategy: 'NewestEmulationVersion' }))).toEqual([
      'spec.strategy.strategy: Unsupported value: "NewestEmulationVersion": supported values: "OldestEmulationVersion"',
    ]);
    expect(issuesOf(lease({ strategy: '' }))).toEqual(['spec.strategy.strategy: Unsupported value: "": supported values: "OldestEmulationVersion"']);
    const bad = issuesOf(lease({ strategy: 'a/b/c' }));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^spec\.strategy\.strategy: Invalid value: "a\/b\/c": a qualified name must consist of alphanumeric characters/);
    expect(issuesOf(lease({ strategy: 'Bad_Prefix/x' }))[0]).toMatch(/^spec\.strategy\.strategy: Invalid value: "Bad_Prefix\/x": prefix part a lowercase RFC 1123 subdomain/);
  });

  it('forbids preferredHolder without a strategy', () => {
    expect(issuesOf(lease({ preferredHolder: 'node-2' }))).toEqual(['spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined']);
    expect(issuesOf(lease({ preferredHolder: 'node-2', strategy: '' }))).toEqual([
      'spec.strategy.strategy: Unsupported value: "": supported values: "OldestEmulationVersion"',
      'spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined',
    ]);
  });

  it('validates metadata: a DNS-subdomain name, a namespace', () => {
    expect(issuesOf(lease({}, 'Bad_Name'))).toEqual([expect.stringMatching(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/)]);
    expect(issuesOf(lease({ leaseDurationSeconds: 0 }, ''))).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
  });
});

describe('toMicroTime (metav1.MicroTime)', () => {
  it('prints RFC 3339 UTC with 6 fractional digits', () => {
    expect(toMicroTime(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(toMicroTime(T0 + 10_123)).toBe('2024-01-01T00:00:10.123000Z');
    expect(toMicroTime(1500.25)).toBe('1970-01-01T00:00:01.500250Z');
    expect(toMicroTime(new Date(T0))).toBe('2024-01-01T00:00:00.000000Z');
    expect(toMicroTime(-1)).toBe('1969-12-31T23:59:59.999000Z');
    expect(Date.parse(toMicroTime(T0 + 7))).toBe(T0 + 7);
  });

  it('saturates outside years 0000-9999 and refuses non-finite input', () => {
    expect(toMicroTime(1e300)).toBe('9999-12-31T23:59:59.999999Z');
    expect(toMicroTime(-1e300)).toBe('0000-01-01T00:00:00.000000Z');
    expect(codeOf(() => toMicroTime(Number.NaN))).toBe('invalid_argument');
  });
});

describe('Leases in the store', () => {
  const setup = () => {
    const clock = { t: T0, now() { return this.t; } };
    return { clock, store: new MemoryStore({ clock }) };
  };

  it('creates and updates a Lease; a stale resourceVersion is a conflict that writes nothing', () => {
    const { clock, store } = setup();
    const created = store.create(lease({ holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: toMicroTime(clock.t), renewTime: toMicroTime(clock.t), leaseTransitions: 0 }));
    expect(created.metadata).toMatchObject({ name: 'kube-controller-manager', namespace: 'kube-system', resourceVersion: expect.any(String), creationTimestamp: '2024-01-01T00:00:00Z' });
    expect(store.get('Lease', 'kube-controller-manager', 'kube-system').spec?.holderIdentity).toBe('a');
    clock.t += 2_000;
    const renewed = store.update({ ...created, spec: { ...created.spec, renewTime: toMicroTime(clock.t) } });
    expect(renewed.spec?.renewTime).toBe('2024-01-01T00:00:02.000000Z');
    expect(renewed.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    // A second candidate writing from the old version loses.
    let error: PodkitError | undefined;
    try {
      store.update({ ...created, spec: { ...created.spec, holderIdentity: 'b', leaseTransitions: 1 } });
    } catch (e) {
      error = e as PodkitError;
    }
    expect(error?.code).toBe('conflict');
    expect(error?.message).toBe(
      'Operation cannot be fulfilled on leases.coordination.k8s.io "kube-controller-manager": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(store.get('Lease', 'kube-controller-manager', 'kube-system').spec).toMatchObject({ holderIdentity: 'a', renewTime: '2024-01-01T00:00:02.000000Z' });
  });

  it('defaults an omitted spec, validates on create and update, and has no status subresource', () => {
    const { store } = setup();
    const { spec: _spec, ...bare } = lease(undefined, 'n', 'default');
    const created = store.create(bare as Lease);
    expect(created.spec).toEqual({});
    expect(codeOf(() => store.create(lease({ leaseDurationSeconds: 0 }, 'bad')))).toBe('invalid_object');
    expect(() => store.create(lease({ leaseDurationSeconds: 0 }, 'bad'))).toThrow('Lease "bad" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0');
    expect(() => store.update({ ...created, spec: { leaseTransitions: -1 } })).toThrow('Lease "n" is invalid: spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0');
    expect(codeOf(() => store.updateStatus(created))).toBe('invalid_argument');
    expect(codeOf(() => store.create(lease({}, 'x', 'Bad_NS')))).toBe('invalid_object');
    store.delete('Lease', 'n', { namespace: 'default' });
    expect(store.tryGet('Lease', 'n', 'default')).toBeUndefined();
  });
});

describe("cluster.formatTable('Lease') (printLease)", () => {
  it('prints NAME HOLDER AGE, the holder as is and an empty cell when unset', async () => {
    const clock = new VirtualClock({ start: T0 });
    const cluster = createCluster({ clock, nodes: [] });
    try {
      expect(cluster.formatTable('Lease')).toBe('No resources found');
      expect(cluster.formatTable('Lease', { namespace: 'kube-system' })).toBe('No resources found in kube-system namespace.');
      cluster.store.create(lease({ holderIdentity: 'node-1_1234' }, 'kube-scheduler'));
      cluster.store.create(lease({}, 'unheld'));
      await clock.advance(90_000);
      expect(cluster.formatTable('Lease').split('\n')).toEqual([
        'NAME             HOLDER        AGE',
        'kube-scheduler   node-1_1234   90s',
        'unheld                         90s',
      ]);
    } finally {
      await cluster.close();
    }
  });
});
