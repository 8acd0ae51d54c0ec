// defineKind: custom resources (CRDs) on the same store, manifests, watches and GC as built-in kinds.
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { PodkitError } from '../errors.js';
import type { ValidationIssue } from '../model/field-error.js';
import { ObjectMetaSchema, type KubeObject, type ObjectMeta } from '../model/index.js';
import { registerKind, type KindDefinition as ModelKindDefinition } from '../model/kinds.js';
import { nameIsDNSSubdomain } from '../model/names.js';
import { validateObjectMeta } from '../model/validation-meta.js';
import { registerGlobalKind } from '../store/kinds.js';
import { displayNameOf, invalidObjectError, schemaIssues } from '../store/validate.js';
import type { DeleteOptions, DeleteResult, ListOptions, ObjectStore, StoreKind, StoreObject, WatchEvent, WatchOptions } from '../store/object-store.js';

/** A custom resource object: apiVersion, kind, metadata, a spec and an optional status. */
export interface CustomObject<Spec = unknown, Status = unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec: Spec;
  readonly status?: Status | undefined;
}

/** Options of {@link defineKind}. */
export interface DefineKindOptions<Spec extends z.ZodType, Status extends z.ZodType> {
  /** `group/version`, e.g. `example.com/v1`. */
  readonly apiVersion: string;
  /** CamelCase kind name, e.g. `BatchQueue`; must not be a built-in kind. */
  readonly kind: string;
  /** The zod schema of `spec` (the source of truth for the spec type). */
  readonly schema: Spec;
  /** The zod schema of `status`; when given, status is a subresource (`update` ignores it, `updateStatus` writes only it). */
  readonly statusSchema?: Status;
  /** Default true. Cluster-scoped kinds have no namespace. */
  readonly namespaced?: boolean;
  /** The plural resource name in error messages; default `<kind lowercase>s.<group>`. */
  readonly resource?: string;
  /** Extra create/update validation beyond the schema and the metadata rules. */
  readonly validate?: (obj: CustomObject<z.infer<Spec>, z.infer<Status>>) => ValidationIssue[];
}

/**
 * A defined custom kind: its schemas, and a typed client over any store (the store's own methods
 * are typed for the built-in kinds only).
 */
export interface CustomKind<Spec, Status> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** The schema of the whole object. */
  readonly objectSchema: z.ZodType<CustomObject<Spec, Status>>;
  /**
   * The kind name for APIs typed with the built-in kinds (`createController({ for })`,
   * `owns`, `watches`): the store accepts it at run time once defined.
   */
  readonly storeKind: StoreKind;
  /** Parses (and validates with the schema) an object of this kind; throws `invalid_object` with field paths. */
  parse(obj: unknown): CustomObject<Spec, Status>;
  get(store: ObjectStore, name: string, namespace?: string): CustomObject<Spec, Status>;
  tryGet(store: ObjectStore, name: string, namespace?: string): CustomObject<Spec, Status> | undefined;
  list(store: ObjectStore, options?: ListOptions): readonly CustomObject<Spec, Status>[];
  watch(store: ObjectStore, options?: WatchOptions): Observable<WatchEvent<CustomObject<Spec, Status>>>;
  create(store: ObjectStore, obj: CustomObject<Spec, Status>): CustomObject<Spec, Status>;
  update(store: ObjectStore, obj: CustomObject<Spec, Status>): CustomObject<Spec, Status>;
  updateStatus(store: ObjectStore, obj: CustomObject<Spec, Status>): CustomObject<Spec, Status>;
  delete(store: ObjectStore, name: string, options?: DeleteOptions): DeleteResult<CustomObject<Spec, Status>>;
  /** The object typed as a store object, for APIs such as `ctx.event(object, ...)` and `setOwner`. */
  asStoreObject(obj: CustomObject<Spec, Status>): StoreObject;
}

const defined = new Map<string, { readonly apiVersion: string; readonly spec: z.ZodType; readonly handle: unknown }>();

/**
 * Defines a custom kind (a CRD): after this, every store validates it with the zod schemas
 * (`spec`, and `status` as a subresource when `statusSchema` is given), `parseManifests` and
 * `cluster.apply` accept its YAML, watches and garbage collection (ownerReferences) work for it,
 * and `createController({ for: kind.storeKind, owns: ['Pod'] })` reconciles it. Defining the same
 * kind again with the same spec schema returns the first definition.
 *
 * What it does not do: no conversion between versions, no defaulting beyond zod `.default()`s, no
 * printer columns (`formatTable` is for built-in kinds); the store's TypeScript signatures stay
 * typed for built-in kinds — use the returned handle's typed methods, or augment `StoreKinds`.
 *
 * @example
 * ```ts
 * import { defineKind } from 'podkit';
 * import { z } from 'zod';
 * const BatchQueue = defineKind({
 *   apiVersion: 'example.com/v1', kind: 'BatchQueue',
 *   schema: z.object({ workers: z.number().int().min(0), items: z.array(z.string()) }),
 *   statusSchema: z.object({ done: z.array(z.string()).default([]) }),
 * });
 * const q = BatchQueue.get(cluster.store, 'jobs');
 * ```
 */
