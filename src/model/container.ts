import { z } from 'zod';
import { Int32Schema, Int64Schema, QuantityValueSchema, withUnmodelled } from './schema-helpers.js';
import { IntOrStringSchema, ResourceListSchema } from './meta.js';

/** `fieldRef` of an env var: podkit resolves metadata.name, metadata.namespace, status.podIP, spec.nodeName, and labels/annotations by key. */
export const ObjectFieldSelectorSchema = z.object({
  apiVersion: z.string().optional(),
  fieldPath: z.string(),
});
/** A field selector for env values. */
export type ObjectFieldSelector = z.infer<typeof ObjectFieldSelectorSchema>;

/** `valueFrom.resourceFieldRef`: a container's resource request or limit (`limits.cpu`, ...). */
export const ResourceFieldSelectorSchema = z.object({
  containerName: z.string().optional(),
  resource: z.string(),
  divisor: QuantityValueSchema.optional(),
});
/** A resource field selector. */
export type ResourceFieldSelector = z.infer<typeof ResourceFieldSelectorSchema>;

/** `valueFrom.configMapKeyRef` / `valueFrom.secretKeyRef`: a key of a named ConfigMap or Secret. */
export const KeySelectorSchema = z.object({
  name: z.string().optional(),
  key: z.string(),
  optional: z.boolean().optional(),
});
/** A ConfigMap or Secret key selector. */
export type KeySelector = z.infer<typeof KeySelectorSchema>;

/**
 * An environment variable: a literal `value` or a `valueFrom` source. podkit resolves `fieldRef`;
 * `resourceFieldRef`, `configMapKeyRef` and `secretKeyRef` are modelled (and validated) so that
 * manifests using them parse, but runtimes may not resolve them.
 */
export const EnvVarSchema = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: withUnmodelled(
    z.object({
      fieldRef: ObjectFieldSelectorSchema.optional(),
      resourceFieldRef: ResourceFieldSelectorSchema.optional(),
      configMapKeyRef: KeySelectorSchema.optional(),
      secretKeyRef: KeySelectorSchema.optional(),
    }),
    ['fileKeyRef'],
  ).optional(),
});
/** An environment variable. */
export type EnvVar = z.infer<typeof EnvVarSchema>;

/** A container port. `protocol` defaults to `TCP`. */
export const ContainerPortSchema = z.object({
  name: z.string().optional(),
  containerPort: Int32Schema,
  hostPort: Int32Schema.optional(),
  hostIP: z.string().optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
});
/** A container port. */
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

/** A volume mount. */
export const VolumeMountSchema = withUnmodelled(
  z.object({
    name: z.string(),
    mountPath: z.string(),
    readOnly: z.boolean().optional(),
    subPath: z.string().optional(),
  }),
  ['recursiveReadOnly', 'mountPropagation', 'subPathExpr'],
);
/** A volume mount. */
export type VolumeMount = z.infer<typeof VolumeMountSchema>;

/** Resource requests and limits. */
export const ResourceRequirementsSchema = withUnmodelled(
  z.object({
    requests: ResourceListSchema.optional(),
    limits: ResourceListSchema.optional(),
  }),
  ['claims'],
);
/** Resource requirements. */
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

/** An exec action: the command runs inside the container, exit 0 is success. */
export const ExecActionSchema = z.object({
  command: z.array(z.string()).optional(),
});
/** An exec action. */
export type ExecAction = z.infer<typeof ExecActionSchema>;

/** An HTTP header for httpGet actions. */
export const HTTPHeaderSchema = z.object({ name: z.string(), value: z.string() });

/** An HTTP GET action; status 200–399 is success. `path` defaults to `/`, `scheme` to `HTTP`. */
export const HTTPGetActionSchema = z.object({
  path: z.string().optional(),
  port: IntOrStringSchema,
  host: z.string().optional(),
  scheme: z.enum(['HTTP', 'HTTPS']).optional(),
  httpHeaders: z.array(HTTPHeaderSchema).optional(),
});
/** An HTTP GET action. */
export type HTTPGetAction = z.infer<typeof HTTPGetActionSchema>;

