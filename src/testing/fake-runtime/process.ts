import type { Clock, TimerHandle } from '../../clock/clock.js';

const SIGNALS: ReadonlyMap<string, number> = new Map([
  ['HUP', 1], ['INT', 2], ['QUIT', 3], ['ILL', 4], ['TRAP', 5], ['ABRT', 6], ['BUS', 7], ['FPE', 8],
  ['KILL', 9], ['USR1', 10], ['SEGV', 11], ['USR2', 12], ['PIPE', 13], ['ALRM', 14], ['TERM', 15],
  ['CHLD', 17], ['CONT', 18], ['STOP', 19], ['TSTP', 20], ['URG', 23], ['WINCH', 28],
]);
/** Signals whose default action is to do nothing (or that the fake cannot model: stop/continue). */
const HARMLESS_BY_DEFAULT = new Set([17, 18, 19, 20, 23, 28]);

/** The number of a signal written as `SIGTERM`, `TERM`, `term` or `15`; undefined if unknown. */
export function signalNumber(s: string | number): number | undefined {
  if (typeof s === 'number') return Number.isInteger(s) && s > 0 && s < 65 ? s : undefined;
  if (/^\d+$/.test(s)) return signalNumber(Number(s));
  const name = s.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.get(name);
}

/** The short name of a signal number (`TERM`), or the number as text. */
export function signalName(n: number): string {
  for (const [name, num] of SIGNALS) if (num === n) return name;
  return String(n);
}

/** How a process ended. */
export interface ExitStatus {
  readonly code: number;
  readonly signal?: number;
  readonly oom?: boolean;
}

/** Receives the end of a process (the container for its main process). */
export interface ProcessOwner {
  readonly clock: Clock;
  processExited(proc: FakeProcess, status: ExitStatus): void;
}

const NEVER: Promise<void> = new Promise(() => {});

/**
 * A fake process: the unit that sleeps, receives signals and dies. Killing it cancels its sleeps,
 * whose promises then never resolve, so the program's remaining code is simply dropped.
 *
 * Signal dispositions: a program may install `handler` (the shell does for `trap`, programs via
 * `onSignal`). Without one, the default applies: SIGKILL always kills; other signals kill with
 * exit code 128+N — except for PID 1 of a container without an init process, which the kernel
 * does not deliver default-action signals to (so `sleep 3600` as PID 1 ignores SIGTERM and is
 * killed at the end of the grace period, exactly as on Docker).
 */
export class FakeProcess {
  #exited = false;
  #timer: TimerHandle | undefined;
  #timers: Set<TimerHandle> | undefined;
  /** Takes a signal; returns true if the program handled it (or ignores it on purpose). */
  handler: ((signal: number) => boolean) | undefined;
  /** Memory the process holds, in bytes (for OOM accounting). */
  memoryBytes = 0;

  constructor(
    readonly owner: ProcessOwner,
    /** True for a container's main process when no init process shields it. */
    readonly shieldedPid1: boolean,
  ) {}

  get exited(): boolean {
    return this.#exited;
  }

  /** Resolves after `ms` of the owner's clock; never resolves if the process dies first (or `ms` is infinite). */
  sleep(ms: number): Promise<void> {
    if (this.#exited || !Number.isFinite(ms)) return NEVER;
    return new Promise((resolve) => {
      const handle: TimerHandle = this.owner.clock.setTimeout(() => {
        this.#forget(handle);
        resolve();
      }, ms);
      if (this.#timer === undefined) this.#timer = handle;
      else (this.#timers ??= new Set()).add(handle);
    });
  }

  #forget(handle: TimerHandle): void {
    if (this.#timer === handle) this.#timer = undefined;
    else this.#timers?.delete(handle);
  }

  /** Delivers a signal with its disposition (see the class comment). */
  signal(sig: number): void {
    if (this.#exited) return;
    if (sig === 9) return this.die({ code: 137, signal: 9 });
    if (this.handler?.(sig) === true) return;
    if (this.shieldedPid1 || HARMLESS_BY_DEFAULT.has(sig)) return;
    this.die({ code: 128 + sig, signal: sig });
  }

  /** Ends the process (idempotent): cancels its sleeps and tells the owner. */
  die(status: ExitStatus): void {
    if (this.#exited) return;
    this.#exited = true;
    const clock = this.owner.clock;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    if (this.#timers !== undefined) for (const t of this.#timers) clock.clearTimeout(t);
    this.#timer = undefined;
    this.#timers = undefined;
    this.handler = undefined;
    this.owner.processExited(this, status);
  }
}
