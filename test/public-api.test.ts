// Pins the exact runtime export list of each entry point (redux's public-api test).
// Regenerate with `npx tsx scripts/print-exports.mjs --write` and review the diff.
import { describe, expect, it } from 'vitest';
import * as core from 'podkit';
import * as docker from 'podkit/docker';
import * as testing from 'podkit/testing';

const sorted = (mod: object): string[] => Object.keys(mod).sort();

describe('public API', () => {
  it('podkit exports exactly these names', () => {
    expect(sorted(core)).toEqual([
    'AffinitySchema',
    'ConditionStatusSchema',
    'ContainerPortSchema',
    'ContainerSchema',
    'ContainerStateRunningSchema',
    'ContainerStateSchema',
    'ContainerStateTerminatedSchema',
    'ContainerStateWaitingSchema',
    'ContainerStatusSchema',
    'DaemonSetSchema',
    'DaemonSetSpecSchema',
    'DaemonSetStatusSchema',
    'DaemonSetUpdateStrategySchema',
    'EnvVarSchema',
    'ExecActionSchema',
    'GRPCActionSchema',
    'HTTPGetActionSchema',
    'HTTPHeaderSchema',
    'IntOrStringSchema',
    'JobSchema',
    'JobSpecSchema',
    'JobStatusSchema',
    'LabelSelectorRequirementSchema',
    'LabelSelectorSchema',
    'LifecycleHandlerSchema',
    'LifecycleSchema',
    'NodeAffinitySchema',
    'NodeConditionSchema',
    'NodeSchema',
    'NodeSelectorRequirementSchema',
    'NodeSelectorSchema',
    'NodeSelectorTermSchema',
    'NodeSpecSchema',
    'NodeStatusSchema',
    'ObjectFieldSelectorSchema',
    'ObjectMetaSchema',
    'OwnerReferenceSchema',
    'PodConditionSchema',
    'PodFailurePolicyOnExitCodesRequirementSchema',
    'PodFailurePolicyOnPodConditionsPatternSchema',
    'PodFailurePolicyRuleSchema',
    'PodFailurePolicySchema',
    'PodPhaseSchema',
    'PodReadinessGateSchema',
    'PodSchema',
    'PodSpecSchema',
    'PodStatusSchema',
    'PodTemplateSpecSchema',
    'PodkitError',
    'PreferredSchedulingTermSchema',
    'ProbeSchema',
    'PullPolicySchema',
    'QuantitySchema',
    'ReplicaSetSchema',
    'ReplicaSetSpecSchema',
    'ReplicaSetStatusSchema',
    'ResourceListSchema',
    'ResourceRequirementsSchema',
    'RestartPolicySchema',
    'RuntimeError',
    'SuccessPolicyRuleSchema',
    'SuccessPolicySchema',
    'SystemClock',
    'TCPSocketActionSchema',
    'TaintEffectSchema',
    'TaintSchema',
    'TolerationSchema',
    'VolumeMountSchema',
    'VolumeSchema',
    'WorkloadConditionSchema',
    'getPodCondition',
    'isPodActive',
    'isPodReady',
    'isPodTerminal',
    'isRuntimeError',
    'isSidecar',
    'objectKey',
    'toMillis',
    'toTimestamp',
    ]);
  });

  it('podkit/testing exports exactly these names', () => {
    expect(sorted(testing)).toEqual([
    'newPod',
    ]);
  });

  it('podkit/docker exports exactly these names', () => {
    expect(sorted(docker)).toEqual([
    'DEFAULT_LABEL_NAMESPACE',
    'fromDockerLabels',
    'toDockerLabels',
    ]);
  });
});
