// `$(( ... ))` arithmetic: integers, + - * / %, comparisons, && || !, parentheses, variables
// by name or `$name`, and one assignment (`i = i + 1`, `i += 1`).

/** An arithmetic expansion error; the shell reports it and exits with status 2. */
export class ArithError extends Error {}

type Tok = { readonly t: 'num'; readonly v: number } | { readonly t: 'name'; readonly v: string } | { readonly t: 'op'; readonly v: string };

const OPS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')'];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|\d+)/.exec(src.slice(i));
    if (num !== null) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name !== null) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new ArithError(`arithmetic syntax error: ${JSON.stringify(src)}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '||': return a !== 0 || b !== 0 ? 1 : 0;
    case '&&': return a !== 0 && b !== 0 ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default:
      if (b === 0) throw new ArithError('divide by zero');
      return op === '/' ? Math.trunc(a / b) : a % b;
  }
}

/**
 * Evaluates an arithmetic expression. `get` reads a variable (unset or non-numeric is 0);
 * `set` stores the result of an assignment.
 */
export function evalArith(src: string, get: (name: string) => string | undefined, set: (name: string, value: string) => void): number {
  const expanded = src.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|[?#$0-9])\}?/g, (_, n: string) => get(n) ?? '0');
  const assign = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*([-+*/%]?)=(?!=)/.exec(expanded);
  const body = assign === null ? expanded : expanded.slice(assign[0].length);
  const toks = tokenize(body);
  let i = 0;
  const value = (name: string): number => {
    const raw = (get(name) ?? '').trim();
    if (raw === '') return 0;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new ArithError(`arithmetic syntax error: ${JSON.stringify(raw)}`);
    return n;
  };
  const level = (l: number): number => {
    if (l >= LEVELS.length) return unary();
    let left = level(l + 1);
    for (let t = toks[i]; t !== undefined && t.t === 'op' && (LEVELS[l] as readonly string[]).includes(t.v); t = toks[i]) {
      i++;
      left = apply(t.v, left, level(l + 1));
    }
    return left;
  };
  const unary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new ArithError(`arithmetic syntax error: ${JSON.stringify(src)}`);
    if (t.t === 'num') return t.v;
    if (t.t === 'name') return value(t.v);
    if (t.v === '-') return -unary();
    if (t.v === '+') return unary();
    if (t.v === '!') return unary() === 0 ? 1 : 0;
    if (t.v === '(') {
      const v = level(0);
      const close = toks[i++];
      if (close === undefined || close.v !== ')') throw new ArithError(`arithmetic syntax error: missing ")" in ${JSON.stringify(src)}`);
      return v;
    }
    throw new ArithError(`arithmetic syntax error: ${JSON.stringify(src)}`);
  };
  let result = toks.length === 0 && assign === null ? 0 : level(0);
  if (i < toks.length) throw new ArithError(`arithmetic syntax error: ${JSON.stringify(src)}`);
  if (assign !== null) {
    const name = assign[1] as string;
    if (assign[2] !== '') result = apply(assign[2] as string, value(name), result);
    set(name, String(result));
  }
  return result;
}
