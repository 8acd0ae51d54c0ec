/** The result of one benchmark row and how it is printed. */

/** One measured row: podkit's numbers, the comparator's, the ratio and the target verdict. */
export interface BenchResult {
  readonly id: string;
  readonly title: string;
  /** Unit of median / p10 / p90 / comparatorMedian: 'ns/op', 'ms', 'KB/pod', ... */
  readonly unit: string;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly samples: number;
  readonly comparator?: string;
  readonly comparatorMedian?: number;
  /** median / comparatorMedian (or the group's own ratio, named in `target`). */
  readonly ratio?: number;
  readonly target: string;
  /** true PASS, false MISS, undefined when there is nothing to judge (skipped, info row). */
  readonly pass?: boolean;
  /** Extra measured numbers (pods, pods/s, virtual ms, ...), also written to --json. */
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
  readonly note?: string;
}

/** A row that did not run, with the reason. */
export function skipped(id: string, title: string, reason: string): BenchResult {
  return { id, title, unit: '', median: Number.NaN, p10: Number.NaN, p90: Number.NaN, samples: 0, target: '', note: `SKIPPED: ${reason}` };
}

function num(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function verdict(r: BenchResult): string {
  return r.pass === undefined ? (r.note?.startsWith('SKIPPED') ? 'SKIP' : 'INFO') : r.pass ? 'PASS' : 'MISS';
}

/** One console line per result. */
export function formatLine(r: BenchResult): string {
  const head = `${r.id.padEnd(9)} ${r.title}`;
  if (r.note?.startsWith('SKIPPED')) return `${head}\n          ${r.note}`;
  const cmp = r.comparator === undefined ? '' : `  | ${r.comparator}: ${num(r.comparatorMedian)} ${r.unit}  ratio ${num(r.ratio)}×`;
  const extra = r.extra === undefined ? '' : `\n          ${Object.entries(r.extra).map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : String(v)}`).join('  ')}`;
  const note = r.note === undefined ? '' : `\n          ${r.note}`;
  return `${head}\n          median ${num(r.median)} ${r.unit}  p10 ${num(r.p10)}  p90 ${num(r.p90)}  (n=${r.samples})${cmp}\n          target: ${r.target}  → ${verdict(r)}${extra}${note}`;
}

/** A markdown table of the results (docs/benchmarks.md). */
export function markdownTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) =>
    `| ${r.id} | ${r.title} | ${num(r.median)} ${r.unit} | ${num(r.p10)} / ${num(r.p90)} | ${r.comparator === undefined ? '—' : `${r.comparator}: ${num(r.comparatorMedian)}`} | ${num(r.ratio)} | ${r.target || '—'} | ${verdict(r)} |`,
  );
  return ['| id | workload | median | p10 / p90 | comparator (median) | ratio | target | result |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
