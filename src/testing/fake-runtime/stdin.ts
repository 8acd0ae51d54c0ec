import type { ExecInput } from '../../runtime/container-runtime.js';

/**
 * The stdin of a fake command: text that arrives over time and then ends (end-of-file). Every
 * reader shares one read position, as the processes of a shell sharing one file descriptor do:
 * `read x; cat` gives `x` the first line and `cat` the rest. Reads answer synchronously when the
 * text is already there (so a pipeline stage or `<` input keeps a command synchronous) and wait
 * otherwise; a read of a process that is killed meanwhile simply never resolves.
 */
export class FakeStdin {
  #text = '';
  #ended = false;
  #waiters: (() => void)[] = [];
  /** Asks a streamed source for more (a reader is waiting). */
  #demand: (() => void) | undefined;

  /** An input that holds `text` and has ended (a pipe's buffered output, a `<` file). */
  static of(text: string): FakeStdin {
    const input = new FakeStdin();
    input.push(text);
    input.end();
    return input;
  }

  /**
   * The stdin of an exec: a string or bytes are the whole input; an async iterable is pulled a
   * chunk at a time when a reader waits (as a pipe's bounded buffer does: input nobody reads
   * stays with its writer, which feels back-pressure), or at once when `eager` (a terminal, which
   * echoes what is typed whether or not it is read). Each piece is passed `through` (a
   * terminal's input processing). `stop()` stops reading it (the exec'd process has exited).
   */
  static fromExec(source: ExecInput, options: { readonly through?: (text: string) => string; readonly eager?: boolean } = {}): { readonly input: FakeStdin; stop(): void } {
    const through = options.through ?? ((text: string) => text);
    if (typeof source === 'string') return { input: FakeStdin.of(through(source)), stop: () => undefined };
    if (source instanceof Uint8Array) return { input: FakeStdin.of(through(new TextDecoder().decode(source))), stop: () => undefined };
    const input = new FakeStdin();
    const iterator = source[Symbol.asyncIterator]();
    let stopped = false;
    let pulling = false;
    const decoder = new TextDecoder();
    const pull = (): void => {
      if (pulling || stopped || input.#ended) return;
      pulling = true;
      iterator.next().then(
        (next) => {
          pulling = false;
          if (stopped) return;
          if (next.done === true) {
            input.push(through(decoder.decode()));
            input.end();
            return;
          }
          input.push(through(decoder.decode(next.value, { stream: true })));
          input.#wake(); // also when the chunk decoded to nothing yet: the readers ask again
          if (options.eager === true) pull();
        },
        () => {
          // A failing source ends the input, as a broken pipe's reader sees end-of-file.
          pulling = false;
          input.end();
        },
      );
    };
    input.#demand = pull;
    if (options.eager === true) pull();
    return {
      input,
      stop: () => {
        if (stopped) return;
        stopped = true;
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
      },
    };
  }

  /** True once end-of-file has been reached by the writer (buffered text may remain). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Appends text (ignored after the end). */
  push(text: string): void {
    if (this.#ended || text === '') return;
    this.#text += text;
    this.#wake();
  }

  /** Marks end-of-file. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#wake();
  }

  /** The text not yet read, without reading it (only meaningful once {@link ended}). */
  peek(): string {
    return this.#text;
  }

  /** What has arrived and not been read (waits for some); undefined at end-of-file. */
  read(): string | undefined | Promise<string | undefined> {
    if (this.#text !== '') {
      const text = this.#text;
      this.#text = '';
      return text;
    }
    if (this.#ended) return undefined;
    return this.#until(() => this.#ended || this.#text !== '').then(() => this.read());
  }

  /** Everything from the read position to end-of-file (waits for the end). */
  readAll(): string | Promise<string> {
    if (this.#ended) {
      const text = this.#text;
      this.#text = '';
      return text;
    }
    return this.#until(() => this.#ended).then(() => this.readAll());
  }

  /** The next line with its `\n` (or a last line without one); undefined at end-of-file. */
  readLine(): string | undefined | Promise<string | undefined> {
    const nl = this.#text.indexOf('\n');
    if (nl >= 0) {
      const line = this.#text.slice(0, nl + 1);
      this.#text = this.#text.slice(nl + 1);
      return line;
    }
    if (this.#ended) {
      if (this.#text === '') return undefined;
      const rest = this.#text;
      this.#text = '';
      return rest;
    }
    return this.#until(() => this.#ended || this.#text.includes('\n')).then(() => this.readLine());
  }

  #until(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (ready()) resolve();
        else {
          this.#waiters.push(check);
          this.#demand?.();
        }
      };
      check();
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}

/** `v` passed to `f`, synchronously when `v` is not a promise. */
export function andThen<T, R>(v: T | Promise<T>, f: (value: T) => R | Promise<R>): R | Promise<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}
