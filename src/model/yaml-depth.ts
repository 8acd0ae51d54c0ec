// A linear pre-scan of manifest text for its nesting depth. The YAML parser recurses once per
// level: around a thousand levels deep it runs out of stack, and V8 may then abort the whole
// process (a fatal "RegExpCompiler Allocation failed" on the next parse) instead of throwing.
// Text nested deeper than any manifest needs is refused before it reaches the parser.

/** The deepest nesting podkit parses (Kubernetes objects need a few dozen levels at most). */
export const MAX_YAML_DEPTH = 256;

/** Where the text first nests deeper than the limit: the offset, or undefined when it does not. */
export function tooDeepAt(text: string, limit: number = MAX_YAML_DEPTH): number | undefined {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      if (c === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n' || text[i + 1] === undefined)) {
        // `- - - x`: each indicator opens a sequence inside the one before.
        dashes++;
        indent++;
        continue;
      }
      lineStart = false;
      if (c === '#') {
        const nl = text.indexOf('\n', i);
        i = (nl < 0 ? text.length : nl) - 1;
        continue;
      }
      if (flow === 0) {
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
        if (indents.length + dashes > limit) return i;
      }
    }
    if (c === '"' || c === "'") {
      // A quote opens a scalar where a token may start (after space, `[`, `{`, `,`, `:`).
      const prev = text[i - 1];
      if (prev === undefined || prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',' || prev === ':' || prev === '\n' || prev === '-') quote = c;
    } else if (c === '[' || c === '{') {
      if (++flow + indents.length + dashes > limit) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if (c === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
    }
  }
  return undefined;
}
