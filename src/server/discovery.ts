// Discovery documents (legacy, which kubectl falls back to when the answer is not aggregated
// discovery): /version, /api, /apis, /api/v1, /apis/{group}, /apis/{group}/{version}.
import { apiResources, groupVersionOf, type ApiResource } from './resources.js';

/** The Kubernetes version podkit's API claims (the kubectl it is tested with: 1.32). */
export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-podkit', gitCommit: '', gitTreeState: 'clean', buildDate: '2026-12-07T00:00:00Z', goVersion: 'node', compiler: 'podkit', platform: 'linux/amd64' } as const;

/** `/version`. */
export const versionInfo = (): unknown => ({ ...KUBE_VERSION, goVersion: `node ${process.version}` });

/** `/api`: the core group's versions. */
export const apiVersions = (serverAddress: string): unknown => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

function groups(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of apiResources()) {
    if (r.group === '') continue;
    let versions = out.get(r.group);
    if (versions === undefined) out.set(r.group, (versions = new Set()));
    versions.add(r.version);
  }
  return out;
}

function groupDocument(name: string, versions: Set<string>): unknown {
  const list = [...versions].sort().map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** `/apis`: every non-core group. */
export const apiGroupList = (): unknown => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [...groups()].map(([name, versions]) => groupDocument(name, versions)),
});

/** `/apis/{group}`, or `undefined` for an unknown group. */
export function apiGroup(name: string): unknown {
  const versions = groups().get(name);
  return versions === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...(groupDocument(name, versions) as object) };
}

const SUBRESOURCE_VERBS: Readonly<Record<string, { readonly kind: (r: ApiResource) => string; readonly verbs: readonly string[]; readonly group?: string; readonly version?: string }>> = {
  status: { kind: (r) => r.kind, verbs: ['get', 'patch', 'update'] },
  scale: { kind: () => 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' },
  log: { kind: () => 'Pod', verbs: ['get'] },
  exec: { kind: () => 'PodExecOptions', verbs: ['create', 'get'] },
  binding: { kind: () => 'Binding', verbs: ['create'] },
  eviction: { kind: () => 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
};

/** `/api/v1` or `/apis/{group}/{version}`, or `undefined` when nothing is served there. */
export function apiResourceList(group: string, version: string): unknown {
  const resources = apiResources().filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const out: unknown[] = [];
  for (const r of resources) {
    out.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length === 0 ? {} : { shortNames: r.shortNames }),
      ...(r.categories.length === 0 ? {} : { categories: r.categories }),
    });
    for (const sub of r.subresources) {
      const s = SUBRESOURCE_VERBS[sub];
      if (s === undefined) continue;
      out.push({ name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: s.kind(r), verbs: s.verbs, ...(s.group === undefined ? {} : { group: s.group, version: s.version }) });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionOf({ group, version }), resources: out };
}
