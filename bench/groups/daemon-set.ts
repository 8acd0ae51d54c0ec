/**
 * C4: a DaemonSet over 5k and 50k fake Node objects, then 10 % node churn (bench/d-child.ts,
 * one child process per size).
 */
import { runChild } from '../lib/child.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

interface Out {
  readonly nodes: number;
  readonly upMs?: number;
  readonly churnMs?: number;
  readonly bound?: number;
  readonly guarded?: string;
  readonly wallMs?: number;
  readonly boundAtGuard?: number;
}

const label = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));

export const daemonSetGroup: BenchGroup = {
  ids: ['C4'],
  name: 'DaemonSet over fake nodes (C4)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const small = ctx.quick ? 200 : 5_000;
    const large = ctx.quick ? 1_000 : 50_000;
    const guardMs = ctx.quick ? 20_000 : 120_000;
    const out: BenchResult[] = [];
    const up = new Map<number, number>();
    for (const n of [small, large]) {
      ctx.log(`C4 ${label(n)} nodes (guard ${guardMs / 1000} s)`);
      const r = await runChild<Out>('d-child.ts', [n, guardMs], guardMs * 2 + 60_000);
      const target = n === small ? (ctx.quick ? 'info (≤ 0.5 s at 5k)' : '≤ 500 ms') : 'info';
      const judged = n === small && !ctx.quick;
      const id = `C4.${label(n)}`;
      const title = `DaemonSet over ${label(n)} fake nodes, then 10 % churn`;
      if (!r.ok) {
        out.push({ id, title, unit: 'ms', median: Number.NaN, p10: Number.NaN, p90: Number.NaN, samples: 0, target, pass: false, note: r.reason });
        continue;
      }
      const v = r.value;
      if (v.guarded !== undefined) {
        out.push({
          id, title, unit: 'ms', median: v.wallMs ?? Number.NaN, p10: Number.NaN, p90: Number.NaN, samples: 1, target, pass: false,
          extra: { nodes: n, boundAtGuard: v.boundAtGuard ?? 0 }, note: `stopped by the ${guardMs / 1000} s wall guard during ${v.guarded} with ${v.boundAtGuard} of ${n} nodes served`,
        });
        continue;
      }
      up.set(n, v.upMs ?? Number.NaN);
      out.push({
        id, title, unit: 'ms', median: v.upMs ?? Number.NaN, p10: Number.NaN, p90: Number.NaN, samples: 1, target, ...(judged ? { pass: (v.upMs ?? Infinity) <= 500 } : {}),
        extra: { nodes: n, nodesPerS: (n * 1000) / (v.upMs ?? Number.NaN), churn10pctMs: v.churnMs ?? Number.NaN, bound: v.bound ?? 0 },
      });
    }
    const scale = (up.get(large) ?? Number.NaN) / (up.get(small) ?? Number.NaN);
    out.push({ id: 'C4.scale', title: `t(${label(large)}) / t(${label(small)})`, unit: '×', median: scale, p10: Number.NaN, p90: Number.NaN, samples: 1, target: '≤ 12', pass: scale <= 12, ...(Number.isNaN(scale) ? { note: 'one size did not finish' } : {}) });
    return out;
  },
};
