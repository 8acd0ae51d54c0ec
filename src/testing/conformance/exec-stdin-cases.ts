import { expect, it } from 'vitest';
import type { Harness } from './harness.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Chunks yielded one at a time, each after a turn of the event loop; the end is end-of-file. */
async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    yield bytes(part);
  }
}

/** Input typed by the test while the command runs: `type` queues a chunk; it never ends by itself. */
function keyboard(): { readonly input: AsyncIterable<Uint8Array>; type(text: string): void } {
  const queue: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  const input: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        return { done: false, value: queue.shift() as Uint8Array };
      },
      return: () => Promise.resolve({ done: true, value: undefined }),
    }),
  };
  return {
    input,
    type: (text) => {
      queue.push(bytes(text));
      wake?.();
    },
  };
}

/** An input that never ends (a terminal nobody types into). */
function neverEnding(): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => undefined), return: () => Promise.resolve({ done: true, value: undefined }) }) };
}

/** Exec with stdin (whole or streamed, end-of-file at its end) and with a terminal (`tty`). */
export function execStdinCases(h: () => Harness, timeout: number): void {
  it('feeds exec stdin to the command, whose end is end-of-file (cat, wc -l)', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'stdin', ['sleep', '3600']);
    expect(await t.rt.exec(id, ['cat'], { stdin: 'hi\n' })).toMatchObject({ exitCode: 0, stdout: 'hi\n', stderr: '' });
    expect(await t.rt.exec(id, ['wc', '-l'], { stdin: bytes('a\nb\n') })).toMatchObject({ exitCode: 0, stdout: '2\n' });
    expect(await t.rt.exec(id, ['cat'], { stdin: chunks('stre', 'amed\n', 'end') })).toMatchObject({ exitCode: 0, stdout: 'streamed\nend' });
  }, timeout);

  it('shares one stdin between the commands of a shell: read takes a line, cat the rest', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'read', ['sleep', '3600']);
    const r = await t.rt.exec(id, ['sh', '-c', 'read x; echo "got $x"; cat'], { stdin: chunks('first line\n', 'second\nthird\n') });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'got first line\nsecond\nthird\n' });
    const fields = await t.rt.exec(id, ['sh', '-c', 'read a b; echo "[$a] [$b]"; read c || echo "eof $?"'], { stdin: '  one two three  \n' });
    expect(fields.stdout).toBe('[one] [two three]\neof 1\n');
  }, timeout);

  it('gives a command without exec stdin an empty one, and does not wait for stdin a command never reads', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'nostdin', ['sleep', '3600']);
    expect(await t.rt.exec(id, ['cat'])).toMatchObject({ exitCode: 0, stdout: '' });
    expect(await t.rt.exec(id, ['echo', 'done'], { stdin: neverEnding() })).toMatchObject({ exitCode: 0, stdout: 'done\n' });
  }, timeout);

  it('rejects a stdin that is not a string, bytes or an async iterable with invalid_argument naming stdin', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'badstdin', ['sleep', '3600']);
    for (const stdin of [42, null, ['a'], { text: 'a' }]) {
      await expect(t.rt.exec(id, ['cat'], { stdin: stdin as never })).rejects.toMatchObject({ code: 'invalid_argument', details: { field: 'stdin' } });
    }
  }, timeout);

  it('relays output as the command writes it, so input can answer it (onOutput)', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'dialog', ['sleep', '3600']);
    const keys = keyboard();
    const seen: string[] = [];
    const onOutput = (stream: 'stdout' | 'stderr', chunk: Uint8Array): void => {
      seen.push(`${stream}:${new TextDecoder().decode(chunk)}`);
      // Answer the question only once it has been asked: the command is still running.
      if (seen.join('') === 'stdout:name?\n') keys.type('podkit\n');
    };
    const r = await t.rt.exec(id, ['sh', '-c', 'echo name?; read n; echo "hello $n" >&2'], { stdin: keys.input, onOutput });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'name?\n', stderr: 'hello podkit\n' });
    expect(seen.join('')).toBe('stdout:name?\nstderr:hello podkit\n');
  }, timeout);

  it('runs an exec on a terminal: stderr joins stdout and newlines become CR LF', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'tty', ['sleep', '3600']);
    const r = await t.rt.exec(id, ['sh', '-c', 'echo out; echo err >&2; exit 2'], { tty: true });
    expect(r).toMatchObject({ exitCode: 2, stdout: 'out\r\nerr\r\n', stderr: '' });
  }, timeout);

  it('processes terminal input: Enter (CR) ends a line, and typed input is echoed', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'tty-in', ['sleep', '3600']);
    const keys = keyboard();
    let shown = '';
    const onOutput = (_stream: 'stdout' | 'stderr', chunk: Uint8Array): void => {
      shown += new TextDecoder().decode(chunk);
      if (shown === 'name? ') keys.type('abc\r');
    };
    const r = await t.rt.exec(id, ['sh', '-c', 'printf "name? "; read x; echo "got $x"'], { tty: true, stdin: keys.input, onOutput });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'name? abc\r\ngot abc\r\n' });
  }, timeout);
}
