// The README's tour is the body of examples/readme-tour.ts (which test/examples.test.ts runs).
import { readFileSync } from 'node:fs';
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

  it('shows a tour that is the runnable examples/readme-tour.ts', () => {
    const block = /## A tour\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const example = readFileSync(join(root, 'examples', 'readme-tour.ts'), 'utf8');
    const body = /\/\/ tour:start\n([\s\S]*?)\/\/ tour:end/.exec(example)?.[1] ?? '';
    expect(body.length).toBeGreaterThan(0);
    expect(normalize(block)).toEqual(normalize(body));
  });
});
