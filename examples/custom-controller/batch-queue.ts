/**
 * A custom kind and its controller: a `BatchQueue` keeps up to `spec.workers` worker pods
 * running, one per work item, until every item of `spec.items` is done. A pod that succeeds
 * marks its item done; a pod that fails is deleted and its item runs again. When the list is
 * drained the queue gets the condition `Complete=True`.
 *
 * The controller is written with the same public API as podkit's built-in ReplicaSet, Job and
 * DaemonSet controllers: `defineKind`, `createController`, `setOwner`, `setCondition`.
 */
import { z } from 'zod';
import { createController, defineKind, setCondition, setOwner, type Controller, type Pod, type ReconcileContext, type Request } from 'podkit';

/** The annotation naming the work item a worker pod processes. */
export const ITEM_ANNOTATION = 'example.podkit.dev/item';

/** The BatchQueue custom resource: spec and status are zod schemas. */
export const BatchQueue = defineKind({
  apiVersion: 'example.podkit.dev/v1',
  kind: 'BatchQueue',
  schema: z.object({
    /** How many worker pods may run at once. */
    workers: z.number().int().min(0),
    /** The work list; each item is processed by one pod. */
    items: z.array(z.string().min(1)),
    /** How long one item takes (the worker sleeps that long). */
    secondsPerItem: z.number().int().min(0).default(10),
    image: z.string().default('busybox:1.36'),
  }),
  statusSchema: z.object({
    done: z.array(z.string()).default([]),
    active: z.number().int().default(0),
    failures: z.number().int().default(0),
    conditions: z
      .array(z.object({ type: z.string(), status: z.enum(['True', 'False', 'Unknown']), reason: z.string().optional(), message: z.string().optional(), lastTransitionTime: z.string().optional() }))
      .optional(),
  }),
});

/** A BatchQueue object. */
export type BatchQueueObject = ReturnType<typeof BatchQueue.get>;
type QueueStatus = NonNullable<BatchQueueObject['status']>;

const isTerminating = (p: Pod): boolean => p.metadata.deletionTimestamp !== undefined;

function workerPod(queue: BatchQueueObject, item: string): Pod {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${queue.metadata.name ?? 'queue'}-`,
      namespace: queue.metadata.namespace,
      labels: { 'example.podkit.dev/queue': queue.metadata.name ?? '' },
      annotations: { [ITEM_ANNOTATION]: item },
    },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'worker', image: queue.spec.image, command: ['sh', '-c', `echo processing ${item}; sleep ${queue.spec.secondsPerItem}`] }],
    },
  };
  return setOwner(BatchQueue.asStoreObject(queue), pod);
}

/**
 * One level-based reconcile of a BatchQueue: reads the queue and its pods, records finished
 * items in the status first (so no result is lost if a later write fails), then deletes finished
 * pods and starts pods for pending items up to `workers`.
 */
export function reconcileBatchQueue({ name, namespace }: Request, ctx: ReconcileContext): void {
  const queue = BatchQueue.tryGet(ctx.client, name, namespace);
  if (queue === undefined || queue.metadata.deletionTimestamp !== undefined) return;
  const pods = ctx.client.list('Pod', { namespace }).filter((p) => p.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === queue.metadata.uid));
  const itemOf = (p: Pod): string => p.metadata.annotations?.[ITEM_ANNOTATION] ?? '';

  const done = new Set(queue.status?.done ?? []);
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded');
  const failed = pods.filter((p) => p.status?.phase === 'Failed' && !isTerminating(p));
  for (const p of succeeded) done.add(itemOf(p));
  const active = pods.filter((p) => !isTerminating(p) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const running = new Set(active.map(itemOf));
  const pending = queue.spec.items.filter((i) => !done.has(i) && !running.has(i));
  const toStart = pending.slice(0, Math.max(0, queue.spec.workers - active.length));

  // 1. Status first: the done list is the only record of finished work.
  const complete = queue.spec.items.every((i) => done.has(i));
  const status: QueueStatus = {
    done: queue.spec.items.filter((i) => done.has(i)),
    active: active.length + toStart.length,
    failures: (queue.status?.failures ?? 0) + failed.length,
    conditions: setCondition(queue.status?.conditions, complete ? { type: 'Complete', status: 'True', reason: 'Drained' } : { type: 'Complete', status: 'False', reason: 'Processing', message: `${pending.length + active.length} item(s) left` }, ctx.now()),
  };
  if (JSON.stringify(status) !== JSON.stringify(queue.status)) {
    BatchQueue.updateStatus(ctx.client, { ...queue, status });
    if (complete && queue.status?.conditions?.find((c) => c.type === 'Complete')?.status !== 'True') {
      ctx.event(BatchQueue.asStoreObject(queue), 'Normal', 'Drained', `All ${queue.spec.items.length} items are done`);
    }
  }
  // 2. Finished pods go away (their items are recorded); failed items run again.
  for (const p of [...succeeded.filter((p) => !isTerminating(p)), ...failed]) {
    ctx.client.delete('Pod', p.metadata.name ?? '', { namespace, gracePeriodSeconds: 0 });
    if (p.status?.phase === 'Failed') ctx.event(BatchQueue.asStoreObject(queue), 'Warning', 'ItemFailed', `Item ${itemOf(p)} failed in pod ${p.metadata.name ?? ''}; retrying`);
  }
  // 3. Start workers for pending items.
  for (const item of toStart) {
    const pod = ctx.client.create(workerPod(queue, item));
    ctx.event(BatchQueue.asStoreObject(queue), 'Normal', 'SuccessfulCreate', `Created pod ${pod.metadata.name ?? ''} for item ${item}`);
  }
}

/** The BatchQueue controller: reconciles queues, and owns their pods (a pod change wakes its queue). */
export function createBatchQueueController(): Controller {
  return createController({ name: 'batchqueue-controller', for: BatchQueue.storeKind, owns: ['Pod'], reconcile: reconcileBatchQueue });
}
