// The cluster's Events as API objects: every Event its components record (kubelet, scheduler,
// controllers), with a resourceVersion per change so lists and watches work like upstream's
// (`kubectl get events -w`, `kubectl describe`). Read-only: podkit's components are the writers.
import { randomUUID } from 'node:crypto';
import type { Observable, Subscription } from 'rxjs';
import type { KubeEvent } from '../model/index.js';
import { selectorDefinition } from './backends.js';
import { LocalCollection } from './local-collection.js';

/** An Event as the API serves it. */
export type ApiEvent = KubeEvent & {
  readonly metadata: KubeEvent['metadata'] & { readonly creationTimestamp?: string; readonly resourceVersion?: string };
  readonly reportingComponent: string;
  readonly reportingInstance: string;
};

/** At most this many Events are kept (the oldest go first, as DELETED). */
const LIMIT = 10_000;

const field = (get: (e: ApiEvent) => string | undefined) => (o: unknown) => get(o as ApiEvent) ?? '';

/** The field selectors upstream supports on events (pkg/registry/core/event/strategy.go). */
export const EVENT_SELECTOR = selectorDefinition('Event', {
  'involvedObject.kind': field((e) => e.involvedObject.kind),
  'involvedObject.namespace': field((e) => e.involvedObject.namespace),
  'involvedObject.name': field((e) => e.involvedObject.name),
  'involvedObject.uid': field((e) => e.involvedObject.uid),
  'involvedObject.apiVersion': field((e) => e.involvedObject.apiVersion),
  'involvedObject.resourceVersion': () => '',
  'involvedObject.fieldPath': field((e) => e.involvedObject.fieldPath),
  reason: field((e) => e.reason),
  reportingComponent: field((e) => e.reportingComponent),
  source: field((e) => e.source.component),
  type: field((e) => e.type),
});

/** Keeps the API view of a cluster's Events up to date. */
export class EventsView {
  readonly items = new LocalCollection<ApiEvent>(LIMIT);
  readonly #uids = new Map<string, string>();
  readonly #order: string[] = [];
  readonly #sub: Subscription;

  constructor(initial: readonly KubeEvent[], stream: Observable<KubeEvent>) {
    for (const e of initial) this.#put(e);
    this.#sub = stream.subscribe((e) => this.#put(e));
  }

  #put(e: KubeEvent): void {
    const namespace = e.metadata.namespace ?? e.involvedObject.namespace ?? 'default';
    const key = `${namespace}/${e.metadata.name}`;
    let uid = this.#uids.get(key);
    if (uid === undefined) {
      this.#uids.set(key, (uid = e.metadata.uid ?? randomUUID()));
      this.#order.push(key);
      if (this.#order.length > LIMIT) {
        const oldest = this.#order.shift() as string;
        this.#uids.delete(oldest);
        const slash = oldest.indexOf('/');
        this.items.remove(oldest.slice(0, slash), oldest.slice(slash + 1));
      }
    }
    this.items.put({
      ...e,
      metadata: { ...e.metadata, namespace, uid, creationTimestamp: e.firstTimestamp },
      reportingComponent: e.source.component,
      reportingInstance: e.source.host ?? '',
    });
  }

  close(): void {
    this.#sub.unsubscribe();
  }
}
