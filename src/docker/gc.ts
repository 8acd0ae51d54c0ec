import type { EngineClient } from './engine-client.js';
import { fromDockerLabels } from './labels.js';
import type { DockerGcResult } from './options.js';

/**
 * Removes every podkit-labelled container, sandbox and volume (of the engine client's label
 * namespace) whose pod uid is not live: containers first, then sandboxes, then volumes. Returns
 * the counts and the removed container ids.
 */
export async function collectGarbage(engine: EngineClient, live: ReadonlySet<string>): Promise<{ result: DockerGcResult; removed: string[] }> {
  const ns = engine.labelNamespace;
  const doomed = (await engine.list([])).flatMap((c) => {
    const identity = fromDockerLabels(c.Labels ?? {}, ns);
    return identity === undefined || live.has(identity.podUid) ? [] : [{ id: c.Id, role: identity.role }];
  });
  await Promise.all(doomed.filter((c) => c.role !== 'sandbox').map((c) => engine.remove(c.id)));
  await Promise.all(doomed.filter((c) => c.role === 'sandbox').map((c) => engine.remove(c.id)));
  const volumes = (await engine.listVolumes([])).filter((v) => {
    const identity = fromDockerLabels(v.labels, ns);
    return identity !== undefined && !live.has(identity.podUid);
  });
  await Promise.all(volumes.map((v) => engine.removeVolume(v.name)));
  return { result: { containers: doomed.length, volumes: volumes.length }, removed: doomed.map((c) => c.id) };
}
