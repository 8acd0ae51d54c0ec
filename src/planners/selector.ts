import { PodkitError } from '../errors.js';
import type { LabelSelector, LabelSelectorRequirement } from '../model/index.js';
import { labelSelectorMatches } from '../model/selector-match.js';

/** A set of labels as objects carry them (`metadata.labels`). */
export type Labels = Readonly<Record<string, string>>;

/**
 * True iff `labels` satisfy `selector` (Kubernetes `LabelSelectorAsSelector(...).Matches`).
 *
 * `matchLabels` and `matchExpressions` are ANDed. An **empty** selector (`{}`) matches every
 * object; an **undefined** selector matches nothing (upstream turns a nil selector into
 * `labels.Nothing()`). `NotIn` matches objects that lack the key. The selector is not validated
 * here (an `In` with no values simply matches nothing).
 *
 * @example
 * ```ts
 * import { matchesSelector } from 'podkit/planners';
 * matchesSelector({ app: 'web' }, { matchLabels: { app: 'web' } }); // true
 * matchesSelector({ app: 'web' }, undefined); // false
 * ```
 */
export function matchesSelector(labels: Labels | undefined, selector: LabelSelector | undefined): boolean {
  return labelSelectorMatches(selector, labels);
}

interface TextRequirement {
  readonly key: string;
  readonly text: string;
}

function requirementText(req: LabelSelectorRequirement): string {
  const values = [...new Set(req.values ?? [])].sort();
  switch (req.operator) {
    case 'In':
      return `${req.key} in (${values.join(',')})`;
    case 'NotIn':
      return `${req.key} notin (${values.join(',')})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
  }
}

/**
 * The text form of a selector, as kubectl prints it (`metav1.FormatLabelSelector`):
 * requirements sorted by key, `matchLabels` as `key=value`, expressions as `key in (a,b)`,
 * `key notin (a)`, `key`, `!key`, joined by commas. An empty or undefined selector prints `<none>`.
 *
 * @example
 * ```ts
 * import { labelSelectorToString } from 'podkit/planners';
 * labelSelectorToString({ matchLabels: { tier: 'web', app: 'shop' } }); // 'app=shop,tier=web'
 * ```
 */
export function labelSelectorToString(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const parts: TextRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push({ key, text: `${key}=${value}` });
  for (const req of selector.matchExpressions ?? []) parts.push({ key: req.key, text: requirementText(req) });
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = parts.map((p) => p.text).join(',');
  return text === '' ? '<none>' : text;
}

function invalid(text: string, why: string): PodkitError {
  return new PodkitError(
    'invalid_argument',
    `Expected a label selector such as "app=web,tier!=db,env in (a,b),!legacy", received ${JSON.stringify(text)}: ${why}.`,
    { details: { selector: text } },
  );
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

const SET_RE = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_RE = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const KEY_RE = /^(!?)\s*([^\s!=(),]+)$/;

/**
 * Parses the kubectl `-l` text form (`app=web,tier!=db,env in (a,b),env notin (c),gpu,!legacy`)
 * into a {@link LabelSelector}. `=`/`==` become `matchLabels`; `!=` becomes `NotIn` with one
 * value. Throws `invalid_argument` naming the bad clause. The empty string is the empty selector
 * (matches everything).
 *
 * @example
 * ```ts
 * import { parseLabelSelector } from 'podkit/planners';
 * parseLabelSelector('app=web,!legacy');
 * // { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] }
 * ```
 */
export function parseLabelSelector(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  if (text.trim() === '') return {};
  for (const raw of splitTopLevel(text)) {
    const clause = raw.trim();
    if (clause === '') throw invalid(text, 'empty requirement');
    const set = SET_RE.exec(clause);
    if (set) {
      const values = (set[3] as string).split(',').map((v) => v.trim());
      if (values.some((v) => v === '')) throw invalid(text, `empty value in "${clause}"`);
      matchExpressions.push({ key: set[1] as string, operator: set[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const eq = EQ_RE.exec(clause);
    if (eq) {
      const [, key, op, value] = eq as unknown as [string, string, string, string];
      if (op === '!=') matchExpressions.push({ key, operator: 'NotIn', values: [value] });
      else if (Object.hasOwn(matchLabels, key) && matchLabels[key] !== value) {
        matchExpressions.push({ key, operator: 'In', values: [value] });
      } else matchLabels[key] = value;
      continue;
    }
    const key = KEY_RE.exec(clause);
    if (key) {
      matchExpressions.push({ key: key[2] as string, operator: key[1] === '!' ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    throw invalid(text, `cannot parse "${clause}"`);
  }
  return {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
}
