// API-server defaulting of pods and pod templates (pkg/apis/core/v1/defaults.go: SetDefaults_Pod,
// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe,
// SetDefaults_HTTPGetAction, SetDefaults_Volume, SetDefaults_ObjectFieldSelector, k8s-semantics
// §M.1). Copy-on-write: an object that needs no default is returned as is (same reference), so
// defaulting an already-defaulted object allocates nothing.
import type { Container, ContainerPort, EnvVar, HTTPGetAction, Lifecycle, LifecycleHandler, Probe, ResourceRequirements } from './container.js';
import { defaultPullPolicy } from './image-ref.js';
import { VOLUME_SOURCE_FIELDS } from './kube-fields.js';
import type { Pod, PodSpec, PodTemplateSpec, Volume } from './pod.js';

/** Maps an array, returning the original array when no element changed. */
export function mapSame<T>(arr: readonly T[], f: (x: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i] as T;
    const y = f(x);
    if (y !== x && out === undefined) out = arr.slice(0, i);
    if (out !== undefined) out.push(y);
  }
  return out ?? (arr as T[]);
}

function defaultHTTPGet(h: HTTPGetAction): HTTPGetAction {
  if (h.path !== undefined && h.path !== '' && h.scheme !== undefined) return h;
  return { ...h, path: h.path === undefined || h.path === '' ? '/' : h.path, scheme: h.scheme ?? 'HTTP' };
}

