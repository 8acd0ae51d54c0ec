// Runs examples/docker-sidecar.ts (which test/examples.test.ts skips: it needs an engine) under
// the Docker gate, and checks it left nothing behind.
import { expect, it } from 'vitest';
import { main } from '../../examples/docker-sidecar.js';
import { describeIfEngine, rawObjects } from './docker-env.js';

const EXAMPLE_LABEL_NAMESPACE = 'io.podkit.example-sidecar';

describeIfEngine('examples/docker-sidecar.ts', () => {
  it('serves a page the sidecar rewrites, shows it change, deletes the pod gracefully and cleans up', async () => {
    const lines: string[] = [];
    try {
      await main((line) => lines.push(line));
    } finally {
      // main() removes what it created even when it fails; check, and remove leftovers of a crashed run.
      const left = await rawObjects(EXAMPLE_LABEL_NAMESPACE);
      expect(left).toEqual({ containers: [], volumes: [] });
    }
    const output = lines.join('\n');
    expect(output).toMatch(/web-with-sidecar\s+2\/2\s+Running\s+0/);
    const bodies = [...output.matchAll(/GET http:\/\/[\d.]+:8080\/[^\n]*\n([^\n]+\n<p>[^\n]+<\/p>)/g)].map((m) => m[1]);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).not.toBe(bodies[1]);
    expect(output).toContain('the page changed');
    // Sidecars stop after the main container (§F): web is killed first, then content exits on TERM.
    expect(output).toContain('deleted gracefully: content: Completed (0), web: Error (137)');
    expect(lines.filter((l) => l.includes(' Killing ')).map((l) => l.trim().split(' ')[2])).toEqual(['spec.containers{web}:', 'spec.initContainers{content}:']);
  }, 90_000);
});
