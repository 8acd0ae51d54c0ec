// The syntax tree of the FakeRuntime's POSIX sh subset.

/** A piece of a word. `q` marks quoted text (never split into fields). */
export type WordPart =
  | { readonly k: 'lit'; readonly v: string; readonly q: boolean }
  | {
      readonly k: 'param';
      readonly name: string;
      readonly q: boolean;
      /** `${name op arg}`: `:-`, `-`, `:=`, `=`, `:+`, `+`, or `#` for `${#name}`. */
      readonly op?: string;
      readonly arg?: Word;
    }
  | { readonly k: 'cmd'; readonly src: string; readonly q: boolean }
  | { readonly k: 'arith'; readonly src: string; readonly q: boolean };

/** A word: parts concatenated. */
export type Word = readonly WordPart[];

/** A redirection: `>`, `>>`, `<`, `>&` (dup), with the file descriptor it applies to. */
export interface Redir {
  readonly fd: number;
  readonly op: '>' | '>>' | '<' | '>&';
  readonly target: Word;
}

/** A command (node) of the tree. */
export type Node =
  | {
      readonly k: 'simple';
      readonly assigns: readonly (readonly [string, Word])[];
      readonly words: readonly Word[];
      readonly redirs: readonly Redir[];
      /** The argv when every word is plain literal text (no expansion needed). */
      readonly literal?: readonly string[];
    }
  | { readonly k: 'pipe'; readonly cmds: readonly Node[]; readonly neg: boolean }
  | { readonly k: 'andor'; readonly op: '&&' | '||'; readonly left: Node; readonly right: Node }
  | { readonly k: 'list'; readonly items: readonly { readonly node: Node; readonly bg: boolean }[] }
  | { readonly k: 'if'; readonly clauses: readonly (readonly [Node, Node])[]; readonly otherwise?: Node; readonly redirs: readonly Redir[] }
  | { readonly k: 'loop'; readonly until: boolean; readonly cond: Node; readonly body: Node; readonly redirs: readonly Redir[] }
  | { readonly k: 'for'; readonly name: string; readonly items?: readonly Word[]; readonly body: Node; readonly redirs: readonly Redir[] }
  | { readonly k: 'group'; readonly body: Node; readonly subshell: boolean; readonly redirs: readonly Redir[] };

/** A syntax error, with the position in the script. */
export class ShSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShSyntaxError';
  }
}
