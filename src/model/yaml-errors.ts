// Where a YAML syntax error is reported: the line kubectl names (go-yaml's convention), so that a
// podkit message and a kubectl message about the same file point at the same line.
import type { LineCounter, YAMLError } from 'yaml';

/** A syntax error's message and 1-based position. */
export interface SyntaxErrorPosition {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Errors go-yaml's scanner raises at the offending character (kubectl prints that character's line). */
const AT_CHARACTER: ReadonlySet<string> = new Set(['TAB_AS_INDENT', 'BAD_DQ_ESCAPE', 'DUPLICATE_KEY', 'KEY_OVER_1024_CHARS']);

/** Messages of errors go-yaml's scanner raises at the offending character. */
const AT_CHARACTER_MESSAGES: readonly RegExp[] = [/quote/i, /block-seq-ind/, /^Block scalar header/, /reserved character/];

/** The offset of the first character at or after `from` that is not blank and not inside a comment. */
function nextToken(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\ufeff') i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else break;
  }
  return i;
}

/**
 * The position to report for the first syntax error of a document, as kubectl (go-yaml) reports
 * it. go-yaml's scanner errors (`mapping values are not allowed in this context`, tabs, bad
 * escapes, unterminated quotes) name the line of the offending character; its parser errors (`did
 * not find expected key`, `did not find expected ',' or ']'`, bad indentation) name the line
 * before the token where parsing failed — they print the 0-based line of that token. The column
 * is the offending character, or the end of the named line for parser errors.
 */
export function syntaxErrorPosition(text: string, errors: readonly YAMLError[], lineCounter: LineCounter): SyntaxErrorPosition {
  const first = errors[0] as YAMLError;
  const at = (offset: number): SyntaxErrorPosition => {
    const p = lineCounter.linePos(offset);
    return { message: first.message, line: p.line, column: p.col };
  };
  const second = errors[1];
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY') {
    // `key: value` followed by a more indented `key:` (or `a: b: c`): go-yaml stops at that colon.
    if (second?.code === 'MULTILINE_IMPLICIT_KEY' && second.pos[0] === first.pos[0]) return at(second.pos[1]);
    if (second?.code !== 'MULTILINE_IMPLICIT_KEY') return at(first.pos[0]);
  }
  if (first.code === 'MISSING_CHAR' && first.message.startsWith('Implicit map keys need to be followed by map values')) {
    // go-yaml's scanner gives up on the pending key on the line after it.
    const eol = text.indexOf('\n', first.pos[0]);
    return at(eol < 0 ? text.length : eol + 1);
  }
  // A key running over a line end: go-yaml reports the line where it looked for the `:`.
  if (first.code === 'MULTILINE_IMPLICIT_KEY') return at(first.pos[1]);
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && first.message.startsWith('A block sequence')) {
    // Properties before a `-` (`&a - x`): go-yaml's scanner refuses the entry there; a bare `-`
    // at the wrong indentation is a parser error (below).
    const next = nextToken(text, first.pos[0]);
    if (text[next] !== '-') return at(next);
  }
  if (AT_CHARACTER_MESSAGES.some((re) => re.test(first.message)) && !(first.code === 'BAD_SCALAR_START' && first.message.includes('flow indicator'))) {
    return at(first.pos[0]);
  }
  if (AT_CHARACTER.has(first.code)) return at(first.pos[0]);
  const token = lineCounter.linePos(nextToken(text, first.pos[0])).line;
  const line = Math.max(1, token - 1);
  const start = lineCounter.lineStarts[line - 1] ?? 0;
  const nl = text.indexOf('\n', start);
  const end = (nl < 0 ? text.length : nl) - (text[nl - 1] === '\r' ? 1 : 0);
  return { message: first.message, line, column: end - start + 1 };
}
