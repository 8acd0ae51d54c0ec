/**
 * podkit's benchmark suite: `npm run bench [-- --quick] [--only R1,T1] [--json out.json]`.
 * Each row runs podkit and its comparator interleaved in this process and prints median, p10 /
 * p90, the comparator's median, the ratio and the target with PASS / MISS. Numbers are only
 * comparable within one run (compare ratios, not absolute times across runs).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { canGc } from './lib/measure.js';
import { formatLine, markdownTable, type BenchResult } from './lib/report.js';
import type { BenchGroup } from './groups/group.js';
import { reducerGroup } from './groups/reducer.js';
import { replicaSetGroup } from './groups/replica-set.js';
import { jobGroup } from './groups/job.js';
import { daemonSetGroup } from './groups/daemon-set.js';
import { clockGroup } from './groups/clock.js';
import { memoryGroup } from './groups/memory.js';
import { dockerGroup } from './groups/docker.js';
import { apiGroup } from './groups/api.js';
import { cronJobGroup } from './groups/cronjob.js';
import { deploymentGroup } from './groups/deployment.js';
import { etcdGroup } from './groups/etcd.js';
import { failoverGroup } from './groups/failover.js';

const GROUPS: readonly BenchGroup[] = [reducerGroup, clockGroup, replicaSetGroup, jobGroup, daemonSetGroup, memoryGroup, dockerGroup, apiGroup, cronJobGroup, deploymentGroup, etcdGroup, failoverGroup];

function parseArgs(argv: readonly string[]): { quick: boolean; only?: Set<string>; json?: string; markdown: boolean } {
  let quick = false;
  let only: Set<string> | undefined;
  let json: string | undefined;
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--markdown') markdown = true;
    else if (a === '--only') only = new Set((argv[++i] ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
    else if (a?.startsWith('--only=')) only = new Set(a.slice(7).split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
    else if (a === '--json') json = argv[++i];
    else if (a?.startsWith('--json=')) json = a.slice(7);
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--quick] [--only R1,C1,...] [--json out.json] [--markdown]');
      process.exit(0);
    } else throw new Error(`unknown argument ${JSON.stringify(a)} (try --help)`);
  }
  return { quick, markdown, ...(only === undefined ? {} : { only }), ...(json === undefined ? {} : { json }) };
}

const args = parseArgs(process.argv.slice(2));
const only = (id: string): boolean => args.only === undefined || args.only.has(id.toUpperCase()) || args.only.has(id.toUpperCase().replace(/\..*$/, ''));
const log = (line: string): void => void process.stderr.write(`  … ${line}\n`);
const started = new Date();
const machine = {
  date: started.toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  nproc: cpus().length,
  loadavg: loadavg().map((x) => Number(x.toFixed(2))),
  quick: args.quick,
  exposeGc: canGc(),
};
console.log(`podkit bench — ${machine.date}  node ${machine.node}  ${machine.platform}  ${machine.nproc}× ${machine.cpu}  load ${machine.loadavg.join(' ')}${args.quick ? '  (quick)' : ''}`);
if (!machine.exposeGc) console.log('note: run with node --expose-gc (npm run bench does) for the memory group');

const results: BenchResult[] = [];
const t0 = performance.now();
for (const group of GROUPS) {
  if (!group.ids.some(only)) continue;
  console.log(`\n## ${group.name}`);
  const g0 = performance.now();
  try {
    for (const r of await group.run({ quick: args.quick, log }, only)) {
      results.push(r);
      console.log(formatLine(r));
    }
  } catch (e) {
    console.log(`  group failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  }
  console.log(`  (${((performance.now() - g0) / 1000).toFixed(1)} s)`);
}
const seconds = (performance.now() - t0) / 1000;
console.log(`\n${results.filter((r) => r.pass === true).length} PASS, ${results.filter((r) => r.pass === false).length} MISS, ${results.filter((r) => r.pass === undefined).length} info/skipped — ${seconds.toFixed(1)} s`);
if (args.markdown) console.log(`\n${markdownTable(results)}`);
if (args.json !== undefined) {
  writeFileSync(args.json, `${JSON.stringify({ machine: { ...machine, seconds: Number(seconds.toFixed(1)) }, results }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  console.log(`results written to ${args.json}`);
}
