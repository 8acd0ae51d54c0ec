// Container validation, restated from pkg/apis/core/validation: validateContainers,
// validateInitContainers, validateContainerCommon, validateContainerPorts, ValidateEnv,
// ValidateVolumeMounts, validate{Liveness,Readiness,Startup}Probe, validateHandler (§M.2, §E).
import type { Container, EnvVar, LifecycleHandler, Probe } from './container.js';
import {
  duplicate,
  forbidden,
  invalid,
  nonNegative,
  notFound,
  notSupported,
  required,
  type ValidationIssue,
} from './field-error.js';
import type { IntOrString } from './meta.js';
import { isDNS1123Label, isHTTPHeaderName, isRelaxedEnvVarName, isValidPortName, isValidPortNum } from './names.js';
import { validateEnvSource } from './validation-env.js';
import { validateResourceRequirements } from './validation-resources.js';

/** What container validation needs from the pod spec. */
export interface ContainerContext {
  /** Names of the pod's volumes that validated cleanly. */
  readonly volumes: ReadonlySet<string>;
  /** The pod's terminationGracePeriodSeconds (bounds sleep hooks). */
  readonly gracePeriod: number | undefined;
  /** True for a Pod, false for a pod template (Pod-only checks). */
  readonly isPod: boolean;
}

function validatePortNumOrName(port: IntOrString, path: string, out: ValidationIssue[]): void {
  const msgs = typeof port === 'number' ? isValidPortNum(port) : isValidPortName(port);
  for (const m of msgs) out.push(invalid(path, port, m));
}

type HandlerLike = Pick<LifecycleHandler, 'exec' | 'httpGet' | 'tcpSocket'> & {
  readonly grpc?: Probe['grpc'];
  readonly sleep?: LifecycleHandler['sleep'];
};

