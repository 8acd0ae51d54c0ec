#!/usr/bin/env node
// Draws pods/s versus pod count (log-log) for C1 (scale up) and C2 (scale down) from a
// `npm run bench -- --json <file>` result, with the published reference lines, as a hand-written SVG.
// Usage: node scripts/bench-chart.mjs bench/results/2026-11-23.json docs/benchmarks-pods-per-second.svg
import { readFileSync, writeFileSync } from 'node:fs';

const [input = 'bench/results/2026-11-23.json', output = 'docs/benchmarks-pods-per-second.svg'] = process.argv.slice(2);
const { machine, results } = JSON.parse(readFileSync(input, 'utf8'));

/** Points { pods, podsPerS, partial } of the rows whose id starts with `prefix`. */
function series(prefix, key = 'podsPerS') {
  return results
    .filter((r) => r.id.startsWith(prefix) && r.extra && typeof r.extra.pods === 'number')
    .map((r) => {
      const partial = typeof r.extra.readyAtGuard === 'number';
      // A guarded row's pods/s is pods Ready at the guard / guard time; its floor, if measured, is in comparatorMedian.
      const v = !partial ? r.extra[key] : key === 'podsPerS' ? r.extra.podsPerS : r.comparatorMedian ? (r.extra.pods * 1000) / r.comparatorMedian : undefined;
      if (partial && key !== 'podsPerS') return { pods: r.extra.pods, podsPerS: v, partial: false };
      return { pods: r.extra.pods, podsPerS: v, partial };
    })
    .filter((p) => typeof p.podsPerS === 'number' && p.podsPerS > 0)
    .sort((a, b) => a.pods - b.pods);
}

const lines = [
  { name: 'podkit C1: 0 → n, all Ready', color: '#1f77b4', points: series('C1.') },
  { name: 'floor C1 (immer on a Map)', color: '#1f77b4', dash: '6 4', points: series('C1.', 'floorPodsPerS') },
  { name: 'podkit C2: n → 0', color: '#d62728', points: series('C2.') },
];
const refs = [
  { name: 'Kubernetes default control plane ≈ 20 pods/s (client QPS 20)', value: 20 },
  { name: 'KWOK CI: 10k pods Running within 60 s ≈ 167 pods/s', value: 10_000 / 60 },
];

const W = 760, H = 440, L = 80, R = 250, T = 40, B = 60;
const all = [...lines.flatMap((l) => l.points.map((p) => p.podsPerS)), ...refs.map((r) => r.value)];
const xs = lines.flatMap((l) => l.points.map((p) => p.pods));
const xMin = 10 ** Math.floor(Math.log10(Math.min(...xs, 1000)));
const xMax = 10 ** Math.ceil(Math.log10(Math.max(...xs, 100_000)));
const yMin = 10 ** Math.floor(Math.log10(Math.min(...all)));
const yMax = 10 ** Math.ceil(Math.log10(Math.max(...all)));
const x = (v) => L + ((Math.log10(v) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * (W - L - R);
const y = (v) => H - B - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (H - T - B);
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (v) => (v >= 1000 ? `${v / 1000}k` : String(v));

const parts = [];
parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`);
parts.push(`<text x="${L}" y="22" font-size="15" font-weight="bold">pods/s versus pod count (VirtualClock, FakeRuntime, zero latencies)</text>`);
for (let v = xMin; v <= xMax; v *= 10) {
  parts.push(`<line x1="${x(v)}" y1="${T}" x2="${x(v)}" y2="${H - B}" stroke="#ddd"/>`, `<text x="${x(v)}" y="${H - B + 18}" font-size="12" text-anchor="middle">${fmt(v)}</text>`);
}
for (let v = yMin; v <= yMax; v *= 10) {
  parts.push(`<line x1="${L}" y1="${y(v)}" x2="${W - R}" y2="${y(v)}" stroke="#ddd"/>`, `<text x="${L - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end">${fmt(v)}</text>`);
}
parts.push(`<text x="${(L + W - R) / 2}" y="${H - 18}" font-size="13" text-anchor="middle">pods (log)</text>`);
parts.push(`<text x="20" y="${(T + H - B) / 2}" font-size="13" text-anchor="middle" transform="rotate(-90 20 ${(T + H - B) / 2})">pods/s (log)</text>`);
for (const r of refs) parts.push(`<line x1="${L}" y1="${y(r.value)}" x2="${W - R}" y2="${y(r.value)}" stroke="#888" stroke-dasharray="2 3"/>`);
let ly = T + 10;
for (const l of lines) {
  if (l.points.length === 0) continue;
  const d = l.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.pods).toFixed(1)},${y(p.podsPerS).toFixed(1)}`).join(' ');
  parts.push(`<path d="${d}" fill="none" stroke="${l.color}" stroke-width="2"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`);
  for (const p of l.points) {
    parts.push(`<circle cx="${x(p.pods).toFixed(1)}" cy="${y(p.podsPerS).toFixed(1)}" r="4" fill="${p.partial ? 'white' : l.color}" stroke="${l.color}" stroke-width="2"><title>${esc(`${l.name}: ${p.pods} pods, ${p.podsPerS.toFixed(0)} pods/s${p.partial ? ' (stopped by the wall guard)' : ''}`)}</title></circle>`);
  }
  parts.push(`<line x1="${W - R + 15}" y1="${ly}" x2="${W - R + 40}" y2="${ly}" stroke="${l.color}" stroke-width="2"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`, `<text x="${W - R + 46}" y="${ly + 4}" font-size="11">${esc(l.name)}</text>`);
  ly += 20;
}
for (const r of refs) {
  parts.push(`<line x1="${W - R + 15}" y1="${ly}" x2="${W - R + 40}" y2="${ly}" stroke="#888" stroke-dasharray="2 3"/>`, `<text x="${W - R + 46}" y="${ly + 4}" font-size="11">${esc(r.name.split(' ≈ ')[0])}</text>`, `<text x="${W - R + 46}" y="${ly + 17}" font-size="11">≈ ${esc(r.name.split(' ≈ ')[1])}</text>`);
  ly += 36;
}
parts.push(`<text x="${W - R + 15}" y="${ly + 4}" font-size="11">open circle: stopped by the wall guard</text>`);
parts.push(`<text x="${L}" y="${H - 2}" font-size="10" fill="#555">${esc(`${machine.date.slice(0, 10)} · node ${machine.node} · ${machine.nproc} cores · load ${machine.loadavg.join(' ')} at start`)}</text>`);
writeFileSync(output, `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`);
console.log(`wrote ${output}`);
