/** Thrown by `exit` (and fatal errors) to unwind to the shell's top level. */
export class ShellExit {
  constructor(readonly code: number) {}
}

/** Thrown when the process died under the shell: its remaining work is dropped. */
export const DEAD: unique symbol = Symbol('dead');
