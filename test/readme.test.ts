// The README's tour is the body of examples/readme-tour.ts (which test/examples.test.ts runs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const normalize = (code: string): string[] =>
  code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('import ') && !l.startsWith('//'));

describe('README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('keeps exactly two set-up commands: the demo and the tests', () => {
    const setup = readme.slice(readme.indexOf('## Set up'), readme.indexOf('## A tour'));
    const commands = [...setup.matchAll(/^(npm [^#\n]*?)\s*(#.*)?$/gm)].map((m) => m[1]);
    expect(commands).toEqual(['npm install && npm run demo', 'npm test']);
  });

  it('says how long npm test takes, and gives a fast subset that names a real vitest project and npm script', async () => {
    const dev = readme.slice(readme.indexOf('## Development'));
    expect(dev).toMatch(/`npm test` takes about \d+–\d+ minutes on 2 cores with the Docker tests included/);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(dev).toContain('`npm run test:unit`');
    expect(pkg.scripts['test:unit']).toBe('vitest run --project unit');
    expect(dev).toContain('`npm test -- --project unit`');
    const config = (await import('../vitest.config.js')).default as { test?: { projects?: { test?: { name?: string } }[] } };
    expect(config.test?.projects?.map((p) => p.test?.name)).toEqual(['unit', 'integration']);
  });

  it('lists every entry point of package.json with the optional peer it needs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const table = readme.slice(readme.indexOf('## Entry points'), readme.indexOf('## Development'));
    const peers = new Map(
      table
        .split('\n')
        .filter((l) => l.startsWith('| `podkit'))
        .map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim()))
        .map((cells) => [cells[0]?.replaceAll('`', ''), cells.length === 3 ? cells[2] : undefined]),
    );
    const entries = Object.keys(pkg.exports).filter((e) => e !== './package.json').map((e) => (e === '.' ? 'podkit' : `podkit/${e.slice(2)}`));
    expect([...peers.keys()].sort()).toEqual([...entries].sort());
    expect(Object.fromEntries([...peers].map(([name, peer]) => [name, peer?.split(' ')[0]]))).toEqual({
      podkit: 'none',
      'podkit/model': 'none',
      'podkit/planners': 'none',
      'podkit/testing': 'none',
      'podkit/testing/vitest': '`vitest`',
      'podkit/testing/fast-check': '`fast-check`',
      'podkit/docker': '`dockerode`',
      'podkit/etcd': '`etcd3`',
      'podkit/server': 'none',
    });
  });

  it('docs/README.md links every guide', () => {
    const index = readFileSync(join(root, 'docs', 'README.md'), 'utf8');
    for (const guide of readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md'))) expect(index).toContain(`(guides/${guide})`);
  });

  it('shows a tour that is the runnable examples/readme-tour.ts', () => {
    const block = /## A tour\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const example = readFileSync(join(root, 'examples', 'readme-tour.ts'), 'utf8');
    const body = /\/\/ tour:start\n([\s\S]*?)\/\/ tour:end/.exec(example)?.[1] ?? '';
    expect(body.length).toBeGreaterThan(0);
    expect(normalize(block)).toEqual(normalize(body));
  });
});