/** A TCP socket action: a successful connect is success. */
export const TCPSocketActionSchema = z.object({
  port: IntOrStringSchema,
  host: z.string().optional(),
});
/** A TCP socket action. */
export type TCPSocketAction = z.infer<typeof TCPSocketActionSchema>;

/** A gRPC health-check action: `SERVING` is success. */
export const GRPCActionSchema = z.object({
  port: Int32Schema,
  service: z.string().optional(),
});
/** A gRPC action. */
export type GRPCAction = z.infer<typeof GRPCActionSchema>;

/**
 * A liveness, readiness or startup probe. Defaults (applied by `applyDefaults`): period 10 s,
 * timeout 1 s, success 1, failure 3, initial delay 0.
 */
export const ProbeSchema = z.object({
  exec: ExecActionSchema.optional(),
  httpGet: HTTPGetActionSchema.optional(),
  tcpSocket: TCPSocketActionSchema.optional(),
  grpc: GRPCActionSchema.optional(),
  initialDelaySeconds: Int32Schema.optional(),
  timeoutSeconds: Int32Schema.optional(),
  periodSeconds: Int32Schema.optional(),
  successThreshold: Int32Schema.optional(),
  failureThreshold: Int32Schema.optional(),
  terminationGracePeriodSeconds: Int64Schema.optional(),
});
/** A probe. */
export type Probe = z.infer<typeof ProbeSchema>;

/** A lifecycle hook handler: exec, httpGet, or sleep. */
export const LifecycleHandlerSchema = z.object({
  exec: ExecActionSchema.optional(),
  httpGet: HTTPGetActionSchema.optional(),
  tcpSocket: TCPSocketActionSchema.optional(),
  sleep: z.object({ seconds: Int64Schema }).optional(),
});
/** A lifecycle hook handler. */
export type LifecycleHandler = z.infer<typeof LifecycleHandlerSchema>;

/** postStart / preStop hooks. */
export const LifecycleSchema = z.object({
  postStart: LifecycleHandlerSchema.optional(),
  preStop: LifecycleHandlerSchema.optional(),
  stopSignal: z.string().optional(),
});
/** Container lifecycle hooks. */
export type Lifecycle = z.infer<typeof LifecycleSchema>;

/** Image pull policy. Defaults to `Always` for `:latest` or untagged images, else `IfNotPresent`. */
export const PullPolicySchema = z.enum(['Always', 'IfNotPresent', 'Never']);
/** Image pull policy. */
export type PullPolicy = z.infer<typeof PullPolicySchema>;

/**
 * A container. `restartPolicy` is only valid on init containers and only as `Always`: it makes the
 * init container a sidecar (restartable init container). `envFrom`, `securityContext`,
 * `volumeDevices`, `resizePolicy`, `restartPolicyRules` and `stdinOnce` are kept as written
 * (untyped, not acted on).
 */
export const ContainerSchema = withUnmodelled(z.object({
  name: z.string(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.array(EnvVarSchema).optional(),
  ports: z.array(ContainerPortSchema).optional(),
  volumeMounts: z.array(VolumeMountSchema).optional(),
  resources: ResourceRequirementsSchema.optional(),
  livenessProbe: ProbeSchema.optional(),
  readinessProbe: ProbeSchema.optional(),
  startupProbe: ProbeSchema.optional(),
  lifecycle: LifecycleSchema.optional(),
  imagePullPolicy: PullPolicySchema.optional(),
  restartPolicy: z.string().optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.enum(['File', 'FallbackToLogsOnError']).optional(),
  stdin: z.boolean().optional(),
  tty: z.boolean().optional(),
}), ['envFrom', 'resizePolicy', 'restartPolicyRules', 'volumeDevices', 'securityContext', 'stdinOnce']);
/** A container. */
export type Container = z.infer<typeof ContainerSchema>;
