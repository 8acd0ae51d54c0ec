import { BufferSink, NULL_SINK, type Io, type Sink } from '../command.js';
import { fsErrorText } from '../fake-fs.js';
import { FakeStdin } from '../stdin.js';
import { ArithError, evalArith } from './arith.js';
import type { Redir, Word, WordPart } from './ast.js';
import type { Shell } from './interpreter.js';

/** `${X:?message}` on an unset X, or a bad expansion: the shell reports and exits. */
export class ExpansionError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const IFS = /[ \t\n]+/;

/** The value of a parameter or substitution part (before field splitting). */
async function partValue(sh: Shell, part: Exclude<WordPart, { k: 'lit' }>): Promise<string> {
  if (part.k === 'cmd') return sh.substitute(part.src);
  if (part.k === 'arith') {
    try {
      return String(evalArith(part.src, (n) => sh.param(n), (n, v) => sh.setVar(n, v)));
    } catch (e) {
      if (e instanceof ArithError) throw new ExpansionError(e.message, 2);
      throw e;
    }
  }
  const value = sh.param(part.name);
  switch (part.op) {
    case undefined:
      return value ?? '';
    case '#':
      return String((value ?? '').length);
    case ':-':
      return value === undefined || value === '' ? joined(sh, part.arg) : value;
    case '-':
      return value === undefined ? joined(sh, part.arg) : value;
    case ':=':
    case '=': {
      if (value !== undefined && (part.op === '=' || value !== '')) return value;
      const v = await joined(sh, part.arg);
      sh.setVar(part.name, v);
      return v;
    }
    case ':+':
      return value === undefined || value === '' ? '' : joined(sh, part.arg);
    case '+':
      return value === undefined ? '' : joined(sh, part.arg);
    default: {
      // `:?` and `?`
      if (value !== undefined && (part.op === '?' || value !== '')) return value;
      const msg = await joined(sh, part.arg);
      throw new ExpansionError(`${part.name}: ${msg === '' ? 'parameter not set' : msg}`, 1);
    }
  }
}

async function joined(sh: Shell, word: Word | undefined): Promise<string> {
  return word === undefined ? '' : (await expandWord(sh, word)).join(' ');
}

/** Expands a word into fields: parameters, `$(...)`, `$((...))`, then splitting of unquoted results. No globbing. */
export async function expandWord(sh: Shell, word: Word): Promise<string[]> {
  const fields: string[] = [];
  let cur = '';
  let has = false;
  for (const part of word) {
    if (part.k === 'lit') {
      cur += part.v;
      has ||= part.v !== '' || part.q;
      continue;
    }
    if (part.k === 'param' && part.name === '@' && part.op === undefined) {
      const args = sh.positional;
      if (args.length === 0) {
        if (word.every((p) => p === part || (p.k === 'lit' && p.v === ''))) return [];
        continue;
      }
      args.forEach((a, k) => {
        if (k > 0) {
          fields.push(cur);
          cur = '';
        }
        cur += a;
      });
      has = true;
      continue;
    }
    const value = await partValue(sh, part);
    if (part.q) {
      cur += value;
      has = true;
      continue;
    }
    if (value === '') continue;
    if (/^[ \t\n]/.test(value) && has) {
      fields.push(cur);
      cur = '';
      has = false;
    }
    const pieces = value.trim().split(IFS);
    pieces.forEach((piece, k) => {
      if (piece === '') return;
      if (k > 0) fields.push(cur), (cur = '');
      cur += piece;
      has = true;
    });
    if (/[ \t\n]$/.test(value)) {
      fields.push(cur);
      cur = '';
      has = false;
    }
  }
  if (has) fields.push(cur);
  return fields;
}

/** Expands every word of a command into its argv. */
export async function expandWords(sh: Shell, words: readonly Word[]): Promise<string[]> {
  const argv: string[] = [];
  for (const w of words) {
    if (w.length === 1 && (w[0] as WordPart).k === 'lit') argv.push((w[0] as { v: string }).v);
    else argv.push(...(await expandWord(sh, w)));
  }
  return argv;
}

/** Expands a word to one string (assignments, redirection targets, `case`-less contexts). */
export async function expandString(sh: Shell, word: Word): Promise<string> {
  return (await expandWord(sh, word)).join(' ');
}

/** A sink that appends to a file of the container. */
function fileSink(sh: Shell, path: string): Sink {
  return { write: (text) => void sh.host.fs.writeFile(path, text, true, sh.cwd) };
}

/**
 * Applies redirections to `io`: `>`, `>>`, `<`, `N>&M`. `/dev/null`, `/dev/stdout` and
 * `/dev/stderr` are understood. Returns the new streams, or an error message (status 1).
 */
export async function redirect(sh: Shell, redirs: readonly Redir[], io: Io): Promise<Io | string> {
  let out = io.out;
  let err = io.err;
  let stdin = io.stdin;
  for (const r of redirs) {
    const target = await expandString(sh, r.target);
    let sink: Sink;
    if (r.op === '<') {
      if (target === '/dev/null' || target === '/dev/zero') stdin = FakeStdin.of('');
      else {
        const content = sh.host.fs.readFile(target, sh.cwd);
        if (content === 'ENOENT' || content === 'EISDIR' || content === 'ENOTDIR') return `can't open '${target}': ${fsErrorText(content)}`;
        stdin = FakeStdin.of(content);
      }
      continue;
    }
    if (r.op === '>&') {
      if (target === '1') sink = out;
      else if (target === '2') sink = err;
      else if (target === '-') sink = NULL_SINK;
      else return `${target}: bad file descriptor`;
    } else if (target === '/dev/null') sink = NULL_SINK;
    else if (target === '/dev/stdout') sink = io.out;
    else if (target === '/dev/stderr') sink = io.err;
    else {
      const error = sh.host.fs.writeFile(target, '', r.op === '>>', sh.cwd);
      if (error !== undefined) return `can't create ${target}: ${error === 'ENOENT' ? 'nonexistent directory' : fsErrorText(error)}`;
      sink = fileSink(sh, target);
    }
    if (r.fd === 1) out = sink;
    else if (r.fd === 2) err = sink;
  }
  return stdin === undefined ? { out, err } : { out, err, stdin };
}

/** Runs `fn` with output captured; returns the text with trailing newlines removed. */
export async function capture(fn: (io: Io) => Promise<unknown>, err: Sink): Promise<string> {
  const buf = new BufferSink();
  await fn({ out: buf, err });
  return buf.text.replace(/\n+$/, '');
}
