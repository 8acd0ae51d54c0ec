import type { FakeProcess } from './process.js';
import type { FakeHttpHandler } from './types.js';

/** A program serving a port in a sandbox. */
export interface Listener {
  readonly proc: FakeProcess;
  readonly containerName: string;
  readonly image: string;
  readonly http: FakeHttpHandler | undefined;
}

/** The ports served in one sandbox's network namespace (shared by its containers). */
export class SandboxNet {
  #ports: Map<number, Listener> | undefined;

  listen(port: number, listener: Listener): boolean {
    const ports = (this.#ports ??= new Map());
    if (ports.has(port)) return false;
    ports.set(port, listener);
    return true;
  }

  unlisten(port: number, proc: FakeProcess): void {
    if (this.#ports?.get(port)?.proc === proc) this.#ports.delete(port);
  }

  /** Frees every port a process served (it exited). */
  release(proc: FakeProcess): void {
    if (this.#ports === undefined) return;
    for (const [port, l] of this.#ports) if (l.proc === proc) this.#ports.delete(port);
  }

  get(port: number): Listener | undefined {
    return this.#ports?.get(port);
  }

  clear(): void {
    this.#ports = undefined;
  }
}

/** Pod IPs in order: 10.244.0.2 … 10.244.0.254, 10.244.1.2, …, then 10.245.0.2 (deterministic). */
export class IpPool {
  #n = 0;

  next(): string {
    const host = (this.#n % 253) + 2;
    const block = Math.floor(this.#n / 253);
    this.#n++;
    return `10.${244 + (block >> 8)}.${block & 255}.${host}`;
  }
}
