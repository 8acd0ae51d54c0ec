import type { Subscriber } from 'rxjs';
import type { Clock } from '../../clock/clock.js';
import type { LogLine } from '../../runtime/container-runtime.js';

/**
 * A container's log: complete lines with their (clock) time and stream, at most `max` kept.
 * A partial line (no newline yet) is emitted when the container exits.
 */
export class LogStore {
  lines: LogLine[] = [];
  #out = '';
  #err = '';
  #followers: Set<Subscriber<LogLine>> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly max: number,
  ) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    let buf = (stream === 'stdout' ? this.#out : this.#err) + text;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      this.#push({ time: this.clock.now(), stream, text: buf.slice(0, nl) });
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
    if (stream === 'stdout') this.#out = buf;
    else this.#err = buf;
  }

  #push(line: LogLine): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines = this.lines.slice(this.lines.length - Math.floor(this.max * 0.9));
    if (this.#followers !== undefined) for (const f of this.#followers) f.next(line);
  }

  /** Emits partial lines and completes every follower (the container exited). */
  close(): void {
    if (this.#out !== '') this.#push({ time: this.clock.now(), stream: 'stdout', text: this.#out });
    if (this.#err !== '') this.#push({ time: this.clock.now(), stream: 'stderr', text: this.#err });
    this.#out = '';
    this.#err = '';
    const followers = this.#followers;
    this.#followers = undefined;
    if (followers !== undefined) for (const f of followers) f.complete();
  }

  follow(sub: Subscriber<LogLine>): () => void {
    (this.#followers ??= new Set()).add(sub);
    return () => this.#followers?.delete(sub);
  }
}
