// podkit/server's public surface.
export { serveKubeApi } from './serve.js';
export type { KubeApiServer, ServeKubeApiOptions } from './serve.js';
export { kubeconfigText, KUBECONFIG_CONTEXT } from './kubeconfig.js';
export type { KubeconfigInput } from './kubeconfig.js';
