// Runs examples/docker-stateful-set.ts (which test/examples.test.ts skips: it needs an engine)
// under the Docker gate, and checks it left nothing behind (docs/reference/kubernetes-rules.md §P.8).
import { expect, it } from 'vitest';
import { main } from '../../examples/docker-stateful-set.js';
import { describeIfEngine, rawObjects } from './docker-env.js';

describeIfEngine('examples/docker-stateful-set.ts', () => {
  it('§P.8 a replaced pod reads the data its predecessor wrote, and deleting the set removes claims and volumes', async () => {
    const lines: string[] = [];
    try {
      await main((line) => lines.push(line));
    } finally {
      expect(await rawObjects('io.podkit.example-sts')).toEqual({ containers: [], volumes: [] });
    }
    const output = lines.join('\n');
    expect(output).toMatch(/^NAME\s+READY\s+AGE\nweb\s+3\/3\s+\d+s$/m);
    expect(output).toMatch(/the new web-1 \(uid [^)]+\) reads:\nweb-1 started [\d:]+\nweb-1 started [\d:]+/);
    expect(output).toContain('the data survived the pod');
    expect(output).toContain('its pods and claims are gone');
  }, 120_000);
});
