// Job validation, restated from pkg/apis/batch/validation (ValidateJob, ValidateGeneratedSelector,
// validateJobSpec, validatePodFailurePolicy*, validateSuccessPolicy*, validatePodReplacementPolicy;
// k8s-semantics §I.1).
import {
  duplicate,
  invalid,
  invalidNoValue,
  nonNegative,
  notSupported,
  required,
  tooLongDetail,
  tooMany,
  type ValidationIssue,
} from './field-error.js';
import {
  JOB_CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
} from './defaults-workloads.js';
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain, regexError } from './names.js';
import { labelSelectorMatches } from './selector-match.js';
import { validateLabelSelector, validateObjectMeta, validateQualifiedName } from './validation-meta.js';
import { validatePodTemplateSpec } from './validation-pod.js';
import { SELECTOR_MISMATCH } from './validation-workloads.js';
import type { Job, JobSpec, PodFailurePolicyRule } from './workloads.js';

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];
const goQuoteList = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

function validateGeneratedSelector(job: Job, selectorOk: boolean, out: ValidationIssue[]): void {
  const spec = job.spec;
  if (spec.manualSelector === true || spec.selector === undefined) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const labels = spec.template.metadata?.labels ?? {};
  // Without a uid the store has not created the Job yet: the generated labels come later.
  if (uid !== '') {
    for (const [key, want] of [
      [LEGACY_CONTROLLER_UID_LABEL, uid],
      [LEGACY_JOB_NAME_LABEL, name],
      [JOB_CONTROLLER_UID_LABEL, uid],
      [JOB_NAME_LABEL, name],
    ] as const) {
      const p = `spec.template.metadata.labels[${key}]`;
      if (!Object.prototype.hasOwnProperty.call(labels, key)) out.push(required(p, `must be '${want}'`));
      else if (labels[key] !== want) out.push(invalid(p, labels, `must be '${want}'`));
    }
  }
  const uidForMatch = uid !== '' ? uid : (spec.selector.matchLabels?.[JOB_CONTROLLER_UID_LABEL] ?? spec.selector.matchLabels?.[LEGACY_CONTROLLER_UID_LABEL] ?? '');
  const expected = {
    [JOB_CONTROLLER_UID_LABEL]: uidForMatch,
    [JOB_NAME_LABEL]: name,
    [LEGACY_CONTROLLER_UID_LABEL]: uidForMatch,
    [LEGACY_JOB_NAME_LABEL]: name,
  };
  if (selectorOk && !labelSelectorMatches(spec.selector, expected)) out.push(invalid('spec.selector', spec.selector, '`selector` not auto-generated'));
}

