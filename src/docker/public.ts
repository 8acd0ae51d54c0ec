// podkit/docker's public surface.
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { DockerRuntime } from './options.js';

// The runtime.
export { createDockerRuntime } from './create-docker-runtime.js';
export type { DockerRuntime, DockerRuntimeOptions, ResolvedDockerRuntimeOptions, DockerGcResult, DockerEngineInfo } from './options.js';

// Labels on Docker objects.
export { toDockerLabels, fromDockerLabels, userLabels, reservedLabelKeys, DEFAULT_LABEL_NAMESPACE } from './labels.js';
export type { PodkitObjectIdentity } from './labels.js';

// Compile-time check: a DockerRuntime is a ContainerRuntime.
const _check: ContainerRuntime = {} as DockerRuntime;
void _check;
