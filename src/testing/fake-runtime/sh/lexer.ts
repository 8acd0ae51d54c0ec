import { ShSyntaxError, type Word, type WordPart } from './ast.js';

/** A token of the sh subset. `raw` is the word's text when it is one unquoted literal. */
export type Token =
  | { readonly t: 'word'; readonly parts: Word; readonly raw: string | undefined }
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: 'redir'; readonly fd: number; readonly op: '>' | '>>' | '<' | '>&' | '&>' | '&>>' }
  | { readonly t: 'eof' };

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = new Set(['?', '$', '#', '!', '@', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Appends text to the parts, merging with a previous literal of the same quoting. */
function pushLit(parts: WordPart[], v: string, q: boolean): void {
  const last = parts.at(-1);
  if (last !== undefined && last.k === 'lit' && last.q === q) parts[parts.length - 1] = { k: 'lit', v: last.v + v, q };
  else parts.push({ k: 'lit', v, q });
}

/** Index just past the `close` that balances the opener before `i`, skipping quotes and escapes. */
function skipBalanced(src: string, i: number, open: string, close: string): number {
  let depth = 1;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) break;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (c === open) depth++;
      else if (c === close && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new ShSyntaxError(`unterminated ${open === '(' ? '$(' : '${'}`);
}

/** Reads a `$` expansion at `i` (pointing at `$`). Returns the part and the index after it. */
function readDollar(src: string, i: number, q: boolean): [WordPart, number] {
  const c = src[i + 1];
  if (c === '(' && src[i + 2] === '(') {
    const end = skipBalanced(src, i + 3, '(', ')');
    if (src[end] !== ')') throw new ShSyntaxError('unterminated $((');
    return [{ k: 'arith', src: src.slice(i + 3, end - 1), q }, end + 1];
  }
  if (c === '(') {
    const end = skipBalanced(src, i + 2, '(', ')');
    return [{ k: 'cmd', src: src.slice(i + 2, end - 1), q }, end];
  }
  if (c === '{') {
    const end = skipBalanced(src, i + 2, '{', '}');
    return [readBraced(src.slice(i + 2, end - 1), q), end];
  }
  if (c !== undefined && SPECIAL_PARAMS.has(c)) return [{ k: 'param', name: c, q }, i + 2];
  if (c !== undefined && NAME_START.test(c)) {
    let j = i + 2;
    while (j < src.length && NAME_CHAR.test(src[j] as string)) j++;
    return [{ k: 'param', name: src.slice(i + 1, j), q }, j];
  }
  return [{ k: 'lit', v: '$', q }, i + 1];
}

/** `${...}` contents: `name`, `#name`, or `name` followed by an operator and a word. */
function readBraced(body: string, q: boolean): WordPart {
  if (body.startsWith('#') && body.length > 1) return { k: 'param', name: body.slice(1), q, op: '#' };
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#!@*0-9])(:?[-=+?])?/.exec(body);
  if (m === null) throw new ShSyntaxError(`bad substitution: \${${body}}`);
  const name = m[1] as string;
  if (m[2] === undefined) {
    if (m[0].length !== body.length) throw new ShSyntaxError(`bad substitution: \${${body}}`);
    return { k: 'param', name, q };
  }
  return { k: 'param', name, q, op: m[2], arg: lexWordParts(body.slice(m[0].length), q) };
}

/** The parts of a whole string read as one word's content (whitespace is literal). */
export function lexWordParts(src: string, inDouble: boolean): WordPart[] {
  const parts: WordPart[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '$') {
      const [part, next] = readDollar(src, i, inDouble);
      parts.push(part);
      i = next;
    } else if (c === '\\' && i + 1 < src.length) {
      pushLit(parts, src[i + 1] as string, true);
      i += 2;
    } else if (c === "'" && !inDouble) {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShSyntaxError('unterminated quoted string');
      pushLit(parts, src.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"' && !inDouble) {
      i = readDouble(src, i + 1, parts);
    } else {
      pushLit(parts, c, inDouble);
      i++;
    }
  }
  return parts;
}

/** Reads a double-quoted string starting after its `"`; returns the index after the closing `"`. */
function readDouble(src: string, i: number, parts: WordPart[]): number {
  pushLit(parts, '', true); // `""` is an (empty) argument
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '"') return i + 1;
    if (c === '\\' && i + 1 < src.length && '$`"\\\n'.includes(src[i + 1] as string)) {
      if (src[i + 1] !== '\n') pushLit(parts, src[i + 1] as string, true);
      i += 2;
    } else if (c === '$') {
      const [part, next] = readDollar(src, i, true);
      parts.push(part);
      i = next;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new ShSyntaxError('unterminated `');
      parts.push({ k: 'cmd', src: src.slice(i + 1, end), q: true });
      i = end + 1;
    } else {
      pushLit(parts, c, true);
      i++;
    }
  }
  throw new ShSyntaxError('unterminated quoted string');
}

