// Prints the runtime export lists of the entry points; with --write, regenerates
// test/public-api.test.ts, which pins them. Review the diff: every change to the public API
// should be deliberate.   Usage: npx tsx scripts/print-exports.mjs [--write]
import { writeFileSync } from 'node:fs';

const entries = { podkit: '../src/index.ts', 'podkit/model': '../src/model.ts', 'podkit/planners': '../src/planners.ts', 'podkit/testing': '../src/testing.ts', 'podkit/testing/vitest': '../src/testing-vitest.ts', 'podkit/testing/fast-check': '../src/testing-fast-check.ts', 'podkit/docker': '../src/docker.ts', 'podkit/etcd': '../src/etcd.ts', 'podkit/server': '../src/server.ts' };
const lists = {};
for (const [name, path] of Object.entries(entries)) {
  const mod = await import(new URL(path, import.meta.url).href);
  lists[name] = Object.keys(mod).sort();
}
if (!process.argv.includes('--write')) {
  for (const [name, list] of Object.entries(lists)) console.log(`${name} (${list.length}): ${list.join(', ')}`);
} else {
  const block = (list) => list.map((n) => `    '${n}',`).join('\n');
  const text = `// Pins the exact runtime export list of each entry point (redux's public-api test).
// Regenerate with \`npx tsx scripts/print-exports.mjs --write\` and review the diff.
import { describe, expect, it } from 'vitest';
import * as core from 'podkit';
import * as docker from 'podkit/docker';
import * as etcd from 'podkit/etcd';
import * as model from 'podkit/model';
import * as planners from 'podkit/planners';
import * as server from 'podkit/server';
import * as testing from 'podkit/testing';
import * as testingFastCheck from 'podkit/testing/fast-check';
import * as testingVitest from 'podkit/testing/vitest';

const sorted = (mod: object): string[] => Object.keys(mod).sort();

describe('public API', () => {
  it('podkit exports exactly these names', () => {
    expect(sorted(core)).toEqual([
${block(lists.podkit)}
    ]);
  });

  it('podkit/model exports exactly these names', () => {
    expect(sorted(model)).toEqual([
${block(lists['podkit/model'])}
    ]);
  });

  it('podkit/planners exports exactly these names', () => {
    expect(sorted(planners)).toEqual([
${block(lists['podkit/planners'])}
    ]);
  });

  it('the root podkit and its subpaths podkit/model and podkit/planners share no name', () => {
    const root = new Set(sorted(core));
    expect(sorted(model).filter((n) => root.has(n))).toEqual([]);
    expect(sorted(planners).filter((n) => root.has(n))).toEqual([]);
    expect(sorted(model).filter((n) => n in planners)).toEqual([]);
  });

  it('podkit/testing exports exactly these names', () => {
    expect(sorted(testing)).toEqual([
${block(lists['podkit/testing'])}
    ]);
  });

  it('podkit/testing/vitest exports exactly these names', () => {
    expect(sorted(testingVitest)).toEqual([
${block(lists['podkit/testing/vitest'])}
    ]);
  });

  it('podkit/testing/fast-check exports exactly these names', () => {
    expect(sorted(testingFastCheck)).toEqual([
${block(lists['podkit/testing/fast-check'])}
    ]);
  });

  it('podkit/docker exports exactly these names', () => {
    expect(sorted(docker)).toEqual([
${block(lists['podkit/docker'])}
    ]);
  });

  it('podkit/etcd exports exactly these names', () => {
    expect(sorted(etcd)).toEqual([
${block(lists['podkit/etcd'])}
    ]);
  });

  it('podkit/server exports exactly these names', () => {
    expect(sorted(server)).toEqual([
${block(lists['podkit/server'])}
    ]);
  });
});
`;
  writeFileSync(new URL('../test/public-api.test.ts', import.meta.url), text);
  console.log('wrote test/public-api.test.ts');
}
