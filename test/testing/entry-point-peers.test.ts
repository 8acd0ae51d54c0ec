// podkit/testing loads with no optional peer installed (issue 20: it used to import fast-check):
// nothing reachable from src/testing.ts imports fast-check, vitest or dockerode statically. The
// packaging check (scripts/check-package.mjs) proves the same on the packed tarball.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const PEERS = ['fast-check', 'vitest', 'dockerode'];
// Static imports and re-exports (`import … from`, `export … from`, `import '…'`); `import type` is erased.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** The bare packages imported (statically, at run time) by every module reachable from `entry`. */
function packagesReachableFrom(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (spec === undefined) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.set(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!, relative(root, file));
    }
  };
  visit(join(root, entry));
  return packages;
}

describe('entry points and their optional peers', () => {
  it.each([['src/testing.ts'], ['src/index.ts'], ['src/server.ts']])('%s reaches no optional peer', (entry) => {
    const reached = packagesReachableFrom(entry);
    expect(PEERS.filter((p) => reached.has(p)).map((p) => `${p} (imported by ${reached.get(p)})`)).toEqual([]);
    // The walk did find the entry's real dependencies.
    expect(reached.has('rxjs') || reached.has('zod')).toBe(true);
  });

  it('podkit/testing/fast-check is where fast-check is imported', () => {
    expect(packagesReachableFrom('src/testing-fast-check.ts').has('fast-check')).toBe(true);
  });
});
