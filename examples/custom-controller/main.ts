/**
 * Runs a BatchQueue (see batch-queue.ts) on a test cluster: 6 items, 2 workers, one worker crash
 * injected in the FakeRuntime; prints the queue's progress on virtual time.
 */
import { createTestCluster } from 'podkit/testing';
import { BatchQueue, createBatchQueueController } from './batch-queue.js';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const t = createTestCluster({ nodes: 2, recordKinds: ['BatchQueue'] });
  try {
    t.addController(createBatchQueueController());
    // The next container to start on node-1 exits 1 after 2 s: its item fails once and is retried.
    t.runtime('node-1').inject({ fault: { type: 'exit', code: 1, afterMs: 2_000 }, times: 1 });
    t.apply(`
apiVersion: example.podkit.dev/v1
kind: BatchQueue
metadata: {name: thumbnails}
spec:
  workers: 2
  secondsPerItem: 30
  items: [a.png, b.png, c.png, d.png, e.png, f.png]
`);
    const start = t.clock.now();
    const complete = (): boolean => BatchQueue.get(t.store, 'thumbnails').status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true;
    for (let minute = 1; minute <= 10 && !complete(); minute++) {
      await t.advance('1m');
      const q = BatchQueue.get(t.store, 'thumbnails');
      log(`+${minute}m done=${q.status?.done.length ?? 0}/6 active=${q.status?.active ?? 0} failures=${q.status?.failures ?? 0}`);
    }
    await t.runUntil(complete, { timeout: '10m' });
    log(`drained after ${(t.clock.now() - start) / 1000}s of virtual time`);
    for (const e of t.events({ kind: 'BatchQueue' }).filter((e) => e.reason !== 'SuccessfulCreate')) log(`${e.type} ${e.reason}: ${e.message}`);
  } finally {
    await t.close();
  }
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
