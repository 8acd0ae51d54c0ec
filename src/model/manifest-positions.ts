// Maps a field path of a parsed document back to its line and column in the YAML (or JSON) text.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './unknown-fields.js';

/** A 1-based line and column in the manifest text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** How to place an issue on its path. */
export interface LocateOptions {
  /** Point at the key (unknown, missing or forbidden fields) rather than at the value. */
  readonly preferKey: boolean;
  /** The offending value: inside a map (labels), point at the entry with this key or value. */
  readonly value?: unknown;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** Splits `spec.containers[0].name` or `metadata.labels[app.kubernetes.io/name]` into segments. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  let cur = '';
  while (i < path.length) {
    const c = path[i] as string;
    if (c === '.') {
      if (cur !== '') out.push(cur);
      cur = '';
      i++;
    } else if (c === '[') {
      if (cur !== '') out.push(cur);
      cur = '';
      const end = path.indexOf(']', i);
      const inner = end < 0 ? path.slice(i + 1) : path.slice(i + 1, end);
      out.push(/^[0-9]+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end + 1;
    } else {
      cur += c;
      i++;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * The position of `path` in `doc`: the value (or the key, see {@link LocateOptions}) when the
 * path exists, else the key of the deepest existing ancestor (where a missing field belongs).
 */
export function locate(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[], options: LocateOptions): SourcePosition {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? doc.range?.[0] ?? 0;
  let found = true;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (pair === undefined) {
        found = false;
        break;
      }
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) {
        found = false;
        break;
      }
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      found = false;
      break;
    }
  }
  if (found) {
    const hint = options.value;
    if (isMap(node) && (typeof hint === 'string' || typeof hint === 'number')) {
      const pair = node.items.find((p) => keyText(p.key) === String(hint) || (isScalar(p.value) && String(p.value.value) === String(hint)));
      const n = pair === undefined ? undefined : keyText(pair.key) === String(hint) ? pair.key : pair.value;
      offset = (n as Node | null | undefined)?.range?.[0] ?? offset;
    } else if (!options.preferKey && isScalar(node)) {
      offset = node.range?.[0] ?? offset;
    }
  }
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
