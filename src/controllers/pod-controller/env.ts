/**
 * Container environment resolution as the kubelet does it (`makeEnvironmentVariables`): literal
 * values with `$(VAR)` expansion over the variables defined before them, `fieldRef` values from
 * the pod, `resourceFieldRef` values from the container's resources, and the same expansion of
 * `command` and `args` over the final environment. Pure.
 */
import { PodkitError } from '../../errors.js';
import type { Container, Pod, Quantity } from '../../model/index.js';
import { quantityToMilli } from '../../model/quantity.js';

/** What env resolution needs besides the container. */
export interface EnvContext {
  readonly pod: Pod;
  /** The node the pod runs on (`spec.nodeName`). */
  readonly nodeName: string;
  readonly podIP?: string | undefined;
  readonly hostIP?: string | undefined;
  /** The node's allocatable CPU and memory: the value of a `resourceFieldRef` limit that is not set. */
  readonly nodeAllocatable?: { readonly cpu?: Quantity; readonly memory?: Quantity } | undefined;
}

/** An env var as the runtime receives it. */
export interface ResolvedEnvVar {
  readonly name: string;
  readonly value: string;
}

/** Thrown for an env var the kubelet could not resolve: the container waits in `CreateContainerConfigError`. */
function configError(message: string, field: string): PodkitError {
  return new PodkitError('invalid_argument', message, { details: { reason: 'CreateContainerConfigError', field } });
}

/**
 * Expands `$(NAME)` references (Kubernetes' `expansion.Expand`): a defined name is replaced by its
 * value, an undefined one is kept as written, `$$` is an escaped `$`, and an unclosed `$(` is kept.
 *
 * @example
 * ```ts
 * expandVariables('$(GREETING) $$(HOME) $(NOPE)', new Map([['GREETING', 'hi']])); // 'hi $(HOME) $(NOPE)'
 * ```
 */
export function expandVariables(input: string, vars: ReadonlyMap<string, string>): string {
  if (!input.includes('$')) return input;
  let out = '';
  let checkpoint = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '$' || i + 1 >= input.length) continue;
    out += input.slice(checkpoint, i);
    const next = input[i + 1]!;
    let advance = 1;
    if (next === '$') out += '$';
    else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close === -1) out += '$(';
      else {
        const name = input.slice(i + 2, close);
        out += vars.get(name) ?? `$(${name})`;
        advance = close - i;
      }
    } else out += `$${next}`;
    i += advance;
    checkpoint = i + 1;
  }
  return out + input.slice(checkpoint);
}

const MAP_PATH = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** The kubelet's text for a whole label or annotation map (`key="value"` lines, sorted). */
function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/**
 * The value of a `fieldRef` (`podFieldSelectorRuntimeValue`): `metadata.name`, `metadata.namespace`,
 * `metadata.uid`, `metadata.labels['k']`, `metadata.annotations['k']`, `metadata.labels`,
 * `metadata.annotations`, `spec.nodeName`, `spec.serviceAccountName`, `status.podIP`,
 * `status.podIPs`, `status.hostIP`, `status.hostIPs`. Throws for any other path.
 */
export function fieldRefValue(fieldPath: string, ctx: EnvContext): string {
  const { pod } = ctx;
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? ctx.nodeName;
    case 'spec.serviceAccountName':
      return (pod.spec as { serviceAccountName?: string }).serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return ctx.podIP ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return ctx.hostIP ?? '';
  }
  const m = MAP_PATH.exec(fieldPath);
  if (m !== null) {
    const map = m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[m[2]!] ?? '';
  }
  throw configError(`unsupported fieldPath: ${fieldPath}`, 'fieldRef.fieldPath');
}

/** `ceil(value / divisor)` of two quantities, in whole divisor units. */
function divideQuantity(value: Quantity, divisor: Quantity | undefined): string {
  const v = quantityToMilli(value);
  const d = quantityToMilli(divisor ?? '1');
  if (d <= 0n) throw configError(`invalid divisor ${JSON.stringify(divisor)}`, 'resourceFieldRef.divisor');
  return ((v + d - 1n) / d).toString();
}

/** The value of a `resourceFieldRef` (`limits.cpu`, `requests.memory`, ...), with the node's allocatable for an unset limit. */
export function resourceFieldRefValue(ref: { readonly containerName?: string | undefined; readonly resource: string; readonly divisor?: Quantity | undefined }, container: Container, ctx: EnvContext): string {
  const target = ref.containerName === undefined || ref.containerName === '' ? container : [...(ctx.pod.spec.initContainers ?? []), ...ctx.pod.spec.containers].find((c) => c.name === ref.containerName);
  if (target === undefined) throw configError(`container "${ref.containerName ?? ''}" not found for resourceFieldRef`, 'resourceFieldRef.containerName');
  const [kind, resource] = ref.resource.split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || (resource !== 'cpu' && resource !== 'memory' && resource !== 'ephemeral-storage')) {
    throw configError(`unsupported container resource: ${ref.resource}`, 'resourceFieldRef.resource');
  }
  const list = kind === 'limits' ? target.resources?.limits : target.resources?.requests;
  let value = list?.[resource];
  if (value === undefined && kind === 'limits' && resource !== 'ephemeral-storage') value = ctx.nodeAllocatable?.[resource];
  if (value === undefined) value = '0';
  return divideQuantity(value, ref.divisor);
}

/**
 * The container's environment, in spec order (later duplicates override earlier ones, as the
 * runtime applies them). Throws a `PodkitError` (details.reason `CreateContainerConfigError`) for a
 * `configMapKeyRef` / `secretKeyRef` that is not optional (podkit has no ConfigMaps or Secrets), or
 * an unsupported `fieldRef` path.
 */
export function resolveEnv(container: Container, ctx: EnvContext): ResolvedEnvVar[] {
  const vars = new Map<string, string>();
  const out: ResolvedEnvVar[] = [];
  for (const env of container.env ?? []) {
    let value: string | undefined;
    const from = env.valueFrom;
    if (from === undefined) value = expandVariables(env.value ?? '', vars);
    else if (from.fieldRef !== undefined) value = fieldRefValue(from.fieldRef.fieldPath, ctx);
    else if (from.resourceFieldRef !== undefined) value = resourceFieldRefValue(from.resourceFieldRef, container, ctx);
    else {
      const ref = from.configMapKeyRef ?? from.secretKeyRef;
      const what = from.configMapKeyRef !== undefined ? 'configmap' : 'secret';
      if (ref?.optional === true) continue;
      throw configError(`${what} ${JSON.stringify(ref?.name ?? '')} not found`, `env[${env.name}].valueFrom`);
    }
    vars.set(env.name, value);
    out.push({ name: env.name, value });
  }
  return out;
}

/** `command` and `args` with `$(VAR)` references expanded over the container's environment. */
export function expandCommand(container: Container, env: readonly ResolvedEnvVar[]): { command?: string[]; args?: string[] } {
  const vars = new Map(env.map((e) => [e.name, e.value]));
  return {
    ...(container.command === undefined ? {} : { command: container.command.map((c) => expandVariables(c, vars)) }),
    ...(container.args === undefined ? {} : { args: container.args.map((a) => expandVariables(a, vars)) }),
  };
}