function validateRule(spec: JobSpec, rule: PodFailurePolicyRule, path: string, containers: ReadonlySet<string>, out: ValidationIssue[]): void {
  const ap = `${path}.action`;
  if (rule.action === '') out.push(required(ap, `valid values: ${goQuoteList(ACTIONS)}`));
  else if (rule.action === 'FailIndex') {
    if (spec.backoffLimitPerIndex === undefined) out.push(invalid(ap, rule.action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!ACTIONS.includes(rule.action)) out.push(notSupported(ap, rule.action, ACTIONS));
  const ec = rule.onExitCodes;
  if (ec !== undefined) {
    const ep = `${path}.onExitCodes`;
    if (ec.containerName !== undefined && !containers.has(ec.containerName)) {
      out.push(invalid(`${ep}.containerName`, ec.containerName, 'must be one of the container or initContainer names in the pod template'));
    }
    if (ec.operator === '') out.push(required(`${ep}.operator`, `valid values: ${goQuoteList(OPERATORS)}`));
    else if (!OPERATORS.includes(ec.operator)) out.push(notSupported(`${ep}.operator`, ec.operator, OPERATORS));
    const vp = `${ep}.values`;
    if (ec.values.length === 0) out.push(invalid(vp, ec.values, 'at least one value is required'));
    else if (ec.values.length > 255) out.push(tooMany(vp, ec.values.length, 255));
    else {
      const seen = new Set<number>();
      let ordered = true;
      ec.values.forEach((v, j) => {
        if (ec.operator === 'In' && v === 0) out.push(invalid(`${vp}[${j}]`, v, 'must not be 0 for the In operator'));
        if (seen.has(v)) out.push(duplicate(`${vp}[${j}]`, v));
        else seen.add(v);
        if (j > 0 && (ec.values[j - 1] ?? 0) > v) ordered = false;
      });
      if (!ordered) out.push(invalid(vp, ec.values, 'must be ordered'));
    }
  }
  const conds = rule.onPodConditions ?? [];
  if (conds.length > 0) {
    const cp = `${path}.onPodConditions`;
    if (conds.length > 20) out.push(tooMany(cp, conds.length, 20));
    conds.forEach((c, j) => {
      validateQualifiedName(c.type, `${cp}[${j}].type`, out);
      if (c.status === undefined) out.push(required(`${cp}[${j}].status`, `valid values: ${goQuoteList(STATUSES)}`));
    });
  }
  if (ec !== undefined && conds.length > 0) out.push(invalidNoValue(path, 'specifying both OnExitCodes and OnPodConditions is not supported'));
  if (ec === undefined && conds.length === 0) out.push(invalidNoValue(path, 'specifying one of OnExitCodes and OnPodConditions is required'));
}

const INT32 = /^[+-]?[0-9]+$/;

/** `validateIndexesFormat`: `"1,3-5"`, increasing, below `completions`. Returns the count or an error. */
function parseIndexes(s: string, completions: number): number | string {
  if (s === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of s.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) {
      return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    }
    const bounds: number[] = [];
    for (const part of limits) {
      const x = INT32.test(part) ? Number(part) : Number.NaN;
      if (!(x >= -2147483648 && x <= 2147483647)) return `cannot convert string to integer for index: ${JSON.stringify(part)}`;
      if (x >= completions) return `too large index: ${JSON.stringify(part)}`;
      if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
      bounds.push(x);
      last = x;
    }
    total += bounds.length === 2 ? (bounds[1] ?? 0) - (bounds[0] ?? 0) + 1 : 1;
  }
  return total;
}

function validateSuccessPolicy(spec: JobSpec, out: ValidationIssue[]): void {
  const sp = spec.successPolicy;
  if (sp === undefined) return;
  if (spec.completionMode !== 'Indexed') return void out.push(invalid('spec.successPolicy', sp, 'requires indexed completion mode'));
  const rp = 'spec.successPolicy.rules';
  if (sp.rules.length === 0) out.push(required(rp, 'at least one rules must be specified when the successPolicy is specified'));
  if (sp.rules.length > 20) out.push(tooMany(rp, sp.rules.length, 20));
  const completions = spec.completions ?? 0;
  sp.rules.forEach((rule, i) => {
    const p = `${rp}[${i}]`;
    if (rule.succeededCount === undefined && rule.succeededIndexes === undefined) {
      out.push(required(p, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let total = 0;
    if (rule.succeededIndexes !== undefined) {
      const ip = `${p}.succeededIndexes`;
      if (rule.succeededIndexes.length > 65536) out.push(tooLongDetail(ip, 'must have at most 65536 bytes'));
      const parsed = parseIndexes(rule.succeededIndexes, completions);
      if (typeof parsed === 'string') out.push(invalid(ip, rule.succeededIndexes, `error parsing succeededIndexes: ${parsed}`));
      else total = parsed;
    }
    const count = rule.succeededCount;
    if (count !== undefined) {
      const cp = `${p}.succeededCount`;
      nonNegative(out, count, cp);
      if (count > completions) out.push(invalid(cp, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (rule.succeededIndexes !== undefined && count > total) {
        out.push(invalid(cp, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
}

function validateManagedBy(v: string, out: ValidationIssue[]): void {
  const p = 'spec.managedBy';
  const slash = v.indexOf('/');
  if (slash <= 0 || slash === v.length - 1) out.push(invalid(p, v, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  else {
    const host = v.slice(0, slash);
    for (const m of isDNS1123Subdomain(host)) out.push(invalid(p, host, m));
    const rest = v.slice(slash + 1);
    if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) out.push(invalid(p, rest, regexError('Invalid path', "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
  }
  if (v.length > 63) out.push(tooLongDetail(p, 'may not be longer than 63'));
}

/** `validateJobSpec`: the checks of a Job spec (paths `spec.…`); also used for a CronJob's jobTemplate. @internal */
export function validateJobSpec(spec: JobSpec, out: ValidationIssue[]): void {
  nonNegative(out, spec.parallelism, 'spec.parallelism');
  nonNegative(out, spec.completions, 'spec.completions');
  nonNegative(out, spec.activeDeadlineSeconds, 'spec.activeDeadlineSeconds');
  nonNegative(out, spec.backoffLimit, 'spec.backoffLimit');
  nonNegative(out, spec.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished');
  nonNegative(out, spec.backoffLimitPerIndex, 'spec.backoffLimitPerIndex');
  const mfi = spec.maxFailedIndexes;
  if (mfi !== undefined) {
    nonNegative(out, mfi, 'spec.maxFailedIndexes');
    if (spec.backoffLimitPerIndex === undefined) out.push(required('spec.backoffLimitPerIndex', 'when maxFailedIndexes is specified'));
  }
  if (spec.managedBy !== undefined) validateManagedBy(spec.managedBy, out);
  if (spec.completionMode === 'Indexed') {
    const { completions, parallelism } = spec;
    if (completions === undefined) out.push(required('spec.completions', 'when completion mode is Indexed'));
    if (parallelism !== undefined && parallelism > 100000) {
      out.push(invalid('spec.parallelism', parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
    }
    if (completions !== undefined && mfi !== undefined && mfi > completions) out.push(invalid('spec.maxFailedIndexes', mfi, 'must be less than or equal to completions'));
    if (mfi !== undefined && mfi > 100000) out.push(invalid('spec.maxFailedIndexes', mfi, 'must be less than or equal to 100000'));
    if (completions !== undefined && completions > 100000 && spec.backoffLimitPerIndex !== undefined) {
      const high = 'when completions are above 100000 and used with backoff limit per index';
      if (mfi === undefined) out.push(required('spec.maxFailedIndexes', 'must be specified when completions is above 100000'));
      if (parallelism !== undefined && parallelism > 10000) out.push(invalid('spec.parallelism', parallelism, `must be less than or equal to 10000 ${high}`));
      if (mfi !== undefined && mfi > 10000) out.push(invalid('spec.maxFailedIndexes', mfi, `must be less than or equal to 10000 ${high}`));
    }
  } else {
    if (spec.backoffLimitPerIndex !== undefined) out.push(invalid('spec.backoffLimitPerIndex', spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (mfi !== undefined) out.push(invalid('spec.maxFailedIndexes', mfi, 'requires indexed completion mode'));
  }
  const pfp = spec.podFailurePolicy;
  if (pfp !== undefined) {
    const rp = 'spec.podFailurePolicy.rules';
    if (pfp.rules.length > 20) out.push(tooMany(rp, pfp.rules.length, 20));
    const names = new Set([...spec.template.spec.containers, ...(spec.template.spec.initContainers ?? [])].map((c) => c.name));
    pfp.rules.forEach((rule, i) => validateRule(spec, rule, `${rp}[${i}]`, names, out));
  }
  validateSuccessPolicy(spec, out);
  const prp = spec.podReplacementPolicy;
  if (prp !== undefined && pfp !== undefined && prp !== 'Failed') out.push(notSupported('spec.podReplacementPolicy', prp, ['Failed']));
  validatePodTemplateSpec(spec.template, 'spec.template', out);
  const rsp = 'spec.template.spec.restartPolicy';
  const restart = spec.template.spec.restartPolicy;
  if (restart === undefined || restart === 'Always') out.push(required(rsp, 'valid values: "OnFailure", "Never"'));
  else if (pfp !== undefined && restart !== 'Never') out.push(invalid(rsp, restart, 'only "Never" is supported when podFailurePolicy is specified'));
}

/**
 * Validates a Job on create (`ValidateJob`). For a Job whose selector the API server would
 * generate (manualSelector not true) and that has no uid yet, the generated-selector checks that
 * need the uid are deferred: defaulting adds the selector once the store assigns a uid.
 */
export function validateJob(job: Job): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(job.metadata, true, nameIsDNSSubdomain, out);
  const spec = job.spec;
  const check: ValidationIssue[] = [];
  const selectorOk = validateLabelSelector(spec.selector, 'spec.selector', check);
  validateGeneratedSelector(job, selectorOk, out);
  validateJobSpec(spec, out);
  const deferred = spec.manualSelector !== true && (job.metadata.uid ?? '') === '';
  if (spec.selector === undefined) {
    if (!deferred) out.push(required('spec.selector'));
  } else out.push(...check);
  if (selectorOk && (spec.selector !== undefined || !deferred) && !labelSelectorMatches(spec.selector, spec.template.metadata?.labels)) {
    out.push(invalid('spec.template.metadata.labels', spec.template.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  validateIndexedHostname(job, out);
  return out;
}

/**
 * ValidateJob: an Indexed Job's pods are named `<job>-<index>` as their hostname, so the last one
 * (`completions − 1`) must be a DNS-1123 label. A generateName Job is checked with the 5
 * characters the store appends.
 */
function validateIndexedHostname(job: Job, out: ValidationIssue[]): void {
  const { completionMode, completions } = job.spec;
  if (completionMode !== 'Indexed' || completions === undefined || completions <= 0) return;
  const name = job.metadata.name ?? '';
  const base = name !== '' ? name : `${(job.metadata.generateName ?? '').slice(0, 58)}xxxxx`;
  const hostname = `${base}-${completions - 1}`;
  if (isDNS1123Label(hostname).length > 0) {
    out.push(invalid('metadata.name', name !== '' ? name : base, `will not able to create pod with invalid DNS label: ${hostname}`));
  }
}