function defaultProbe(p: Probe): Probe {
  const httpGet = p.httpGet === undefined ? undefined : defaultHTTPGet(p.httpGet);
  if (
    p.initialDelaySeconds !== undefined &&
    p.timeoutSeconds !== undefined && p.timeoutSeconds !== 0 &&
    p.periodSeconds !== undefined && p.periodSeconds !== 0 &&
    p.successThreshold !== undefined && p.successThreshold !== 0 &&
    p.failureThreshold !== undefined && p.failureThreshold !== 0 &&
    httpGet === p.httpGet
  ) {
    return p;
  }
  return {
    ...p,
    ...(httpGet === undefined ? {} : { httpGet }),
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    timeoutSeconds: p.timeoutSeconds || 1,
    periodSeconds: p.periodSeconds || 10,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

function defaultHandler(h: LifecycleHandler | undefined): LifecycleHandler | undefined {
  if (h?.httpGet === undefined) return h;
  const httpGet = defaultHTTPGet(h.httpGet);
  return httpGet === h.httpGet ? h : { ...h, httpGet };
}

function defaultLifecycle(l: Lifecycle): Lifecycle {
  const postStart = defaultHandler(l.postStart);
  const preStop = defaultHandler(l.preStop);
  if (postStart === l.postStart && preStop === l.preStop) return l;
  return { ...l, ...(postStart === undefined ? {} : { postStart }), ...(preStop === undefined ? {} : { preStop }) };
}

function defaultPort(p: ContainerPort, hostNetworkPod: boolean): ContainerPort {
  const needHostPort = hostNetworkPod && (p.hostPort === undefined || p.hostPort === 0);
  if (p.protocol !== undefined && !needHostPort) return p;
  return { ...p, protocol: p.protocol ?? 'TCP', ...(needHostPort ? { hostPort: p.containerPort } : {}) };
}

function defaultEnv(e: EnvVar): EnvVar {
  const ref = e.valueFrom?.fieldRef;
  if (ref === undefined || (ref.apiVersion !== undefined && ref.apiVersion !== '')) return e;
  return { ...e, valueFrom: { ...e.valueFrom, fieldRef: { ...ref, apiVersion: 'v1' } } };
}

/** Pod only: every limit without a request becomes the request (SetDefaults_Pod). */
function defaultRequests(r: ResourceRequirements): ResourceRequirements {
  const limits = r.limits;
  if (limits === undefined) return r;
  const requests = r.requests;
  let missing = false;
  for (const key in limits) if (requests === undefined || !Object.prototype.hasOwnProperty.call(requests, key)) missing = true;
  if (!missing) return r;
  const next = { ...requests };
  for (const key in limits) if (!Object.prototype.hasOwnProperty.call(next, key)) next[key] = limits[key] as string | number;
  return { ...r, requests: next };
}

function defaultContainer(c: Container, isPod: boolean, hostNetwork: boolean): Container {
  const ports = c.ports === undefined ? undefined : mapSame(c.ports, (p) => defaultPort(p, isPod && hostNetwork));
  const env = c.env === undefined ? undefined : mapSame(c.env, defaultEnv);
  const resources = isPod && c.resources !== undefined ? defaultRequests(c.resources) : c.resources;
  const livenessProbe = c.livenessProbe === undefined ? undefined : defaultProbe(c.livenessProbe);
  const readinessProbe = c.readinessProbe === undefined ? undefined : defaultProbe(c.readinessProbe);
  const startupProbe = c.startupProbe === undefined ? undefined : defaultProbe(c.startupProbe);
  const lifecycle = c.lifecycle === undefined ? undefined : defaultLifecycle(c.lifecycle);
  if (
    c.imagePullPolicy !== undefined &&
    c.terminationMessagePath !== undefined && c.terminationMessagePath !== '' &&
    c.terminationMessagePolicy !== undefined &&
    ports === c.ports && env === c.env && resources === c.resources && lifecycle === c.lifecycle &&
    livenessProbe === c.livenessProbe && readinessProbe === c.readinessProbe && startupProbe === c.startupProbe
  ) {
    return c;
  }
  return {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(c.image),
    terminationMessagePath: c.terminationMessagePath || '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    ...(ports === undefined ? {} : { ports }),
    ...(env === undefined ? {} : { env }),
    ...(resources === undefined ? {} : { resources }),
    ...(livenessProbe === undefined ? {} : { livenessProbe }),
    ...(readinessProbe === undefined ? {} : { readinessProbe }),
    ...(startupProbe === undefined ? {} : { startupProbe }),
    ...(lifecycle === undefined ? {} : { lifecycle }),
  };
}

const MODE_DEFAULTED_SOURCES = ['configMap', 'secret', 'projected', 'downwardAPI'] as const;

function defaultVolume(v: Volume): Volume {
  const record = v as Readonly<Record<string, unknown>>;
  let hasSource = false;
  for (const key of VOLUME_SOURCE_FIELDS) {
    if (record[key] !== undefined && record[key] !== null) {
      hasSource = true;
      break;
    }
  }
  if (!hasSource) return { ...v, emptyDir: {} };
  let out: Record<string, unknown> | undefined;
  if (v.hostPath !== undefined && v.hostPath.type === undefined) {
    out = { ...v, hostPath: { ...v.hostPath, type: '' } };
  }
  for (const key of MODE_DEFAULTED_SOURCES) {
    const src = record[key];
    if (typeof src === 'object' && src !== null && !Array.isArray(src) && !('defaultMode' in src)) {
      out ??= { ...v };
      out[key] = { ...src, defaultMode: 420 };
    }
  }
  return (out as Volume | undefined) ?? v;
}

/**
 * Defaults a pod spec. `isPod` adds the Pod-only defaults (requests from limits, hostPort from
 * containerPort with hostNetwork); templates get only the PodSpec/Container defaults.
 */
export function defaultPodSpec(spec: PodSpec, isPod: boolean): PodSpec {
  const hostNetwork = spec.hostNetwork === true;
  const containers = mapSame(spec.containers, (c) => defaultContainer(c, isPod, hostNetwork));
  const initContainers =
    spec.initContainers === undefined ? undefined : mapSame(spec.initContainers, (c) => defaultContainer(c, isPod, hostNetwork));
  const volumes = spec.volumes === undefined ? undefined : mapSame(spec.volumes, defaultVolume);
  const grace = spec.terminationGracePeriodSeconds;
  const graceOk = grace !== undefined && !(isPod && grace < 0);
  if (
    containers === spec.containers && initContainers === spec.initContainers && volumes === spec.volumes &&
    spec.restartPolicy !== undefined && graceOk &&
    spec.dnsPolicy !== undefined && spec.dnsPolicy !== '' &&
    spec.schedulerName !== undefined && spec.schedulerName !== '' &&
    (!isPod || spec.enableServiceLinks !== undefined)
  ) {
    return spec;
  }
  return {
    ...spec,
    containers,
    ...(initContainers === undefined ? {} : { initContainers }),
    ...(volumes === undefined ? {} : { volumes }),
    restartPolicy: spec.restartPolicy ?? 'Always',
    // A negative grace period on a Pod is read as 1 (v1 conversion since 1.27, kubernetes#115606).
    terminationGracePeriodSeconds: grace === undefined ? 30 : isPod && grace < 0 ? 1 : grace,
    dnsPolicy: spec.dnsPolicy || 'ClusterFirst',
    schedulerName: spec.schedulerName || 'default-scheduler',
    ...(isPod ? { enableServiceLinks: spec.enableServiceLinks ?? true } : {}),
  };
}

/** Defaults a Pod: namespace `default`, then the Pod and PodSpec defaults. */
export function defaultPod(pod: Pod): Pod {
  const spec = defaultPodSpec(pod.spec, true);
  const ns = pod.metadata.namespace;
  if (spec === pod.spec && ns !== undefined && ns !== '') return pod;
  return {
    ...pod,
    metadata: ns !== undefined && ns !== '' ? pod.metadata : { ...pod.metadata, namespace: 'default' },
    spec,
  };
}

/** Defaults a pod template: PodSpec defaults only (restartPolicy `Always`, grace 30, ...). */
export function defaultPodTemplate(template: PodTemplateSpec): PodTemplateSpec {
  const spec = defaultPodSpec(template.spec, false);
  return spec === template.spec ? template : { ...template, spec };
}
