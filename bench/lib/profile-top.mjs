#!/usr/bin/env node
// Top functions by self time of a V8 .cpuprofile, mapped through the script's source map when
// there is one (bundle with esbuild --sourcemap first; tsx's in-memory transforms lose lines).
// Usage: node bench/lib/profile-top.mjs <file.cpuprofile> [top=25] [--inclusive]
// --inclusive ranks by time including callees (each function counted once per stack).
// --under NAME counts only samples below a function named NAME.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const inclusive = args.includes('--inclusive');
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? args[underAt + 1] : undefined;
const [file, top = '25'] = args.filter((a, i) => a !== '--inclusive' && (underAt < 0 || (i !== underAt && i !== underAt + 1)));
const prof = JSON.parse(readFileSync(file, 'utf8'));
const maps = new Map();
function mapOf(url) {
  if (!url.startsWith('file://')) return undefined;
  if (!maps.has(url)) {
    const path = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : undefined);
  }
  return maps.get(url);
}
function where(cf) {
  const m = mapOf(cf.url);
  if (m !== undefined && cf.lineNumber >= 0) {
    const e = m.findEntry(cf.lineNumber, cf.columnNumber);
    if (e && e.originalSource) return `${e.originalSource.replace(/^.*?\/(src|bench|node_modules)\//, '$1/')}:${e.originalLine + 1}`;
  }
  return `${cf.url.replace(/^file:\/\/\/work\/main\//, '')}:${cf.lineNumber + 1}`;
}
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const agg = new Map();
let total = 0;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame)}`;
function visit(n, onStack, below = under === undefined) {
  below ||= n.callFrame.functionName === under;
  const t = below ? (self.get(n.id) ?? 0) : 0;
  total += t;
  const key = keyOf(n);
  const counted = inclusive ? onStack.has(key) : false;
  let sub = t;
  const next = inclusive && !counted ? new Set(onStack).add(key) : onStack;
  for (const c of n.children ?? []) sub += visit(byId.get(c), next, below);
  if (!inclusive) { if (t > 0) agg.set(key, (agg.get(key) ?? 0) + t); }
  else if (!counted && sub > 0) agg.set(key, (agg.get(key) ?? 0) + sub);
  return sub;
}
visit(prof.nodes[0], new Set());
for (const [k, t] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
