// Golden pod lifecycles (test/golden/*.json): a pod and a list of events in, the kubectl row after
// every event and the final pod out. Regenerate with UPDATE_GOLDEN=1 and review the diff by hand.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Pod, PodEvent, PodRow } from 'podkit';
import { podReducer, toPodRow } from 'podkit';

interface Golden {
  readonly description: string;
  readonly pod: Pod;
  readonly steps?: readonly { readonly event: PodEvent; readonly row: PodRow }[];
  readonly events?: readonly PodEvent[];
  readonly expected?: Pod;
}

const dir = fileURLToPath(new URL('../golden/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const update = process.env['UPDATE_GOLDEN'] === '1';

function play(golden: Golden): { steps: { event: PodEvent; row: PodRow }[]; final: Pod } {
  const events = golden.steps?.map((s) => s.event) ?? golden.events ?? [];
  let pod = golden.pod;
  const steps = events.map((event) => {
    pod = podReducer(pod, event);
    return { event, row: toPodRow(pod, event.at) };
  });
  return { steps, final: pod };
}

describe('golden pod lifecycles', () => {
  it('has the lifecycles the issue asks for', () => {
    expect(files).toEqual(
      expect.arrayContaining(['crash-loop.json', 'init-failure-always.json', 'init-failure-onfailure.json', 'init-failure-never.json', 'sidecar-ordering.json', 'liveness-restart.json', 'graceful-deletion.json']),
    );
  });

  it.each(files)('%s replays to its recorded rows and final pod', (file) => {
    const path = `${dir}${file}`;
    const golden = JSON.parse(readFileSync(path, 'utf8')) as Golden;
    const { steps, final } = play(golden);
    if (update) {
      const out = { description: golden.description, pod: golden.pod, steps, expected: final };
      writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    expect(golden.steps, `${file} has no recorded steps: run with UPDATE_GOLDEN=1`).toBeDefined();
    expect(steps.map((s) => s.row)).toEqual(golden.steps?.map((s) => s.row));
    expect(JSON.parse(JSON.stringify(final))).toEqual(golden.expected);
  });
});
