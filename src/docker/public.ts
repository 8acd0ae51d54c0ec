// podkit/docker's public surface.
export { toDockerLabels, fromDockerLabels, DEFAULT_LABEL_NAMESPACE } from './labels.js';
export type { PodkitObjectIdentity } from './labels.js';
