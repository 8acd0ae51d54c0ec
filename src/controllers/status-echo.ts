import { objectKey } from '../model/pod-utils.js';
import { deepEqual } from '../store/object-utils.js';
import type { StoreObject } from '../store/object-store.js';

/**
 * Recognises the watch echo of a controller's own status writes, so the controller can skip the
 * sync that echo would trigger: the sync that wrote the status already acted on the same inputs,
 * and every other change (pods, spec) still wakes it. An event counts as an echo when it is the
 * object a write returned, or, while a write is in progress (stores deliver synchronously), when
 * it shows exactly the status being written at the same generation. @internal
 */
export class StatusEchoFilter {
  readonly #written = new WeakSet<object>();
  #writing: { readonly key: string; readonly generation: number | undefined; readonly status: unknown } | undefined;

  /** Runs `write` (which writes `status` to `obj`'s status and returns the stored object). */
  write<T extends StoreObject>(obj: StoreObject, status: unknown, write: () => T): T {
    this.#writing = { key: objectKey(obj), generation: obj.metadata.generation, status };
    try {
      const stored = write();
      this.#written.add(stored);
      return stored;
    } finally {
      this.#writing = undefined;
    }
  }

  /** True for a Modified event that is the echo of a write made through {@link write}. */
  isEcho(event: { readonly type: string; readonly object: StoreObject }): boolean {
    if (event.type !== 'Modified') return false;
    const obj = event.object;
    if (this.#written.has(obj)) return true;
    const w = this.#writing;
    return w !== undefined && w.key === objectKey(obj) && w.generation === obj.metadata.generation && deepEqual((obj as { status?: unknown }).status ?? {}, w.status ?? {});
  }
}
