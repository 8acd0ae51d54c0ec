// podkit's table of the Kubernetes protobuf messages it decodes: for each message, field number
// → JSON name and type. The numbers are the wire format of the Kubernetes API (the generated.proto
// files of k8s.io/api core/v1, apps/v1, batch/v1, policy/v1, autoscaling/v1 and of
// k8s.io/apimachinery meta/v1, runtime, resource and intstr); the presence rules follow the Go
// types' JSON tags, so a decoded object has the shape `JSON.parse` gives for the same object as
// kubectl's JSON. Fields podkit's schemas know are decoded; the few left out are listed with `-`
// (skipped, with a Warning when they carry data); numbers not in the table are skipped silently
// (fields of newer Kubernetes versions).
//
// Type notation (Go-like):
//   string, int32, int64, bool    a scalar of a non-pointer Go field with `omitempty`: zero is absent
//   T!                            a non-pointer field without `omitempty`: always present, zero included
//   *T                            a pointer field: present when sent, zero included
//   []T, map[string]T             repeated / map fields (absent when empty)
//   Time, Quantity, IntOrString   meta/v1 Time (RFC 3339 seconds; zero is absent), resource.Quantity
//                                 (its string), intstr.IntOrString (a number or a string)
//   RawExtension, FieldsV1        runtime.RawExtension / meta/v1 FieldsV1: `raw` bytes of JSON, embedded as that value
//   Message, *Message             a nested message (present when sent, even empty)
//   ...Message                    an embedded Go struct: its fields are inlined into this object
//   -                             known upstream, not decoded by podkit
import { CORE_OBJECTS, CORE_POD } from './schema-core.js';
import { APPS, BATCH } from './schema-workloads.js';

/** One message: field number → `name type`. */
export type MessageTable = Readonly<Record<number, string>>;

// ---------------------------------------------------------------------------------------------
// meta/v1 (k8s.io/apimachinery/pkg/apis/meta/v1)

const META: Readonly<Record<string, MessageTable>> = {
  ObjectMeta: {
    1: 'name string',
    2: 'generateName string',
    3: 'namespace string',
    4: 'selfLink string',
    5: 'uid string',
    6: 'resourceVersion string',
    7: 'generation int64',
    8: 'creationTimestamp Time',
    9: 'deletionTimestamp *Time',
    10: 'deletionGracePeriodSeconds *int64',
    11: 'labels map[string]string',
    12: 'annotations map[string]string',
    13: 'ownerReferences []OwnerReference',
    14: 'finalizers []string',
    17: 'managedFields []ManagedFieldsEntry',
  },
  ManagedFieldsEntry: {
    1: 'manager string',
    2: 'operation string',
    3: 'apiVersion string',
    4: 'time *Time',
    6: 'fieldsType string',
    7: 'fieldsV1 *FieldsV1',
    8: 'subresource string',
  },
  OwnerReference: {
    1: 'kind string!',
    3: 'name string!',
    4: 'uid string!',
    5: 'apiVersion string!',
    6: 'controller *bool',
    7: 'blockOwnerDeletion *bool',
  },
  LabelSelector: {
    1: 'matchLabels map[string]string',
    2: 'matchExpressions []LabelSelectorRequirement',
  },
  LabelSelectorRequirement: {
    1: 'key string!',
    2: 'operator string!',
    3: 'values []string',
  },
  DeleteOptions: {
    1: 'gracePeriodSeconds *int64',
    2: 'preconditions *Preconditions',
    3: 'orphanDependents *bool',
    4: 'propagationPolicy *string',
    5: 'dryRun []string',
    6: 'ignoreStoreReadErrorWithClusterBreakingPotential *bool',
  },
  Preconditions: {
    1: 'uid *string',
    2: 'resourceVersion *string',
  },
};

// ---------------------------------------------------------------------------------------------
// policy/v1 Eviction, autoscaling/v1 Scale

const POLICY: Readonly<Record<string, MessageTable>> = {
  Eviction: { 1: 'metadata ObjectMeta', 2: 'deleteOptions *DeleteOptions' },
};

const AUTOSCALING: Readonly<Record<string, MessageTable>> = {
  Scale: { 1: 'metadata ObjectMeta', 2: 'spec ScaleSpec', 3: 'status ScaleStatus' },
  // `replicas` is `omitempty` in Go's JSON, but a Scale to 0 must say 0: decoded as always present.
  ScaleSpec: { 1: 'replicas int32!' },
  ScaleStatus: { 1: 'replicas int32!', 2: 'selector string' },
};

/**
 * The messages by protobuf package of their generated.proto (`k8s.io.api.core.v1`): the tests
 * check every row against the upstream files (test/server/fixtures/protobuf/descriptor.json, derived from them).
 */
export const MESSAGE_PACKAGES: Readonly<Record<string, Readonly<Record<string, MessageTable>>>> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1': META,
  'k8s.io.api.core.v1': { ...CORE_OBJECTS, ...CORE_POD },
  'k8s.io.api.apps.v1': APPS,
  'k8s.io.api.batch.v1': BATCH,
  'k8s.io.api.policy.v1': POLICY,
  'k8s.io.api.autoscaling.v1': AUTOSCALING,
};

/** Every message podkit decodes, by name (names are unique across the packages podkit decodes). */
export const MESSAGES: Readonly<Record<string, MessageTable>> = Object.assign({}, ...Object.values(MESSAGE_PACKAGES)) as Readonly<Record<string, MessageTable>>;

/** A kind podkit decodes from protobuf: its `apiVersion` (`*`: any) and `kind`, and the message of its body. */
export interface KindEntry {
  readonly apiVersion: string;
  readonly kind: string;
  readonly message: string;
}

/**
 * The kinds a protobuf body may carry. Adding one is a row here (and its messages above).
 * DeleteOptions is registered in every group version upstream, so any apiVersion is accepted.
 */
export const KINDS: readonly KindEntry[] = [
  { apiVersion: 'v1', kind: 'Namespace', message: 'Namespace' },
  { apiVersion: 'v1', kind: 'Pod', message: 'Pod' },
  { apiVersion: 'v1', kind: 'Node', message: 'Node' },
  { apiVersion: 'v1', kind: 'Binding', message: 'Binding' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', message: 'ReplicaSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', message: 'DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'Deployment', message: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', message: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', message: 'ControllerRevision' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', message: 'PersistentVolumeClaim' },
  { apiVersion: 'batch/v1', kind: 'Job', message: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob', message: 'CronJob' },
  { apiVersion: 'policy/v1', kind: 'Eviction', message: 'Eviction' },
  { apiVersion: 'policy/v1beta1', kind: 'Eviction', message: 'Eviction' },
  { apiVersion: 'autoscaling/v1', kind: 'Scale', message: 'Scale' },
  { apiVersion: '*', kind: 'DeleteOptions', message: 'DeleteOptions' },
];
