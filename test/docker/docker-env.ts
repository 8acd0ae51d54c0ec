// Shared set-up of the tests that run against a real Docker engine (scripts/docker-setup.sh
// prepares one). Each test file gets its own label namespace and name prefix, so its clean-up
// (`gc([])`) touches only what it created, even when tests fail.
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDockerRuntime, type DockerRuntime, type DockerRuntimeOptions } from 'podkit/docker';
import type { ContainerConfig, PodSandboxConfig } from 'podkit';

/** The busybox image scripts/docker-setup.sh builds (no registry needed). */
export const TEST_IMAGE = 'podkit-busybox:1.36';

/** `PODKIT_DOCKER=required` makes a missing engine a failure instead of a visible skip. */
export const DOCKER_REQUIRED = process.env['PODKIT_DOCKER'] === 'required';

/** Whether an engine answers (a 2 s ping) and the test image is present, with the reason if not. */
export interface EngineCheck {
  readonly available: boolean;
  readonly reason: string;
}

/** Pings the engine once (2 s) and checks the test image. */
export async function checkEngine(): Promise<EngineCheck> {
  let runtime: DockerRuntime | undefined;
  try {
    runtime = await createDockerRuntime({ pingTimeoutMs: 2000 });
    await runtime.ping();
    if ((await runtime.imageStatus(TEST_IMAGE)) === undefined) {
      return { available: false, reason: `the test image ${TEST_IMAGE} is missing (run scripts/docker-setup.sh)` };
    }
    return { available: true, reason: 'engine answered' };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await runtime?.close();
  }
}

const engine = await checkEngine();

/** A runtime isolated by a fresh label namespace and name prefix, on the busybox sandbox image. */
export async function newTestRuntime(options: DockerRuntimeOptions = {}): Promise<DockerRuntime> {
  const id = randomBytes(4).toString('hex');
  return createDockerRuntime({
    sandboxImage: TEST_IMAGE,
    sandboxCommand: ['sleep', '2147483647'],
    namePrefix: `pkt-${id}`,
    labelNamespace: `test.podkit.r${id}`,
    relistIntervalMs: 1000,
    ...options,
  });
}

/**
 * A describe block that runs only when an engine answers. Without one, a test in it says so
 * plainly (and fails under PODKIT_DOCKER=required); with one, `gc([])` after each test and after
 * all of them removes everything the file's runtime created, and the last test checks that
 * nothing podkit-labelled is left.
 */
export function describeDocker(name: string, body: (ctx: { readonly runtime: () => DockerRuntime }) => void): void {
  describeIfEngine(name, () => {
    describe('on the engine', () => {
      let runtime: DockerRuntime | undefined;
      const get = (): DockerRuntime => {
        if (runtime === undefined) throw new Error('the test runtime is not created yet');
        return runtime;
      };
      // Created eagerly at collection so tests can use it synchronously.
      const ready = newTestRuntime().then((r) => (runtime = r));
      afterEach(async () => {
        await ready;
        await get().gc([]);
      });
      afterAll(async () => {
        await ready;
        await get().gc([]);
        const left = await rawObjects(get().options.labelNamespace);
        await get().close();
        expect(left, 'podkit-labelled objects left behind').toEqual({ containers: [], volumes: [] });
      });
      it('starts with a ready runtime', async () => {
        await ready;
        await expect(get().ping()).resolves.toBeUndefined();
      });
      body({ runtime: get });
    });
  });
}

/**
 * A describe block whose body runs only when an engine answers; a test in it always runs and
 * says plainly that the Docker tests were skipped, or fails under PODKIT_DOCKER=required.
 */
export function describeIfEngine(name: string, body: () => void): void {
  describe(name, () => {
    it('has a Docker engine to run against', () => {
      if (engine.available) return;
      if (DOCKER_REQUIRED) throw new Error(`PODKIT_DOCKER=required but no Docker engine is usable: ${engine.reason}. Run scripts/docker-setup.sh (as root).`);
      console.log(`Docker engine not available (${engine.reason}): Docker tests skipped (set PODKIT_DOCKER=required to fail instead)`);
    });
    describe.runIf(engine.available)('with an engine', body);
  });
}

let podCounter = 0;

/** A sandbox config for a fresh pod (unique uid). */
export function newSandboxConfig(over: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  podCounter += 1;
  return {
    podUid: `uid-${randomBytes(4).toString('hex')}-${podCounter}`,
    namespace: 'default',
    name: `pod-${podCounter}`,
    attempt: 0,
    hostNetwork: false,
    labels: {},
    volumes: [],
    portMappings: [],
    ...over,
  };
}

/** A container config on the busybox test image. */
export function newContainerConfig(over: Partial<ContainerConfig> = {}): ContainerConfig {
  return { name: 'app', attempt: 0, image: TEST_IMAGE, env: [], mounts: [], labels: {}, ...over };
}

/** Polls `check` until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every container and volume on the engine carrying the label namespace's managed label (read directly, not through podkit). */
export async function rawObjects(labelNamespace: string): Promise<{ containers: string[]; volumes: string[] }> {
  const docker = new Docker();
  const filter = { label: [`${labelNamespace}.managed=true`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  const volumes = await docker.listVolumes({ filters: filter });
  return { containers: containers.map((c) => c.Id), volumes: (volumes.Volumes ?? []).map((v) => v.Name) };
}

/** The raw engine inspect of a container (to check what podkit asked the engine for). */
export async function rawInspect(id: string): Promise<Docker.ContainerInspectInfo> {
  return new Docker().getContainer(id).inspect();
}
