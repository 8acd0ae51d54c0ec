/**
 * The slices of Docker Engine API payloads podkit reads and writes, in podkit's own structural
 * types (so the pure mapping functions and their tests need neither dockerode nor an engine).
 * Field names are the Engine API's.
 * @internal
 */

/** `GET /containers/{id}/json`, the fields podkit reads. */
export interface DockerContainerInspect {
  readonly Id: string;
  readonly Name?: string;
  readonly Created: string;
  /** The image id (`sha256:...`). */
  readonly Image: string;
  readonly State: {
    readonly Status: string;
    readonly Running: boolean;
    readonly Paused?: boolean;
    readonly Restarting?: boolean;
    readonly OOMKilled: boolean;
    readonly Dead?: boolean;
    readonly ExitCode: number;
    readonly Error?: string;
    readonly StartedAt: string;
    readonly FinishedAt: string;
  };
  readonly Config: {
    readonly Image: string;
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly Hostname?: string;
  };
  readonly HostConfig?: {
    readonly NetworkMode?: string;
  };
  readonly NetworkSettings?: {
    readonly IPAddress?: string;
    readonly Networks?: Readonly<Record<string, { readonly IPAddress?: string }>> | null;
  };
}

/** A `POST /containers/create` body, the fields podkit sets. */
export interface DockerCreateBody {
  Image: string;
  Hostname?: string;
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  Labels: Record<string, string>;
  StopSignal?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  HostConfig: {
    NetworkMode?: string;
    IpcMode?: string;
    Binds?: string[];
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
    Memory?: number;
    MemorySwap?: number;
    NanoCpus?: number;
    RestartPolicy?: { Name: string };
  };
}

/** A `POST /volumes/create` body. */
export interface DockerVolumeCreateBody {
  Name: string;
  Driver: string;
  DriverOpts: Record<string, string>;
  Labels: Record<string, string>;
}

/** One message of `GET /events`. */
export interface DockerEventMessage {
  readonly Type?: string;
  readonly Action?: string;
  /** Legacy fields of older engines. */
  readonly status?: string;
  readonly id?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Readonly<Record<string, string>> };
  readonly time?: number;
  readonly timeNano?: number;
}
