/**
 * `podkit/docker` — a ContainerRuntime on a real Docker engine (dockerode is an optional peer
 * dependency, needed only by this entry point).
 * @packageDocumentation
 */
export * from './docker/public.js';
