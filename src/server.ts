/**
 * `podkit/server` — the Kubernetes REST API of a podkit cluster, for kubectl and
 * @kubernetes/client-node (HTTPS with a generated CA and a bearer token by default).
 * @packageDocumentation
 */
export * from './server/public.js';
