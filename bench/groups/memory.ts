/** M1: retained heap per managed pod vs plain pod objects in a Map, and growth over scale cycles (child process, --expose-gc). */
import { runChild } from '../lib/child.js';
import type { BenchResult } from '../lib/report.js';
import { skipped } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

interface Out {
  readonly n: number;
  readonly plainPerPod: number;
  readonly podkitPerPod: number;
  readonly cycleN: number;
  readonly after: readonly number[];
}

export const memoryGroup: BenchGroup = {
  ids: ['M1'],
  name: 'memory (M1)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    // 100k is the target size: measured without the FakeRuntime call log (a test-inspection log
    // that keeps every call); with it, 10k pods (the suite's time budget holds one 100k run).
    const sizeFor = (record: boolean): number => (ctx.quick ? 1_000 : record ? 10_000 : 100_000);
    const cycleN = ctx.quick ? 300 : 1_000;
    const cycles = ctx.quick ? 3 : 10;
    const out: BenchResult[] = [];
    // FakeRuntime records every call by default (an unbounded, inspectable log); the second variant turns it off.
    for (const record of [true, false]) {
      const suffix = record ? '' : '.norec';
      const how = record ? '' : ', FakeRuntime recordCalls: false';
      const n = sizeFor(record);
      ctx.log(`M1 ${n} pods, ${cycles} cycles of ${cycleN}${how}`);
      const r = await runChild<Out>('m-child.ts', [n, cycleN, WARMUP_CYCLES + cycles, record ? 'record' : 'norecord'], ctx.quick ? 120_000 : 420_000);
      if (!r.ok) {
        out.push(skipped(`M1${suffix}`, 'retained heap per pod', r.reason));
        continue;
      }
      out.push(...rows(r.value, suffix, how, n, cycles, cycleN));
    }
    return out;
  },
};

/**
 * Cycles run before the counted ones: the store's watch history (10k events) and the cluster's
 * Event log (10k) are bounded buffers that fill during the first two cycles of 1 000 pods; growth
 * is measured over the cycles after that.
 */
const WARMUP_CYCLES = 2;

function rows(v: Out, suffix: string, how: string, n: number, cycles: number, cycleN: number): BenchResult[] {
  const kb = v.podkitPerPod / 1024;
  const counted = v.after.slice(WARMUP_CYCLES);
  const first = counted[0] ?? Number.NaN;
  const last = counted[counted.length - 1] ?? Number.NaN;
  const growth = last / first - 1;
  return [
    {
      id: `M1.heap${suffix}`, title: `retained heap per managed pod at ${n / 1000}k pods${how}`, unit: 'KB/pod', median: kb, p10: Number.NaN, p90: Number.NaN, samples: 1,
      comparator: 'plain pods in a Map', comparatorMedian: v.plainPerPod / 1024, ratio: v.podkitPerPod / v.plainPerPod, target: '≤ 5 KB/pod (at 100k)', pass: kb <= 5,
    },
    {
      id: `M1.cycles${suffix}`, title: `heap growth over ${cycles} scale cycles of ${cycleN} pods (after ${WARMUP_CYCLES} warm-up cycles)${how}`, unit: '%', median: growth * 100, p10: Number.NaN, p90: Number.NaN, samples: counted.length,
      target: '≤ 5 %', pass: growth <= 0.05,
      extra: { firstMB: first / 2 ** 20, lastMB: last / 2 ** 20, warmupMB: v.after.slice(0, WARMUP_CYCLES).map((x) => (x / 2 ** 20).toFixed(1)).join(' '), heapsMB: counted.map((x) => (x / 2 ** 20).toFixed(1)).join(' ') },
    },
  ];
}