function validateHandler(h: HandlerLike, grace: number | undefined, path: string, out: ValidationIssue[]): void {
  let n = 0;
  const one = (present: boolean, key: string, check: () => void): void => {
    if (!present) return;
    if (n > 0) out.push(forbidden(`${path}.${key}`, 'may not specify more than 1 handler type'));
    else {
      n++;
      check();
    }
  };
  one(h.exec !== undefined, 'exec', () => {
    if ((h.exec?.command ?? []).length === 0) out.push(required(`${path}.exec.command`));
  });
  one(h.httpGet !== undefined, 'httpGet', () => {
    const g = h.httpGet;
    if (g === undefined) return;
    if ((g.path ?? '') === '') out.push(required(`${path}.httpGet.path`));
    validatePortNumOrName(g.port, `${path}.httpGet.port`, out);
    if (g.scheme !== 'HTTP' && g.scheme !== 'HTTPS') out.push(notSupported(`${path}.httpGet.scheme`, g.scheme ?? '', ['HTTP', 'HTTPS']));
    for (const hdr of g.httpHeaders ?? []) for (const m of isHTTPHeaderName(hdr.name)) out.push(invalid(`${path}.httpGet.httpHeaders`, hdr.name, m));
  });
  one(h.tcpSocket !== undefined, 'tcpSocket', () => {
    if (h.tcpSocket !== undefined) validatePortNumOrName(h.tcpSocket.port, `${path}.tcpSocket.port`, out);
  });
  one(h.grpc !== undefined, 'grpc', () => {
    if (h.grpc !== undefined) validatePortNumOrName(h.grpc.port, `${path}.grpc.port`, out);
  });
  one(h.sleep !== undefined, 'sleep', () => {
    const s = h.sleep?.seconds ?? 0;
    if (grace !== undefined && (s < 0 || s > grace)) {
      out.push(invalid(`${path}.sleep`, s, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`));
    }
  });
  if (n === 0) out.push(required(path, 'must specify a handler type'));
}

type ProbeKind = 'liveness' | 'readiness' | 'startup';

function validateProbe(p: Probe | undefined, kind: ProbeKind, grace: number | undefined, path: string, out: ValidationIssue[]): void {
  if (p === undefined) return;
  validateHandler(p, grace, path, out);
  nonNegative(out, p.initialDelaySeconds, `${path}.initialDelaySeconds`);
  nonNegative(out, p.timeoutSeconds, `${path}.timeoutSeconds`);
  nonNegative(out, p.periodSeconds, `${path}.periodSeconds`);
  nonNegative(out, p.successThreshold, `${path}.successThreshold`);
  nonNegative(out, p.failureThreshold, `${path}.failureThreshold`);
  const tgp = p.terminationGracePeriodSeconds;
  if (tgp !== undefined && tgp <= 0) out.push(invalid(`${path}.terminationGracePeriodSeconds`, tgp, 'must be greater than 0'));
  if (kind !== 'readiness' && (p.successThreshold ?? 0) !== 1) out.push(invalid(`${path}.successThreshold`, p.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readiness' && tgp !== undefined) {
    out.push(invalid(`${path}.terminationGracePeriodSeconds`, tgp, 'must not be set for readinessProbes'));
  }
}

function validateEnv(env: readonly EnvVar[] | undefined, path: string, out: ValidationIssue[]): void {
  (env ?? []).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (e.name === '') out.push(required(`${p}.name`));
    else for (const m of isRelaxedEnvVarName(e.name)) out.push(invalid(`${p}.name`, e.name, m));
    validateEnvSource(e, `${p}.valueFrom`, out);
  });
}

function validateLocalDescendingPath(target: string, path: string, out: ValidationIssue[]): void {
  if (target.startsWith('/')) out.push(invalid(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) out.push(invalid(path, target, "must not contain '..'"));
}

function validateContainerCommon(c: Container, ctx: ContainerContext, path: string, out: ValidationIssue[]): void {
  if (c.name === '') out.push(required(`${path}.name`));
  else for (const m of isDNS1123Label(c.name)) out.push(invalid(`${path}.name`, c.name, m));
  const image = c.image ?? '';
  if (image === '') out.push(required(`${path}.image`));
  if (c.terminationMessagePolicy === undefined) out.push(required(`${path}.terminationMessagePolicy`));
  let portNames: Set<string> | undefined;
  (c.ports ?? []).forEach((port, i) => {
    const p = `${path}.ports[${i}]`;
    const name = port.name ?? '';
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) out.push(invalid(`${p}.name`, name, m));
      else if (portNames?.has(name) === true) out.push(duplicate(`${p}.name`, name));
      else (portNames ??= new Set()).add(name);
    }
    if (port.containerPort === 0) out.push(required(`${p}.containerPort`));
    else for (const m of isValidPortNum(port.containerPort)) out.push(invalid(`${p}.containerPort`, port.containerPort, m));
    const hostPort = port.hostPort ?? 0;
    if (hostPort !== 0) for (const m of isValidPortNum(hostPort)) out.push(invalid(`${p}.hostPort`, hostPort, m));
    if (port.protocol === undefined) out.push(required(`${p}.protocol`));
  });
  validateEnv(c.env, `${path}.env`, out);
  let mountPaths: Set<string> | undefined;
  (c.volumeMounts ?? []).forEach((m, i) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (m.name === '') out.push(required(`${p}.name`));
    if (!ctx.volumes.has(m.name)) out.push(notFound(`${p}.name`, m.name));
    if (m.mountPath === '') out.push(required(`${p}.mountPath`));
    if (mountPaths?.has(m.mountPath) === true) out.push(invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    (mountPaths ??= new Set()).add(m.mountPath);
    if ((m.subPath ?? '') !== '') validateLocalDescendingPath(m.subPath ?? '', `${path}.volumeMounts.subPath`, out);
  });
  if (c.imagePullPolicy === undefined) out.push(required(`${path}.imagePullPolicy`));
  validateResourceRequirements(c.resources, `${path}.resources`, out);
  if (ctx.isPod && image !== image.trim()) out.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
}

function validateHooksAndProbes(c: Container, ctx: ContainerContext, path: string, out: ValidationIssue[]): void {
  if (c.lifecycle?.postStart !== undefined) validateHandler(c.lifecycle.postStart, ctx.gracePeriod, `${path}.lifecycle.postStart`, out);
  if (c.lifecycle?.preStop !== undefined) validateHandler(c.lifecycle.preStop, ctx.gracePeriod, `${path}.lifecycle.preStop`, out);
  validateProbe(c.livenessProbe, 'liveness', ctx.gracePeriod, `${path}.livenessProbe`, out);
  validateProbe(c.readinessProbe, 'readiness', ctx.gracePeriod, `${path}.readinessProbe`, out);
  validateProbe(c.startupProbe, 'startup', ctx.gracePeriod, `${path}.startupProbe`, out);
}

/** `AccumulateUniqueHostPorts`: protocol/hostIP/hostPort must be unique across the containers. */
function checkHostPortConflicts(containers: readonly Container[], path: string, offset: number, out: ValidationIssue[]): void {
  let seen: Set<string> | undefined;
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if ((port.hostPort ?? 0) === 0) return;
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort ?? 0}`;
      if (seen?.has(key) === true) out.push(duplicate(`${path}[${ci + offset}].ports[${pi}].hostPort`, key));
      else (seen ??= new Set()).add(key);
    });
  });
}

/** `validateContainers`: the regular containers (at least one, unique names). */
export function validateContainers(containers: readonly Container[], ctx: ContainerContext, path: string, out: ValidationIssue[]): void {
  if (containers.length === 0) {
    out.push(required(path));
    return;
  }
  const names = containers.length > 1 ? new Set<string>() : undefined;
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    validateContainerCommon(c, ctx, p, out);
    if (names?.has(c.name) === true) out.push(duplicate(`${p}.name`, c.name));
    else names?.add(c.name);
    validateHooksAndProbes(c, ctx, p, out);
    if (c.restartPolicy !== undefined) out.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  checkHostPortConflicts(containers, path, 0, out);
}

const INIT_FORBIDDEN = 'may not be set for init containers without restartPolicy=Always';

/**
 * `validateInitContainers`: names unique across init and regular containers; `restartPolicy`
 * only `Always` (a sidecar); hooks and probes only on sidecars.
 */
export function validateInitContainers(
  inits: readonly Container[] | undefined,
  regular: readonly Container[],
  ctx: ContainerContext,
  path: string,
  out: ValidationIssue[],
): void {
  if (inits === undefined) return;
  const names = new Set(regular.map((c) => c.name));
  inits.forEach((c, i) => {
    const p = `${path}[${i}]`;
    validateContainerCommon(c, ctx, p, out);
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') out.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
    if (names.has(c.name)) out.push(duplicate(`${p}.name`, c.name));
    else if (c.name !== '') names.add(c.name);
    checkHostPortConflicts([c], path, i, out);
    if (c.restartPolicy === 'Always') {
      validateHooksAndProbes(c, ctx, p, out);
    } else {
      if (c.lifecycle !== undefined) out.push(forbidden(`${p}.lifecycle`, INIT_FORBIDDEN));
      if (c.livenessProbe !== undefined) out.push(forbidden(`${p}.livenessProbe`, INIT_FORBIDDEN));
      if (c.readinessProbe !== undefined) out.push(forbidden(`${p}.readinessProbe`, INIT_FORBIDDEN));
      if (c.startupProbe !== undefined) out.push(forbidden(`${p}.startupProbe`, INIT_FORBIDDEN));
    }
  });
}
