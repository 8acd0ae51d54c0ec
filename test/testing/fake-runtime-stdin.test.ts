// The FakeRuntime's exec stdin (§Z.1) and terminal (§Z.2): what its programs and its sh do with
// an input that is whole, streamed, or never ends.
import { describe, expect, it } from 'vitest';
import { setup } from './fake-harness.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A stream the test writes to: `write` yields a chunk, `end` is end-of-file. */
function pipe(): { input: AsyncIterable<Uint8Array>; write(text: string): void; end(): void; returned: () => boolean } {
  const queue: (string | null)[] = [];
  let wake: (() => void) | undefined;
  let returned = false;
  const input: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const next = queue.shift() as string | null;
        return next === null ? { done: true, value: undefined } : { done: false, value: enc(next) };
      },
      return: async () => {
        returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  const push = (v: string | null): void => {
    queue.push(v);
    wake?.();
  };
  return { input, write: (t) => push(t), end: () => push(null), returned: () => returned };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function shell() {
  const s = await setup();
  const id = await s.run('shell', ['sleep', 'infinity']);
  return { ...s, id };
}

describe('FakeRuntime exec stdin (§Z.1)', () => {
  it.each<[string, string[], string, string]>([
    ['cat copies stdin', ['cat'], 'a\nb', 'a\nb'],
    ['cat - reads stdin among files', ['sh', '-c', 'echo file > /tmp/f; cat /tmp/f - /tmp/f'], 'in\n', 'file\nin\nfile\n'],
    ['head -n 1 takes the first line', ['head', '-n', '1'], 'one\ntwo\n', 'one\n'],
    ['tail -n 1 takes the last line', ['tail', '-n', '1'], 'one\ntwo\n', 'two\n'],
    ['grep filters stdin', ['grep', 'b'], 'abc\nxyz\nb\n', 'abc\nb\n'],
    ['wc -l counts newlines, bare for one count', ['wc', '-l'], 'a\nb\nc', '2\n'],
    ['wc prints lines, words and bytes in columns of 9', ['wc'], 'hi there\n', '        1         2         9\n'],
    ['wc names files and adds a total', ['sh', '-c', 'printf "a\\n" > /tmp/x; wc -l /tmp/x -'], 'b\nc\n', '1 /tmp/x\n2 -\n3 total\n'],
    ['sh reads its script from stdin', ['sh'], 'echo from-stdin; exit 3', 'from-stdin\n'],
    ['a pipeline gets stdin in its first stage', ['sh', '-c', 'cat | wc -l'], '1\n2\n3\n', '3\n'],
    ['< replaces stdin for one command', ['sh', '-c', 'echo f > /tmp/in; cat < /tmp/in; cat'], 'stdin\n', 'f\nstdin\n'],
    ['while read loops over the lines', ['sh', '-c', 'while read l; do echo "<$l>"; done; echo end'], 'a\nb\n', '<a>\n<b>\nend\n'],
    ['read reads a last line without a newline and returns 1', ['sh', '-c', 'read x; echo "$? $x"'], 'tail', '1 tail\n'],
    ['read without names sets REPLY', ['sh', '-c', 'read; echo "$REPLY"'], 'reply line\n', 'reply line\n'],
    ['read joins a backslash-newline and drops quoting backslashes', ['sh', '-c', 'read x; echo "$x"'], 'a\\\nb\\c\n', 'abc\n'],
    ['read -r keeps backslashes', ['sh', '-c', 'read -r x; echo "$x"'], 'a\\b\n', 'a\\b\n'],
    ['read splits on IFS', ['sh', '-c', 'IFS=:; read a b; echo "$a|$b"'], 'x:y:z\n', 'x|y:z\n'],
  ])('%s', async (_name, command, input, stdout) => {
    const { rt, id } = await shell();
    expect((await rt.exec(id, command, { stdin: input })).stdout).toBe(stdout);
  });

  it('waits for streamed input as a command reads it, and ends at end-of-file', async () => {
    const { rt, id } = await shell();
    const p = pipe();
    let settled = false;
    const result = rt.exec(id, ['sh', '-c', 'read first; echo "first=$first"; cat'], { stdin: p.input }).then((r) => ((settled = true), r));
    p.write('one\n');
    await tick();
    p.write('two\n');
    await tick();
    expect(settled).toBe(false); // cat is still reading
    p.end();
    expect(await result).toMatchObject({ exitCode: 0, stdout: 'first=one\ntwo\n' });
  });

  it('ends the exec when the command exits without reading, and stops reading the input', async () => {
    const { rt, id } = await shell();
    const p = pipe();
    expect(await rt.exec(id, ['echo', 'no input'], { stdin: p.input })).toMatchObject({ exitCode: 0, stdout: 'no input\n' });
    await tick();
    expect(p.returned()).toBe(true);
  });

  it('pulls streamed input only as the command reads it, leaving the rest with the writer (a pipe)', async () => {
    const { rt, id } = await shell();
    let pulled = 0;
    const lines = (n: number): AsyncIterable<Uint8Array> => ({
      [Symbol.asyncIterator]: () => ({
        next: async () => (++pulled > n ? { done: true, value: undefined } : { done: false, value: enc(`line ${pulled}\n`) }),
      }),
    });
    expect((await rt.exec(id, ['sh', '-c', 'read x; echo "$x"'], { stdin: lines(1_000) })).stdout).toBe('line 1\n');
    expect(pulled).toBe(1);
    pulled = 0;
    expect((await rt.exec(id, ['echo', 'ignores stdin'], { stdin: lines(1_000) })).stdout).toBe('ignores stdin\n');
    expect(pulled).toBe(0);
    pulled = 0;
    expect((await rt.exec(id, ['wc', '-l'], { stdin: lines(1_000) })).stdout).toBe('1000\n');
  });

  it('times out a command waiting for stdin that never ends', async () => {
    const { rt, id, clock } = await shell();
    const p = pipe();
    const result = rt.exec(id, ['cat'], { stdin: p.input, timeoutMs: 1_000 });
    p.write('partial\n');
    await tick();
    await clock.advance(1_000);
    expect(await result).toMatchObject({ timedOut: true, stdout: 'partial\n' });
  });

  it('gives a defined program its stdin: whole as ctx.stdin, or streamed through readStdin', async () => {
    const { rt, id } = await shell();
    rt.defineProgram('upper', async (ctx) => {
      const text = ctx.stdin ?? (await ctx.readStdin());
      ctx.stdout(`${ctx.stdin === undefined ? 'streamed' : 'whole'}:${text.toUpperCase()}`);
      return 0;
    });
    expect((await rt.exec(id, ['upper'], { stdin: 'abc' })).stdout).toBe('whole:ABC');
    const p = pipe();
    const streamed = rt.exec(id, ['upper'], { stdin: p.input });
    p.write('de');
    p.write('f');
    p.end();
    expect((await streamed).stdout).toBe('streamed:DEF');
    expect((await rt.exec(id, ['upper'])).stdout).toBe('streamed:');
  });

  it('decodes UTF-8 split across chunks', async () => {
    const { rt, id } = await shell();
    const bytes = enc('é\n');
    async function* split(): AsyncIterable<Uint8Array> {
      yield bytes.subarray(0, 1);
      yield bytes.subarray(1);
    }
    expect((await rt.exec(id, ['cat'], { stdin: split() })).stdout).toBe('é\n');
  });
});

describe('FakeRuntime exec on a terminal (§Z.2)', () => {
  it('joins stderr to stdout and writes CR LF, also for an unknown command in a script', async () => {
    const { rt, id } = await shell();
    const r = await rt.exec(id, ['sh', '-c', 'echo a; nope; echo b >&2'], { tty: true });
    expect(r).toMatchObject({ stdout: 'a\r\nsh: nope: not found\r\nb\r\n', stderr: '' });
    expect(await rt.exec(id, ['sh', '-c', 'echo a; echo b >&2'])).toMatchObject({ stdout: 'a\n', stderr: 'b\n' });
  });

  it('turns input CR into LF and echoes the input (icrnl, echo), without a terminal neither', async () => {
    const { rt, id } = await shell();
    expect(await rt.exec(id, ['sh', '-c', 'read x; echo "[$x]"'], { stdin: 'ab\r', tty: true })).toMatchObject({ stdout: 'ab\r\n[ab]\r\n' });
    expect(await rt.exec(id, ['sh', '-c', 'read x; echo "[$x]"'], { stdin: 'ab\r' })).toMatchObject({ stdout: '[ab\r]\n' });
  });
});
