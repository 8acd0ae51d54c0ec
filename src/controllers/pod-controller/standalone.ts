/**
 * Standalone mode's stand-in for the API server: `run(pod)` parses, defaults and validates the
 * pod as `kubectl create` would, and assigns a uid and creation time.
 */
import { PodkitError } from '../../errors.js';
import { applyDefaults } from '../../model/defaults.js';
import { PodSchema, type Pod } from '../../model/index.js';
import { toTimestamp } from '../../model/time.js';
import { assertValidObject } from '../../model/validation.js';

/** A deterministic source of UUID-shaped uids: `00000000-0000-4000-8000-000000000001`, ... */
export function counterUids(): { uid(): string } {
  let n = 0;
  return { uid: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}` };
}

/**
 * The pod as the API server would store it: schema-checked (`invalid_object` with the field paths
 * of every problem), defaulted, validated, in namespace `default` unless given, with a uid and a
 * creation timestamp, and no status. Throws `invalid_argument` for a pod bound to another node.
 */
export function preparePod(input: Pod, nodeName: string, now: number, ids: { uid(): string }): Pod {
  const parsed = PodSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`);
    throw new PodkitError('invalid_object', `Pod ${JSON.stringify((input as { metadata?: { name?: string } })?.metadata?.name ?? '')} is invalid: ${issues.join(', ')}`, {
      details: { issues: parsed.error.issues },
    });
  }
  const pod = applyDefaults(parsed.data);
  if (pod.metadata.name === undefined || pod.metadata.name === '') {
    throw new PodkitError('invalid_object', 'Pod "" is invalid: metadata.name: Required value: name is required (generateName is not supported by run())', { details: { field: 'metadata.name' } });
  }
  assertValidObject(pod);
  if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '' && pod.spec.nodeName !== nodeName) {
    throw new PodkitError('invalid_argument', `Pod ${JSON.stringify(pod.metadata.name)}: spec.nodeName is ${JSON.stringify(pod.spec.nodeName)}, but this PodController runs node ${JSON.stringify(nodeName)}; leave spec.nodeName empty or set it to this node.`, {
      details: { field: 'spec.nodeName' },
    });
  }
  const { status: _ignored, ...rest } = pod;
  return {
    ...rest,
    metadata: {
      ...pod.metadata,
      namespace: pod.metadata.namespace ?? 'default',
      uid: pod.metadata.uid ?? ids.uid(),
      creationTimestamp: pod.metadata.creationTimestamp ?? toTimestamp(now),
    },
  };
}
