import type { Command, CommandContext } from '../command.js';
import { FakeDir, FakeFile, fsErrorText, type FsError } from '../fake-fs.js';
import { andThen } from '../stdin.js';

function fail(ctx: CommandContext, text: string): void {
  ctx.io.err.write(`${text}\n`);
}

/** The operands after flags (`-x`, `-xyz`), and the flags seen. */
function parseFlags(argv: readonly string[]): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let done = false;
  for (const a of argv.slice(1)) {
    if (!done && a === '--') done = true;
    else if (!done && /^-[A-Za-z]+$/.test(a)) for (const f of a.slice(1)) flags.add(f);
    else operands.push(a);
  }
  return { flags, operands };
}

/** The text of a file operand (`-` is stdin, read to end-of-file); undefined after reporting an error. */
function readInput(ctx: CommandContext, prog: string, path: string): string | undefined | Promise<string> {
  if (path === '-') return ctx.io.stdin?.readAll() ?? '';
  if (path === '/dev/null' || path === '/dev/zero') return '';
  const content = ctx.host.fs.readFile(path, ctx.cwd);
  if (content === 'ENOENT' || content === 'EISDIR' || content === 'ENOTDIR') {
    fail(ctx, content === 'EISDIR' ? `${prog}: read error: Is a directory` : `${prog}: can't open '${path}': ${fsErrorText(content)}`);
    return undefined;
  }
  return content;
}

/**
 * Reads the operands in order, giving each text to `each`; true if every one could be read.
 * Synchronous unless a read waits (stdin still open).
 */
function readInputs(ctx: CommandContext, prog: string, paths: readonly string[], each: (text: string, path: string) => void, from = 0, ok = true): boolean | Promise<boolean> {
  for (let k = from; k < paths.length; k++) {
    const path = paths[k] as string;
    const text = readInput(ctx, prog, path);
    if (text instanceof Promise) {
      return text.then((t) => {
        each(t, path);
        return readInputs(ctx, prog, paths, each, k + 1, ok);
      });
    }
    if (text === undefined) ok = false;
    else each(text, path);
  }
  return ok;
}

/** Copies stdin to stdout as it arrives (cat does not wait for end-of-file to write). */
function copyStdin(ctx: CommandContext): void | Promise<void> {
  const stdin = ctx.io.stdin;
  if (stdin === undefined) return;
  for (;;) {
    const chunk = stdin.read();
    if (chunk instanceof Promise) {
      return chunk.then((c) => {
        if (c === undefined) return;
        ctx.io.out.write(c);
        return copyStdin(ctx);
      });
    }
    if (chunk === undefined) return;
    ctx.io.out.write(chunk);
  }
}

const cat: Command = (ctx, argv) => {
  const { operands } = parseFlags(argv);
  const paths = operands.length === 0 ? ['-'] : operands;
  const from = (k: number, ok: boolean): number | Promise<number> => {
    for (; k < paths.length; k++) {
      if (paths[k] === '-') {
        const copied = copyStdin(ctx);
        if (copied instanceof Promise) return copied.then(() => from(k + 1, ok));
        continue;
      }
      const text = readInput(ctx, 'cat', paths[k] as string) as string | undefined; // a file: synchronous
      if (text === undefined) ok = false;
      else ctx.io.out.write(text);
    }
    return ok ? 0 : 1;
  };
  return from(0, true);
};

/** busybox `wc [-lwcmL] [FILE...]`: one count alone is printed bare, several in columns of 9. */
const wc: Command = (ctx, argv) => {
  const { flags, operands } = parseFlags(argv);
  const order = ['l', 'w', 'c', 'm', 'L'].filter((f) => flags.has(f));
  const columns = order.length === 0 ? ['l', 'w', 'c'] : order;
  const counts = (text: string): Record<string, number> => ({
    l: text.split('\n').length - 1,
    w: text.split(/\s+/).filter((w) => w !== '').length,
    c: Buffer.byteLength(text, 'utf8'),
    m: [...text].length,
    L: Math.max(0, ...text.split('\n').map((l) => [...l].length)),
  });
  const rows: { name: string | undefined; n: Record<string, number> }[] = [];
  const files = operands.length === 0 ? ['-'] : operands;
  return andThen(
    readInputs(ctx, 'wc', files, (text, path) => rows.push({ name: operands.length === 0 ? undefined : path, n: counts(text) })),
    (ok) => {
      if (rows.length > 1) {
        const total: Record<string, number> = {};
        for (const c of columns) total[c] = c === 'L' ? Math.max(...rows.map((r) => r.n[c] as number)) : rows.reduce((sum, r) => sum + (r.n[c] as number), 0);
        rows.push({ name: 'total', n: total });
      }
      for (const row of rows) {
        const cells = columns.map((c, k) => (columns.length === 1 ? String(row.n[c]) : `${k === 0 ? '' : ' '}${String(row.n[c]).padStart(9)}`));
        ctx.io.out.write(`${cells.join('')}${row.name === undefined ? '' : ` ${row.name}`}\n`);
      }
      return ok ? 0 : 1;
    },
  );
};

