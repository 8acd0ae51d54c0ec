// The classic sidecar pattern on a real Docker engine: busybox `httpd` serves a shared emptyDir
// while a sidecar rewrites index.html every second. The example fetches the page from the pod IP
// twice, shows it change, then deletes the pod gracefully and prints its Events.
// Needs a Docker engine with the busybox:1.36 image (see docs/guides/docker.md).
import { formatPodTable, PodController, isPodReady, type Pod } from 'podkit';
import { createDockerRuntime } from 'podkit/docker';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-with-sidecar', labels: { app: 'web' } },
  spec: {
    terminationGracePeriodSeconds: 3,
    volumes: [{ name: 'www', emptyDir: {} }],
    initContainers: [
      {
        // A native sidecar (an init container with restartPolicy Always): started before `web`, stopped after it.
        name: 'content',
        image: 'busybox:1.36',
        imagePullPolicy: 'IfNotPresent',
        restartPolicy: 'Always',
        command: ['sh', '-c', `trap 'exit 0' TERM; while true; do date > /www/index.html; echo "<p>$(date)</p>" >> /www/index.html; sleep 1; done`],
        volumeMounts: [{ name: 'www', mountPath: '/www' }],
      },
    ],
    containers: [
      {
        name: 'web',
        image: 'busybox:1.36',
        imagePullPolicy: 'IfNotPresent',
        command: ['httpd', '-f', '-p', '8080', '-h', '/www'],
        ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
        volumeMounts: [{ name: 'www', mountPath: '/www', readOnly: true }],
      },
    ],
  },
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the pod on the local Docker engine, fetches its page twice, deletes it and cleans up. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  // No registry needed: the sandbox (infra) container is the local busybox image sleeping forever.
  const runtime = await createDockerRuntime({
    sandboxImage: 'busybox:1.36',
    sandboxCommand: ['sleep', '2147483647'],
    namePrefix: 'podkit-example',
    labelNamespace: 'io.podkit.example-sidecar',
  });
  const kubelet = new PodController({ runtime, nodeName: 'docker-node', relistInterval: '2s' });
  try {
    await runtime.ping();
    await kubelet.start();
    kubelet.run(pod);
    const ready = await new Promise<Pod>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the pod was not ready within 60 s: ${JSON.stringify(kubelet.get('web-with-sidecar')?.status)}`)), 60_000);
      const sub = kubelet.watch('web-with-sidecar').subscribe((p) => {
        if (!isPodReady(p)) return;
        clearTimeout(timer);
        queueMicrotask(() => sub.unsubscribe());
        resolve(p);
      });
    });
    log(formatPodTable([ready], Date.now(), { wide: true }));
    const url = `http://${ready.status?.podIP ?? ''}:8080/`;
    const first = await (await fetch(url)).text();
    log(`GET ${url}\n${first.trimEnd()}`);
    await sleep(1500);
    const second = await (await fetch(url)).text();
    log(`GET ${url} (1.5 s later)\n${second.trimEnd()}`);
    if (first === second) throw new Error('the sidecar did not rewrite index.html within 1.5 s');
    log('the page changed: the sidecar rewrites it through the shared emptyDir');

    const gone = await kubelet.delete('web-with-sidecar');
    const states = [...(gone.status?.initContainerStatuses ?? []), ...(gone.status?.containerStatuses ?? [])].map((s) => `${s.name}: ${s.state?.terminated?.reason ?? '?'} (${s.state?.terminated?.exitCode ?? '?'})`);
    log(`deleted gracefully: ${states.join(', ')}`);
    log('Events:');
    for (const e of kubelet.listEvents()) log(`  ${e.type ?? ''} ${e.reason ?? ''}${e.involvedObject.fieldPath === undefined ? '' : ` ${e.involvedObject.fieldPath}`}: ${e.message ?? ''}`);
  } finally {
    await kubelet.close();
    await runtime.gc([]);
    await runtime.close();
  }
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
