// Pod, pod spec, pod template and volume validation (pkg/apis/core/validation ValidatePodSpec,
// ValidateVolumes, ValidatePodTemplateSpec, validatePodMetadataAndSpec; §M.2).
import { duplicate, forbidden, inclusiveRangeError, invalid, notSupported, required, type ValidationIssue } from './field-error.js';
import { VOLUME_SOURCE_FIELDS } from './kube-fields.js';
import { isDNS1123Label, isValidLabelValue, nameIsDNSSubdomain } from './names.js';
import type { Pod, PodSpec, PodTemplateSpec, Volume } from './pod.js';
import type { NodeSelector, NodeSelectorRequirement } from './selector.js';
import { validateContainers, validateInitContainers, type ContainerContext } from './validation-container.js';
import { validateAnnotations, validateLabels, validateObjectMeta, validateQualifiedName, validateTolerations } from './validation-meta.js';
import { tryParseQuantity } from './quantity.js';

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

function validateVolumeSource(v: Volume, path: string, out: ValidationIssue[]): void {
  const record = v as Readonly<Record<string, unknown>>;
  let n = 0;
  for (const key of VOLUME_SOURCE_FIELDS) {
    if (record[key] === undefined || record[key] === null) continue;
    if (n > 0) out.push(forbidden(`${path}.${key}`, 'may not specify more than 1 volume type'));
    n++;
  }
  if (n === 0) out.push(required(path, 'must specify a volume type'));
  if (v.hostPath !== undefined) {
    const hp = v.hostPath.path;
    if (hp === '') out.push(required(`${path}.hostPath.path`));
    else if (hp.split('/').includes('..')) out.push(invalid(`${path}.hostPath.path`, hp, "must not contain '..'"));
    const t = v.hostPath.type;
    if (t !== undefined && !HOST_PATH_TYPES.includes(t)) out.push(notSupported(`${path}.hostPath.type`, t, HOST_PATH_TYPES));
  }
  const size = v.emptyDir?.sizeLimit;
  if (size !== undefined) {
    const q = tryParseQuantity(size);
    if (typeof q === 'string') out.push(invalid(`${path}.emptyDir.sizeLimit`, size, q));
    else if (q.nano < 0n) out.push(forbidden(`${path}.emptyDir.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
  }
}

/** `ValidateVolumes`: returns the names of the volumes that validated cleanly. */
const NO_VOLUMES: ReadonlySet<string> = new Set();

function validateVolumes(volumes: readonly Volume[] | undefined, path: string, out: ValidationIssue[]): ReadonlySet<string> {
  if (volumes === undefined || volumes.length === 0) return NO_VOLUMES;
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    const errs: ValidationIssue[] = [];
    validateVolumeSource(v, p, errs);
    if (v.name === '') errs.push(required(`${p}.name`));
    else for (const m of isDNS1123Label(v.name)) errs.push(invalid(`${p}.name`, v.name, m));
    if (names.has(v.name)) errs.push(duplicate(`${p}.name`, v.name));
    if (errs.length === 0) names.add(v.name);
    else out.push(...errs);
  });
  return names;
}

function validateNodeSelectorRequirement(r: NodeSelectorRequirement, path: string, out: ValidationIssue[]): void {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) out.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) out.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) out.push(required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
  }
  validateQualifiedName(r.key, `${path}.key`, out);
  values.forEach((v, i) => {
    for (const m of isValidLabelValue(v)) out.push(invalid(`${path}.values[${i}]`, v, m));
  });
}

function validateNodeFieldRequirement(r: NodeSelectorRequirement, path: string, out: ValidationIssue[]): void {
  const values = r.values ?? [];
  if (r.operator === 'In' || r.operator === 'NotIn') {
    if (values.length !== 1) {
      out.push(required(`${path}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else out.push(invalid(`${path}.operator`, r.operator, 'not a valid selector operator'));
  if (r.key !== 'metadata.name') out.push(invalid(`${path}.key`, r.key, 'not a valid field selector key'));
  else values.forEach((v, i) => {
    for (const m of nameIsDNSSubdomain(v, false)) out.push(invalid(`${path}.values[${i}]`, v, m));
  });
}

function validateNodeSelectorTerm(term: NodeSelector['nodeSelectorTerms'][number], path: string, out: ValidationIssue[]): void {
  (term.matchExpressions ?? []).forEach((r, j) => validateNodeSelectorRequirement(r, `${path}.matchExpressions[${j}]`, out));
  (term.matchFields ?? []).forEach((r, j) => validateNodeFieldRequirement(r, `${path}.matchFields[${j}]`, out));
}

function validateAffinity(spec: PodSpec, path: string, out: ValidationIssue[]): void {
  const na = spec.affinity?.nodeAffinity;
  if (na === undefined) return;
  const p = `${path}.nodeAffinity`;
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (req !== undefined) {
    const tp = `${p}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    if (req.nodeSelectorTerms.length === 0) out.push(required(tp, 'must have at least one node selector term'));
    req.nodeSelectorTerms.forEach((t, i) => validateNodeSelectorTerm(t, `${tp}[${i}]`, out));
  }
  (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const tp = `${p}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (t.weight <= 0 || t.weight > 100) out.push(invalid(`${tp}.weight`, t.weight, 'must be in the range 1-100'));
    validateNodeSelectorTerm(t.preference, `${tp}.preference`, out);
  });
}

/** `ValidatePodSpec` (plus Pod-only checks when `isPod`). */
export function validatePodSpec(spec: PodSpec, path: string, isPod: boolean, out: ValidationIssue[]): void {
  const grace = spec.terminationGracePeriodSeconds;
  if (grace === undefined) out.push(required(`${path}.terminationGracePeriodSeconds`));
  const volumes = validateVolumes(spec.volumes, `${path}.volumes`, out);
  const ctx: ContainerContext = { volumes, gracePeriod: grace, isPod };
  validateContainers(spec.containers, ctx, `${path}.containers`, out);
  validateInitContainers(spec.initContainers, spec.containers, ctx, `${path}.initContainers`, out);
  if (spec.hostNetwork === true) {
    spec.containers.forEach((c, i) => {
      (c.ports ?? []).forEach((port, j) => {
        const hp = port.hostPort ?? 0;
        if ((isPod || hp !== 0) && hp !== port.containerPort) {
          out.push(invalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  const rp = spec.restartPolicy;
  if (rp === undefined) out.push(required(`${path}.restartPolicy`));
  else if (rp !== 'Always' && rp !== 'OnFailure' && rp !== 'Never') out.push(notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dns = spec.dnsPolicy ?? '';
  if (dns === '') out.push(required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dns)) out.push(notSupported(`${path}.dnsPolicy`, dns, DNS_POLICIES));
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, out);
  validateAffinity(spec, `${path}.affinity`, out);
  (spec.readinessGates ?? []).forEach((g, i) => validateQualifiedName(g.conditionType, `${path}.readinessGates[${i}].conditionType`, out));
  const sg = spec.schedulingGates;
  if (sg !== undefined && sg.length > 0) {
    const gates = new Set<string>();
    sg.forEach((g, i) => {
      validateQualifiedName(g.name, `${path}.schedulingGates[${i}]`, out);
      if (gates.has(g.name)) out.push(duplicate(`${path}.schedulingGates[${i}]`, g.name));
      gates.add(g.name);
    });
  }
  const nodeName = spec.nodeName ?? '';
  if (nodeName !== '') for (const m of nameIsDNSSubdomain(nodeName, false)) out.push(invalid(`${path}.nodeName`, nodeName, m));
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) out.push(invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, MAX_INT32)));
  for (const key of ['hostname', 'subdomain'] as const) {
    const v = spec[key] ?? '';
    if (v !== '') for (const m of isDNS1123Label(v)) out.push(invalid(`${path}.${key}`, v, m));
  }
  validateTolerations(spec.tolerations, `${path}.tolerations`, out);
  const pcn = spec.priorityClassName ?? '';
  if (pcn !== '') for (const m of nameIsDNSSubdomain(pcn, false)) out.push(invalid(`${path}.priorityClassName`, pcn, m));
}

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** `ValidatePodSpecificAnnotations`: the pod-deletion-cost annotation must be a 32-bit integer. */
function validatePodAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: string, out: ValidationIssue[]): void {
  const cost = annotations?.[DELETION_COST];
  if (cost === undefined) return;
  const n = /^[-+]?[0-9]+$/.test(cost) ? Number(cost) : Number.NaN;
  if (!(n >= -2147483648 && n <= MAX_INT32)) out.push(invalid(`${path}[${DELETION_COST}]`, cost, 'must be a 32bit integer'));
}

/** Validates a Pod on create (`ValidatePodCreate` minus the status and update rules). */
export function validatePod(pod: Pod): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain, out);
  validatePodAnnotations(pod.metadata.annotations, 'metadata.annotations', out);
  validatePodSpec(pod.spec, 'spec', true, out);
  return out;
}

/**
 * `ValidatePodTemplateSpec`. Note upstream's path quirk, kept here: template label errors name
 * `<path>.labels`, not `<path>.metadata.labels`.
 */
export function validatePodTemplateSpec(t: PodTemplateSpec, path: string, out: ValidationIssue[]): void {
  validateLabels(t.metadata?.labels, `${path}.labels`, out);
  validateAnnotations(t.metadata?.annotations, `${path}.annotations`, out);
  validatePodAnnotations(t.metadata?.annotations, `${path}.annotations`, out);
  validatePodSpec(t.spec, `${path}.spec`, false, out);
}
