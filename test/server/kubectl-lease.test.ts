// Real kubectl 1.32 against serveKubeApi for coordination.k8s.io/v1 Leases: apply -f, get leases
// -A (printLease: NAME HOLDER AGE, an unset holder is an empty cell), api-resources, patch
// (strategic merge, kubectl's default), and the server's Table columns.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import type { KubeApiServer } from 'podkit/server';
import { call } from './helpers.js';
import { describeKubectl, servedForKubectl, kubectlWith } from './kubectl-env.js';

const LEASES = `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: kube-controller-manager, namespace: kube-system }
spec:
  holderIdentity: cm-1_0f1e
  leaseDurationSeconds: 15
  acquireTime: "2024-01-01T00:00:00.000000Z"
  renewTime: "2024-01-01T00:00:10.123456Z"
  leaseTransitions: 0
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: free }
`;

describeKubectl('kubectl and Leases', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  const served = servedForKubectl('podkit-kubectl-lease-');
  const { file, ok } = served;

  beforeAll(async () => {
    ({ cluster, api, kubectl } = await served.start(createCluster({ clock: new SystemClock(), nodes: [] })));
  });
  afterAll(() => served.stop());

  it('applies Leases, lists them with kubectl get leases -A, patches one, and serves the Table columns', async () => {
    expect(await ok(['apply', '-f', file('leases.yaml', LEASES)])).toBe('lease.coordination.k8s.io/kube-controller-manager created\nlease.coordination.k8s.io/free created\n');
    expect(await ok(['api-resources', '--api-group=coordination.k8s.io'])).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\nleases\s+coordination\.k8s\.io\/v1\s+true\s+Lease\n$/);
    expect(await ok(['get', 'leases', '-A'])).toMatch(/^NAMESPACE\s+NAME\s+HOLDER\s+AGE\ndefault\s+free\s+\d+s\nkube-system\s+kube-controller-manager\s+cm-1_0f1e\s+\d+s\n$/);
    expect(JSON.parse(await ok(['get', 'lease', 'kube-controller-manager', '-n', 'kube-system', '-o', 'json'])).spec).toEqual({
      holderIdentity: 'cm-1_0f1e',
      leaseDurationSeconds: 15,
      acquireTime: '2024-01-01T00:00:00.000000Z',
      renewTime: '2024-01-01T00:00:10.123456Z',
      leaseTransitions: 0,
    });
    expect(await ok(['patch', 'lease', 'free', '-p', '{"spec":{"holderIdentity":"node-1"}}'])).toBe('lease.coordination.k8s.io/free patched\n');
    expect(cluster.get('Lease', 'free', 'default').spec).toEqual({ holderIdentity: 'node-1' });
    const bad = await kubectl(['patch', 'lease', 'free', '--type=merge', '-p', '{"spec":{"leaseDurationSeconds":0}}']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0');

    const table = await call(api, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    expect(table.status).toBe(200);
    expect(table.json.columnDefinitions.map((c: any) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Holder', 'string', '', 0],
      ['Age', 'string', '', 0],
    ]);
    expect(table.json.rows.map((r: any) => r.cells.slice(0, 2))).toEqual([['kube-controller-manager', 'cm-1_0f1e']]);
    expect((await call(api, 'GET', '/apis/coordination.k8s.io/v1/namespaces/default/leases/free/status')).status).toBe(404);
  });
});
