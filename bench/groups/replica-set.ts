/**
 * C1 / C2: a ReplicaSet scaled 0 → n (until every pod is Ready and the status observed) and n → 0
 * on FakeRuntime nodes and a VirtualClock with zero latencies, against a floor loop (immer
 * transitions on a Map, bench/lib/floor.ts) in the same child process, interleaved.
 */
import { runChild } from '../lib/child.js';
import type { BenchResult } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext, BenchGroup } from './group.js';

interface ChildOut {
  readonly n: number;
  readonly guarded?: boolean;
  readonly wallMs?: number;
  readonly readyAtGuard?: number;
  readonly podsAtGuard?: number;
  readonly floors?: readonly { up: number; upCpu: number; down: number }[];
  readonly runs?: readonly { up: number; upCpu: number; down: number; virtualUp: number }[];
}

const label = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));

export const replicaSetGroup: BenchGroup = {
  ids: ['C1', 'C2'],
  name: 'ReplicaSet scale (C1 up, C2 down)',
  async run(ctx: BenchContext, only): Promise<BenchResult[]> {
    const sizes = ctx.quick ? [{ n: 1_000, samples: 1 }] : [{ n: 1_000, samples: 3 }, { n: 10_000, samples: 1 }, { n: 100_000, samples: 1 }];
    const guardMs = ctx.quick ? 30_000 : 180_000;
    const out: BenchResult[] = [];
    const upMedian = new Map<number, number>();
    for (const { n, samples } of sizes) {
      ctx.log(`C1/C2 ${label(n)} pods (${samples} sample(s), guard ${guardMs / 1000} s)`);
      const r = await runChild<ChildOut>('c-child.ts', [n, guardMs, samples], guardMs * (samples + 1) + 120_000);
      const id = `C1.${label(n)}`;
      const target = n === 100_000 ? '≤ 10 s wall and ≤ 2.5× floor' : 'info (target at 100k)';
      if (!r.ok) {
        out.push({ id, title: `ReplicaSet 0 → ${label(n)} pods`, unit: 'ms', median: Number.NaN, p10: Number.NaN, p90: Number.NaN, samples: 0, target, pass: false, note: r.reason });
        continue;
      }
      const v = r.value;
      if (v.guarded === true) {
        out.push({
          id, title: `ReplicaSet 0 → ${label(n)} pods`, unit: 'ms', median: v.wallMs ?? Number.NaN, p10: Number.NaN, p90: Number.NaN, samples: 1, target, pass: false,
          ...(v.floors === undefined ? {} : { comparator: 'immer floor', comparatorMedian: summarize(v.floors.map((x) => x.up)).median }),
          extra: { pods: n, readyAtGuard: v.readyAtGuard ?? 0, createdAtGuard: v.podsAtGuard ?? 0, podsPerS: ((v.readyAtGuard ?? 0) * 1000) / (v.wallMs ?? 1) },
          note: `stopped by the ${guardMs / 1000} s wall guard with ${v.readyAtGuard} of ${n} pods Ready`,
        });
        continue;
      }
      const up = summarize((v.runs ?? []).map((x) => x.up));
      const down = summarize((v.runs ?? []).map((x) => x.down));
      const floorUp = summarize((v.floors ?? []).map((x) => x.up));
      const floorDown = summarize((v.floors ?? []).map((x) => x.down));
      upMedian.set(n, up.median);
      const ratio = up.median / floorUp.median;
      if (only('C1')) {
        out.push({
          id, title: `ReplicaSet 0 → ${label(n)} pods, all Ready + status`, unit: 'ms', ...up, samples: up.n, comparator: 'immer floor', comparatorMedian: floorUp.median, ratio, target,
          ...(n === 100_000 ? { pass: up.median <= 10_000 && ratio <= 2.5 } : {}),
          extra: {
            pods: n, podsPerS: (n * 1000) / up.median, floorPodsPerS: (n * 1000) / floorUp.median, virtualMs: v.runs?.[0]?.virtualUp ?? Number.NaN,
            cpuMs: summarize((v.runs ?? []).map((x) => x.upCpu)).median, floorCpuMs: summarize((v.floors ?? []).map((x) => x.upCpu)).median,
          },
        });
      }
      if (only('C2')) {
        out.push({
          id: `C2.${label(n)}`, title: `ReplicaSet ${label(n)} → 0 pods, all gone + status`, unit: 'ms', ...down, samples: down.n, comparator: 'Map delete floor', comparatorMedian: floorDown.median,
          ratio: down.median / floorDown.median, target: n === 100_000 ? '≤ 5 s' : 'info (target at 100k)', ...(n === 100_000 ? { pass: down.median <= 5_000 } : {}),
          extra: { pods: n, podsPerS: (n * 1000) / down.median },
        });
      }
    }
    const big = upMedian.get(100_000);
    const small = upMedian.get(10_000);
    if (only('C1') && !ctx.quick) {
      const scale = big !== undefined && small !== undefined ? big / small : Number.NaN;
      out.push({ id: 'C1.scale', title: 't(100k) / t(10k)', unit: '×', median: scale, p10: Number.NaN, p90: Number.NaN, samples: 1, target: '≤ 12', pass: scale <= 12, ...(Number.isNaN(scale) ? { note: 'one of the two sizes did not finish' } : {}) });
    }
    return out;
  },
};
