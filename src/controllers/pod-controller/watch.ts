/** The PodController's cold watch streams over its pods. */
import { Observable } from 'rxjs';
import type { Pod } from '../../model/index.js';

/** `namespace/name` for a name (which may already be `namespace/name`). */
export function keyOf(name: string, namespace: string | undefined): string {
  return name.includes('/') ? name : `${namespace ?? 'default'}/${name}`;
}

/**
 * A cold stream: the current snapshots, then every change of the pod `key` (or of every pod);
 * a single-pod stream completes when `removed` names it; every stream completes with `changes`.
 */
export function watchPods(key: string | undefined, current: () => Pod[], changes: Observable<Pod>, removed: Observable<string>): Observable<Pod> {
  return new Observable<Pod>((sub) => {
    for (const pod of current()) sub.next(pod);
    const changeSub = changes.subscribe({
      next: (pod) => {
        if (key === undefined || keyOf(pod.metadata.name ?? '', pod.metadata.namespace) === key) sub.next(pod);
      },
      complete: () => sub.complete(),
    });
    const removedSub = key === undefined ? undefined : removed.subscribe((k) => k === key && sub.complete());
    return () => {
      changeSub.unsubscribe();
      removedSub?.unsubscribe();
    };
  });
}