export function defineKind<Spec extends z.ZodType, Status extends z.ZodType = z.ZodUnknown>(
  options: DefineKindOptions<Spec, Status>,
): CustomKind<z.infer<Spec>, z.infer<Status>> {
  type Obj = CustomObject<z.infer<Spec>, z.infer<Status>>;
  const { apiVersion, kind } = options;
  const previous = defined.get(kind);
  if (previous !== undefined) {
    if (previous.apiVersion === apiVersion && previous.spec === options.schema) return previous.handle as CustomKind<z.infer<Spec>, z.infer<Status>>;
    throw new PodkitError('already_exists', `defineKind: kind ${JSON.stringify(kind)} is already defined (in ${previous.apiVersion}); define each kind once.`, { details: { kind } });
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) throw new PodkitError('invalid_argument', `defineKind: kind: expected a CamelCase name, received ${JSON.stringify(kind)}.`, { details: { field: 'kind' } });
  if (!/^[a-z0-9.-]+\/v[0-9a-z]+$/.test(apiVersion)) {
    throw new PodkitError('invalid_argument', `defineKind: apiVersion: expected "group/version" (example.com/v1), received ${JSON.stringify(apiVersion)}.`, { details: { field: 'apiVersion' } });
  }
  const namespaced = options.namespaced ?? true;
  const objectSchema = z.object({
    apiVersion: z.literal(apiVersion),
    kind: z.literal(kind),
    metadata: ObjectMetaSchema,
    spec: options.schema,
    status: (options.statusSchema ?? z.unknown()).optional(),
  });
  const validate = (obj: Obj): ValidationIssue[] => {
    const out: ValidationIssue[] = [];
    validateObjectMeta(obj.metadata, namespaced, nameIsDNSSubdomain, out);
    return [...out, ...(options.validate?.(obj) ?? [])];
  };
  const model: ModelKindDefinition<KubeObject> = {
    apiVersion,
    kind,
    namespaced,
    schema: objectSchema as unknown as z.ZodType<KubeObject>,
    applyDefaults: (obj) => (namespaced && (obj.metadata.namespace ?? '') === '' ? ({ ...obj, metadata: { ...obj.metadata, namespace: 'default' } } as KubeObject) : obj),
    validate: (obj) => validate(obj as unknown as Obj),
  };
  registerGlobalKind({
    apiVersion,
    kind,
    resource: options.resource ?? `${kind.toLowerCase()}s.${apiVersion.split('/')[0] ?? ''}`,
    namespaced,
    schema: objectSchema,
    hasStatus: options.statusSchema !== undefined,
    gracefulDelete: false,
    fields: {},
  });
  registerKind(model);

  const k = kind as StoreKind;
  const asObj = (o: unknown): Obj => o as Obj;
  const handle: CustomKind<z.infer<Spec>, z.infer<Status>> = {
    apiVersion,
    kind,
    namespaced,
    objectSchema: objectSchema as unknown as z.ZodType<Obj>,
    storeKind: k,
    parse(obj) {
      const r = objectSchema.safeParse(obj);
      // The same words as every other entry point (`Widget "w" is invalid: spec.size: ...`).
      if (!r.success) throw invalidObjectError(kind, displayNameOf(obj), schemaIssues(objectSchema, obj, r.error.issues));
      return r.data as Obj;
    },
    get: (store, name, namespace) => asObj(store.get(k, name, namespace)),
    tryGet: (store, name, namespace) => asObj(store.tryGet(k, name, namespace)) as Obj | undefined,
    list: (store, opts) => store.list(k, opts) as unknown as readonly Obj[],
    watch: (store, opts) => store.watch(k, opts) as unknown as Observable<WatchEvent<Obj>>,
    create: (store, obj) => asObj(store.create(obj as unknown as StoreObject)),
    update: (store, obj) => asObj(store.update(obj as unknown as StoreObject)),
    updateStatus: (store, obj) => asObj(store.updateStatus(obj as unknown as StoreObject)),
    delete: (store, name, opts) => store.delete(k, name, opts) as unknown as DeleteResult<Obj>,
    asStoreObject: (obj) => obj as unknown as StoreObject,
  };
  defined.set(kind, { apiVersion, spec: options.schema, handle });
  return handle;
}
