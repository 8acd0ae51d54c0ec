import type { Controller, ControllerEnvironment } from '../controller.js';

/** Hooks run around a controller's start and stop. */
export interface LifecycleHooks {
  /** Runs just before the controller starts (reset per-run state, capture the environment). */
  readonly start?: (env: ControllerEnvironment) => void;
  /** Runs just before the controller stops (cancel the hook's own timers). */
  readonly stop?: () => void;
}

/** The same controller with lifecycle hooks; everything else is delegated unchanged. */
export function withLifecycleHooks(controller: Controller, hooks: LifecycleHooks): Controller {
  return {
    name: controller.name,
    get idle() {
      return controller.idle;
    },
    get errorCount() {
      return controller.errorCount;
    },
    enqueue: (request) => controller.enqueue(request),
    start(env) {
      hooks.start?.(env);
      controller.start(env);
    },
    stop() {
      hooks.stop?.();
      return controller.stop();
    },
  };
}