const touch: Command = (ctx, argv) => {
  let status = 0;
  for (const path of parseFlags(argv).operands) {
    if (ctx.host.fs.stat(path, ctx.cwd) !== undefined) continue;
    const error = ctx.host.fs.writeFile(path, '', true, ctx.cwd);
    if (error !== undefined) {
      fail(ctx, `touch: ${path}: ${fsErrorText(error)}`);
      status = 1;
    }
  }
  return status;
};

const rm: Command = (ctx, argv) => {
  const { flags, operands } = parseFlags(argv);
  const force = flags.has('f');
  let status = 0;
  for (const path of operands) {
    const error: FsError | undefined = ctx.host.fs.remove(path, flags.has('r') || flags.has('R'), ctx.cwd);
    if (error === undefined || (error === 'ENOENT' && force)) continue;
    fail(ctx, error === 'EISDIR' ? `rm: '${path}' is a directory` : `rm: can't remove '${path}': ${fsErrorText(error)}`);
    status = 1;
  }
  return status;
};

const mkdir: Command = (ctx, argv) => {
  const { flags, operands } = parseFlags(argv);
  let status = 0;
  for (const path of operands) {
    const error = ctx.host.fs.mkdir(path, flags.has('p'), ctx.cwd);
    if (error !== undefined) {
      fail(ctx, `mkdir: can't create directory '${path}': ${fsErrorText(error)}`);
      status = 1;
    }
  }
  return status;
};

const ls: Command = (ctx, argv) => {
  const { flags, operands } = parseFlags(argv);
  let status = 0;
  for (const path of operands.length === 0 ? ['.'] : operands) {
    const node = ctx.host.fs.stat(path, ctx.cwd);
    if (node === undefined) {
      fail(ctx, `ls: ${path}: No such file or directory`);
      status = 1;
    } else if (node instanceof FakeFile) ctx.io.out.write(`${path}\n`);
    else {
      const names = [...node.entries.keys()].filter((n) => flags.has('a') || !n.startsWith('.')).sort();
      ctx.io.out.write(names.map((n) => `${n}\n`).join(''));
    }
  }
  return status;
};

/** Evaluates a `test` expression (recursive descent over -o, -a, !, parentheses and primaries). */
function evaluate(ctx: CommandContext, args: readonly string[]): boolean | string {
  let i = 0;
  const fs = ctx.host.fs;
  const unary = (op: string, v: string): boolean => {
    const node = fs.stat(v, ctx.cwd);
    switch (op) {
      case '-n': return v !== '';
      case '-z': return v === '';
      case '-e': return node !== undefined;
      case '-f': return node instanceof FakeFile;
      case '-d': return node instanceof FakeDir;
      case '-s': return node instanceof FakeFile && node.content !== '';
      default: return node !== undefined; // -r -w -x -h -L: no permissions in the fake
    }
  };
  const binary = (a: string, op: string, b: string): boolean | string => {
    if (op === '=' || op === '==') return a === b;
    if (op === '!=') return a !== b;
    const x = Number(a);
    const y = Number(b);
    if (!/^\s*-?\d+\s*$/.test(a)) return `${a}: invalid number`;
    if (!/^\s*-?\d+\s*$/.test(b)) return `${b}: invalid number`;
    return { '-eq': x === y, '-ne': x !== y, '-lt': x < y, '-le': x <= y, '-gt': x > y, '-ge': x >= y }[op] ?? `${op}: unknown operand`;
  };
  const primary = (): boolean | string => {
    const a = args[i];
    if (a === undefined) return 'argument expected';
    if (a === '!' && i + 1 < args.length) {
      i++;
      const v = primary();
      return typeof v === 'string' ? v : !v;
    }
    if (a === '(') {
      i++;
      const v = or();
      if (args[i++] !== ')') return 'missing )';
      return v;
    }
    const op = args[i + 1];
    if (op !== undefined && /^(=|==|!=|-eq|-ne|-lt|-le|-gt|-ge)$/.test(op) && args[i + 2] !== undefined) {
      i += 3;
      return binary(a, op, args[i - 1] as string);
    }
    if (/^-[nzefdsrwxhL]$/.test(a) && op !== undefined) {
      i += 2;
      return unary(a, op);
    }
    i++;
    return a !== '';
  };
  const and = (): boolean | string => {
    let v = primary();
    while (args[i] === '-a') {
      i++;
      const w = primary();
      if (typeof v === 'string' || typeof w === 'string') return typeof v === 'string' ? v : w;
      v = v && w;
    }
    return v;
  };
  const or = (): boolean | string => {
    let v = and();
    while (args[i] === '-o') {
      i++;
      const w = and();
      if (typeof v === 'string' || typeof w === 'string') return typeof v === 'string' ? v : w;
      v = v || w;
    }
    return v;
  };
  if (args.length === 0) return false;
  const result = or();
  return i < args.length && typeof result !== 'string' ? `${args[i]}: unexpected operator` : result;
}

