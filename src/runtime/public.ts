// The container runtime port.
export { RuntimeError, isRuntimeError } from './runtime-error.js';
export type { RuntimeErrorCode, RuntimeErrorOptions } from './runtime-error.js';
export type {
  ContainerRuntime,
  Labels,
  SandboxVolume,
  PortMapping,
  PodSandboxConfig,
  PodSandboxState,
  PodSandboxStatus,
  Mount,
  ContainerResources,
  ContainerConfig,
  RuntimeContainerState,
  RuntimeContainerStatus,
  ImageInfo,
  EnsureImageOptions,
  EnsureImageResult,
  ExecResult,
  ExecOptions,
  LogLine,
  LogOptions,
  ListFilter,
  HttpProbeRequest,
  HttpProbeResult,
  TcpProbeRequest,
  RuntimeEvent,
} from './container-runtime.js';
