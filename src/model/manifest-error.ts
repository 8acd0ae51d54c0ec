import { PodkitError } from '../errors.js';

/**
 * One problem in a manifest. `path` is the field path inside the document (`items[0].`-prefixed
 * for `kind: List` items; empty for YAML syntax errors), `message` the Kubernetes-style text
 * without the path (`Duplicate value: "web"`), `line`/`column` 1-based positions of the offending
 * key or value, `documentIndex` the 0-based index of the YAML document in the stream.
 */
export interface ManifestIssue {
  readonly path: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly documentIndex: number;
}

/**
 * A non-fatal remark about a manifest, shaped like a {@link ManifestIssue}: a field podkit does
 * not model (dropped), a likely misspelling (`did you mean "containers"?`), or a YAML warning.
 * The message is self-contained (it names the field).
 */
export type ManifestWarning = ManifestIssue;

/** `file:line:col path: message`, the line format of {@link ManifestError} messages. */
export function formatManifestIssue(filename: string, issue: ManifestIssue): string {
  const where = `${filename}:${issue.line}:${issue.column}`;
  return issue.path === '' ? `${where} ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

/**
 * Thrown by `parseManifests` when any document is invalid (code `invalid_manifest`). `issues`
 * lists every problem in every document — YAML syntax, unknown kinds, wrong types, Kubernetes
 * validation — and the message lists them all, one `file:line:col path: message` per line.
 *
 * @example
 * ```ts
 * import { parseManifests, ManifestError } from 'podkit';
 * try { parseManifests(text, { filename: 'app.yaml' }); }
 * catch (e) { if (e instanceof ManifestError) for (const i of e.issues) console.log(i.line, i.message); }
 * ```
 */
export class ManifestError extends PodkitError {
  /** Every problem found, in document order. */
  readonly issues: readonly ManifestIssue[];
  /** The warnings collected along the way. */
  readonly warnings: readonly ManifestWarning[];
  /** The file name used in the message (`<input>` by default). */
  readonly filename: string;

  constructor(filename: string, issues: readonly ManifestIssue[], warnings: readonly ManifestWarning[] = []) {
    const n = issues.length;
    const lines = issues.map((i) => formatManifestIssue(filename, i));
    super('invalid_manifest', `Invalid manifest ${filename} (${n} ${n === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`, {
      details: { filename, issues, warnings },
    });
    this.name = 'ManifestError';
    this.issues = issues;
    this.warnings = warnings;
    this.filename = filename;
  }
}