const test: Command = (ctx, argv) => {
  let args = argv.slice(1);
  if (argv[0] === '[') {
    if (args.at(-1) !== ']') {
      fail(ctx, '[: missing ]');
      return 2;
    }
    args = args.slice(0, -1);
  }
  const result = evaluate(ctx, args);
  if (typeof result === 'string') {
    fail(ctx, `${argv[0] === '[' ? '[' : 'test'}: ${result}`);
    return 2;
  }
  return result ? 0 : 1;
};

/** The last or first `n` lines of a text. */
function lines(text: string, n: number, last: boolean): string {
  const all = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (text === '') return '';
  const picked = last ? all.slice(Math.max(0, all.length - n)) : all.slice(0, n);
  return picked.map((l) => `${l}\n`).join('');
}

function countOption(argv: readonly string[]): { n: number; rest: string[] } {
  const rest: string[] = [];
  let n = 10;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (a === '-n') n = Number(argv[++k] ?? 10);
    else if (/^-n\d+$/.test(a) || /^-\d+$/.test(a)) n = Number(a.replace(/^-n?/, ''));
    else rest.push(a);
  }
  return { n, rest };
}

/**
 * `tail [-n N] [-f] [FILE]`. `tail -f /dev/null` blocks until killed; `tail /dev/zero` keeps
 * allocating memory (a busybox-compatible way to hit a memory limit).
 */
const tail: Command = async (ctx, argv) => {
  const { n, rest } = countOption(argv);
  const follow = rest.includes('-f') || rest.includes('-F');
  const files = rest.filter((a) => !a.startsWith('-') || a === '-');
  if (files.includes('/dev/zero')) {
    const chunk = 64 * 1024 * 1024;
    for (;;) {
      await ctx.proc.sleep(64); // about 1 GiB/s
      ctx.host.allocate(ctx.proc, chunk);
    }
  }
  const ok = await readInputs(ctx, 'tail', files.length === 0 ? ['-'] : files, (text) => ctx.io.out.write(lines(text, n, true)));
  const status = ok ? 0 : 1;
  if (follow) await ctx.proc.sleep(Number.POSITIVE_INFINITY);
  return status;
};

const head: Command = (ctx, argv) => {
  const { n, rest } = countOption(argv);
  return andThen(readInputs(ctx, 'head', rest.length === 0 ? ['-'] : rest, (text) => ctx.io.out.write(lines(text, n, false))), (ok) => (ok ? 0 : 1));
};

/** `grep [-qvic] PATTERN [FILE...]`: the pattern is a JavaScript regular expression. */
const grep: Command = (ctx, argv) => {
  const { flags, operands } = parseFlags(argv);
  const [pattern, ...files] = operands;
  if (pattern === undefined) {
    fail(ctx, 'grep: usage: grep [-qvic] PATTERN [FILE]...');
    return 2;
  }
  const re = new RegExp(pattern, flags.has('i') ? 'i' : '');
  let matched = 0;
  const each = (text: string, f: string): void => {
    for (const line of text.split('\n').filter((l, k, all) => l !== '' || k < all.length - 1)) {
      if (re.test(line) === flags.has('v')) continue;
      matched++;
      if (!flags.has('q') && !flags.has('c')) ctx.io.out.write(`${files.length > 1 ? `${f}:` : ''}${line}\n`);
    }
  };
  return andThen(readInputs(ctx, 'grep', files.length === 0 ? ['-'] : files, each), (ok) => {
    if (flags.has('c')) ctx.io.out.write(`${matched}\n`);
    return !ok && matched === 0 ? 2 : matched > 0 ? 0 : 1;
  });
};

/** File programs: cat, touch, rm, mkdir, ls, test, [, tail, head, grep, wc. */
export const FILE_PROGRAMS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['cat', cat],
  ['touch', touch],
  ['rm', rm],
  ['mkdir', mkdir],
  ['ls', ls],
  ['test', test],
  ['[', test],
  ['tail', tail],
  ['head', head],
  ['grep', grep],
  ['wc', wc],
]);
