import { ShSyntaxError, type Node, type Redir, type Word } from './ast.js';
import { lex, type Token } from './lexer.js';

const TERMINATORS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'esac']);
const UNSUPPORTED = new Set(['case', 'function', 'select']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Parses tokens of the sh subset into a {@link Node} tree (recursive descent). */
class Parser {
  #i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  #peek(): Token {
    return this.tokens[this.#i] as Token;
  }

  #next(): Token {
    return this.tokens[this.#i++] as Token;
  }

  #isOp(v: string): boolean {
    const t = this.#peek();
    return t.t === 'op' && t.v === v;
  }

  #isWord(raw: string): boolean {
    const t = this.#peek();
    return t.t === 'word' && t.raw === raw;
  }

  #describe(t: Token): string {
    if (t.t === 'eof') return 'end of file';
    if (t.t === 'op') return t.v === '\n' ? 'newline' : `"${t.v}"`;
    if (t.t === 'redir') return 'redirection';
    return `"${t.raw ?? 'word'}"`;
  }

  #unexpected(): never {
    throw new ShSyntaxError(`syntax error: unexpected ${this.#describe(this.#peek())}`);
  }

  #expectWord(raw: string): void {
    if (!this.#isWord(raw)) this.#unexpected();
    this.#i++;
  }

  #skipNewlines(): void {
    while (this.#isOp('\n')) this.#i++;
  }

  program(): Node {
    this.#skipNewlines();
    const list = this.#list();
    if (this.#peek().t !== 'eof') this.#unexpected();
    return list;
  }

  #atListEnd(): boolean {
    const t = this.#peek();
    if (t.t === 'eof') return true;
    if (t.t === 'op') return t.v === ')' || t.v === ';;';
    return t.t === 'word' && t.raw !== undefined && TERMINATORS.has(t.raw);
  }

  #list(): Node {
    const items: { node: Node; bg: boolean }[] = [];
    while (!this.#atListEnd()) {
      const node = this.#andOr();
      let bg = false;
      if (this.#isOp('&')) {
        bg = true;
        this.#i++;
      } else if (this.#isOp(';') || this.#isOp('\n')) {
        this.#i++;
      } else if (!this.#atListEnd()) {
        this.#unexpected();
      }
      items.push({ node, bg });
      this.#skipNewlines();
    }
    return items.length === 1 && !(items[0] as { bg: boolean }).bg ? (items[0] as { node: Node }).node : { k: 'list', items };
  }

  #body(): Node {
    this.#skipNewlines();
    if (this.#atListEnd()) this.#unexpected();
    return this.#list();
  }

  #andOr(): Node {
    let left = this.#pipeline();
    for (;;) {
      const t = this.#peek();
      if (t.t !== 'op' || (t.v !== '&&' && t.v !== '||')) return left;
      this.#i++;
      this.#skipNewlines();
      left = { k: 'andor', op: t.v, left, right: this.#pipeline() };
    }
  }

  #pipeline(): Node {
    let neg = false;
    if (this.#isWord('!')) {
      neg = true;
      this.#i++;
    }
    const cmds = [this.#command()];
    while (this.#isOp('|')) {
      this.#i++;
      this.#skipNewlines();
      cmds.push(this.#command());
    }
    return cmds.length === 1 && !neg ? (cmds[0] as Node) : { k: 'pipe', cmds, neg };
  }

  #command(): Node {
    const t = this.#peek();
    if (t.t === 'op' && t.v === '(') {
      this.#i++;
      const body = this.#body();
      if (!this.#isOp(')')) this.#unexpected();
      this.#i++;
      return { k: 'group', body, subshell: true, redirs: this.#redirs() };
    }
    if (t.t !== 'word' || t.raw === undefined) return this.#simple();
    switch (t.raw) {
      case 'if':
        return this.#if();
      case 'while':
      case 'until': {
        this.#i++;
        const cond = this.#body();
        this.#expectWord('do');
        const body = this.#body();
        this.#expectWord('done');
        return { k: 'loop', until: t.raw === 'until', cond, body, redirs: this.#redirs() };
      }
      case 'for':
        return this.#for();
      case '{': {
        this.#i++;
        const body = this.#body();
        this.#expectWord('}');
        return { k: 'group', body, subshell: false, redirs: this.#redirs() };
      }
      default:
        if (UNSUPPORTED.has(t.raw)) throw new ShSyntaxError(`"${t.raw}" is not supported by the FakeRuntime's sh subset`);
        if (TERMINATORS.has(t.raw)) this.#unexpected();
        return this.#simple();
    }
  }

  #if(): Node {
    this.#i++;
    const clauses: [Node, Node][] = [];
    let otherwise: Node | undefined;
    for (;;) {
      const cond = this.#body();
      this.#expectWord('then');
      clauses.push([cond, this.#body()]);
      if (this.#isWord('elif')) {
        this.#i++;
        continue;
      }
      if (this.#isWord('else')) {
        this.#i++;
        otherwise = this.#body();
      }
      this.#expectWord('fi');
      const redirs = this.#redirs();
      return otherwise === undefined ? { k: 'if', clauses, redirs } : { k: 'if', clauses, otherwise, redirs };
    }
  }

  #for(): Node {
    this.#i++;
    const nameTok = this.#next();
    if (nameTok.t !== 'word' || nameTok.raw === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw)) {
      throw new ShSyntaxError('syntax error: bad for loop variable');
    }
    let items: Word[] | undefined;
    this.#skipNewlines();
    if (this.#isWord('in')) {
      this.#i++;
      items = [];
      for (let t = this.#peek(); t.t === 'word'; t = this.#peek()) {
        items.push(t.parts);
        this.#i++;
      }
    }
    if (this.#isOp(';')) this.#i++;
    this.#skipNewlines();
    this.#expectWord('do');
    const body = this.#body();
    this.#expectWord('done');
    const redirs = this.#redirs();
    return items === undefined ? { k: 'for', name: nameTok.raw, body, redirs } : { k: 'for', name: nameTok.raw, items, body, redirs };
  }

  #redirs(): Redir[] {
    const redirs: Redir[] = [];
    while (this.#peek().t === 'redir') this.#redir(redirs);
    return redirs;
  }

  #redir(into: Redir[]): void {
    const r = this.#next();
    const target = this.#next();
    if (r.t !== 'redir') this.#unexpected();
    if (target.t !== 'word') throw new ShSyntaxError(`syntax error: unexpected ${this.#describe(target)}`);
    if (r.op === '&>' || r.op === '&>>') {
      into.push({ fd: 1, op: r.op === '&>' ? '>' : '>>', target: target.parts });
      into.push({ fd: 2, op: '>&', target: [{ k: 'lit', v: '1', q: false }] });
    } else {
      into.push({ fd: r.fd, op: r.op, target: target.parts });
    }
  }

  #simple(): Node {
    const assigns: [string, Word][] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const t = this.#peek();
      if (t.t === 'redir') {
        this.#redir(redirs);
      } else if (t.t === 'word') {
        this.#i++;
        const first = t.parts[0];
        if (words.length === 0 && first !== undefined && first.k === 'lit' && !first.q && ASSIGNMENT.test(first.v)) {
          const eq = first.v.indexOf('=');
          const rest = first.v.slice(eq + 1);
          assigns.push([first.v.slice(0, eq), [...(rest === '' ? [] : [{ k: 'lit' as const, v: rest, q: true }]), ...t.parts.slice(1)]]);
        } else {
          words.push(t.parts);
        }
      } else break;
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) this.#unexpected();
    if (words.length > 0 && this.#isOp('(')) throw new ShSyntaxError('function definitions are not supported by the FakeRuntime\'s sh subset');
    const literal = assigns.length === 0 && words.every((w) => w.every((p) => p.k === 'lit'))
      ? words.map((w) => w.map((p) => (p.k === 'lit' ? p.v : '')).join(''))
      : undefined;
    return literal === undefined ? { k: 'simple', assigns, words, redirs } : { k: 'simple', assigns, words, redirs, literal };
  }
}

const cache = new Map<string, Node>();
const CACHE_LIMIT = 2_000;

/**
 * Parses a script of the sh subset. Parsed trees are cached by source text, so the same
 * `sh -c` script in many containers is parsed once. Throws {@link ShSyntaxError}.
 */
export function parseScript(src: string): Node {
  let node = cache.get(src);
  if (node === undefined) {
    node = new Parser(lex(src)).program();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(src, node);
  }
  return node;
}
