// Every example in examples/ runs here (reselect's test/examples.test.ts idea): each exports
// `main(log)`; this test runs it with a capturing log. Docker examples (docker-*.ts) run in
// test/docker/, behind the Docker gate (required in CI).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', 'examples');

/** examples/*.ts, and the `main.ts` of each example folder (its other files are modules of it). */
function findExamples(dir: string, top = true): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== 'manifests') out.push(...findExamples(full, false));
    } else if (top ? entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts') : entry === 'main.ts') {
      out.push(full);
    }
  }
  return out;
}

const examples = findExamples(root).filter((f) => !relative(root, f).split('/').pop()!.startsWith('docker-'));

describe('examples', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((f) => [relative(root, f), f]))('%s runs and prints', async (_name, file) => {
    const mod: unknown = await import(pathToFileURL(file).href);
    expect(mod).toHaveProperty('main');
    const lines: string[] = [];
    await (mod as { main: (log: (line: string) => void) => Promise<void> }).main((line) => lines.push(line));
    expect(lines.join('\n').length).toBeGreaterThan(0);
  });
});