/** Splits a script into tokens. Throws {@link ShSyntaxError} on unterminated quotes or expansions. */
export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (OPERATOR_CHARS.has(c)) {
      i = readOperator(src, i, tokens, -1);
    } else {
      // An all-digit word directly followed by < or > is a file descriptor number.
      const fd = /^\d+(?=[<>])/.exec(src.slice(i, i + 4));
      if (fd !== null) {
        i = readOperator(src, i + fd[0].length, tokens, Number(fd[0]));
        continue;
      }
      i = readWord(src, i, tokens);
    }
  }
  tokens.push({ t: 'eof' });
  return tokens;
}

function readOperator(src: string, i: number, tokens: Token[], fd: number): number {
  const two = src.slice(i, i + 2);
  const three = src.slice(i, i + 3);
  if (two === '<<') throw new ShSyntaxError('here-documents (<<) are not supported by the FakeRuntime\'s sh subset');
  const out = fd < 0 ? 1 : fd;
  if (three === '&>>') return tokens.push({ t: 'redir', fd: 1, op: '&>>' }), i + 3;
  if (two === '&>') return tokens.push({ t: 'redir', fd: 1, op: '&>' }), i + 2;
  if (two === '>>') return tokens.push({ t: 'redir', fd: out, op: '>>' }), i + 2;
  if (two === '>&') return tokens.push({ t: 'redir', fd: out, op: '>&' }), i + 2;
  if (two === '>|') return tokens.push({ t: 'redir', fd: out, op: '>' }), i + 2;
  if (src[i] === '>') return tokens.push({ t: 'redir', fd: out, op: '>' }), i + 1;
  if (src[i] === '<') return tokens.push({ t: 'redir', fd: fd < 0 ? 0 : fd, op: '<' }), i + 1;
  if (two === '&&' || two === '||' || two === ';;') return tokens.push({ t: 'op', v: two }), i + 2;
  return tokens.push({ t: 'op', v: src[i] as string }), i + 1;
}

function readWord(src: string, i: number, tokens: Token[]): number {
  const parts: WordPart[] = [];
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || OPERATOR_CHARS.has(c)) break;
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShSyntaxError('unterminated quoted string');
      pushLit(parts, src.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      i = readDouble(src, i + 1, parts);
    } else if (c === '\\') {
      if (src[i + 1] !== '\n' && i + 1 < src.length) pushLit(parts, src[i + 1] as string, true);
      i += 2;
    } else if (c === '$') {
      const [part, next] = readDollar(src, i, false);
      parts.push(part);
      i = next;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new ShSyntaxError('unterminated `');
      parts.push({ k: 'cmd', src: src.slice(i + 1, end), q: false });
      i = end + 1;
    } else {
      pushLit(parts, c, false);
      i++;
    }
  }
  const only = parts.length === 1 ? parts[0] : undefined;
  tokens.push({ t: 'word', parts, raw: only !== undefined && only.k === 'lit' && !only.q ? only.v : undefined });
  return i;
}
