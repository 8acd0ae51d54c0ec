// Cluster.exec and PodController.exec pass stdin and tty through to the node's runtime (§Z.1,
// §Z.2): the same options as the runtime port's exec.
import { describe, expect, it } from 'vitest';
import type { ExecOptions } from 'podkit';
import { newCluster } from './helpers.js';
import { pod, setup, sh } from '../pod-controller/helpers.js';

describe('exec stdin through the cluster and the PodController', () => {
  it('Cluster.exec feeds stdin (whole or streamed) and runs on a terminal with tty (§Z.1, §Z.2)', async () => {
    const { cluster } = newCluster(1);
    cluster.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    await cluster.runUntil((c) => c.get('Pod', 'p').status?.phase === 'Running', { timeout: '10s' });
    expect(await cluster.exec('p', undefined, ['wc', '-l'], { stdin: 'a\nb\n' })).toMatchObject({ exitCode: 0, stdout: '2\n' });
    async function* typed(): AsyncIterable<Uint8Array> {
      yield new TextEncoder().encode('streamed\n');
    }
    expect(await cluster.exec('p', 'app', ['cat'], { stdin: typed() })).toMatchObject({ stdout: 'streamed\n' });
    expect(await cluster.exec('p', 'app', ['sh', '-c', 'echo e >&2'], { tty: true })).toMatchObject({ stdout: 'e\r\n', stderr: '' });
    expect(await cluster.exec('p', 'app', ['cat'])).toMatchObject({ stdout: '' });
    await cluster.close();
  });

  it('PodController.exec passes stdin and tty, and only the given options, to the runtime (§Z.1)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(1);
    expect(await s.ctrl.exec('web', 'app', ['sh', '-c', 'read x; echo "x=$x"'], { stdin: 'given\n' })).toMatchObject({ stdout: 'x=given\n' });
    const seen: ExecOptions[] = [];
    const exec = s.runtime.exec.bind(s.runtime);
    s.runtime.exec = (id, command, options) => {
      seen.push(options ?? {});
      return exec(id, command, options);
    };
    await s.ctrl.exec('web', 'app', ['cat'], { namespace: 'default', stdin: 'x', tty: true });
    await s.ctrl.exec('web', 'app', ['true']);
    expect(seen).toEqual([{ stdin: 'x', tty: true }, {}]);
  });
});
