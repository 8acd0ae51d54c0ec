import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseReusing } from '../../src/store/reuse-parse.js';

const Inner = z.object({ n: z.number(), tags: z.array(z.string()).optional() });
const Schema = z.object({ kind: z.literal('Thing'), spec: Inner, status: z.object({ ok: z.boolean() }).optional() });

describe('parseReusing', () => {
  const previous = Object.freeze({ kind: 'Thing', spec: Object.freeze({ n: 1, tags: Object.freeze(['a']) }), status: Object.freeze({ ok: true }) });

  it('reuses subtrees identical to the previous value instead of copying them', () => {
    const r = parseReusing(Schema, { ...previous, status: { ok: false } }, previous);
    expect(r.ok).toBe(true);
    const v = (r as { value: typeof previous }).value;
    expect(v.spec).toBe(previous.spec);
    expect(v.status).toEqual({ ok: false });
    expect(v.status).not.toBe(previous.status);
  });

  it('reports a changed nested field with its full path', () => {
    const r = parseReusing(Schema, { ...previous, spec: { ...previous.spec, n: 'x' } }, previous);
    expect(r.ok).toBe(false);
    expect((r as { issues: { path: readonly PropertyKey[] }[] }).issues.map((i) => i.path)).toEqual([['spec', 'n']]);
  });

  it('reports a required field that was removed', () => {
    const { spec: _spec, ...rest } = previous;
    const r = parseReusing(Schema, rest, previous);
    expect(r.ok).toBe(false);
    expect((r as { issues: { path: readonly PropertyKey[] }[] }).issues.map((i) => i.path)).toEqual([['spec']]);
  });

  it('drops unknown fields of changed objects, as zod does', () => {
    const r = parseReusing(Schema, { ...previous, spec: { n: 2, extra: 1 } }, previous);
    expect(r).toEqual({ ok: true, value: { kind: 'Thing', spec: { n: 2 }, status: { ok: true } } });
  });

  it('without a previous value equals a plain zod parse', () => {
    const input = { kind: 'Thing', spec: { n: 3, tags: ['x'], junk: true } };
    expect(parseReusing(Schema, input, undefined)).toEqual({ ok: true, value: Schema.parse(input) });
  });

  it('parses whole an object schema with refinements (never skips its checks)', () => {
    const Checked = z.object({ spec: Inner.refine((s) => s.n > 0, 'n must be positive') });
    const prev = Object.freeze({ spec: Object.freeze({ n: 1 }) });
    const r = parseReusing(Checked, { spec: { n: 0 } }, prev);
    expect(r.ok).toBe(false);
  });
});
