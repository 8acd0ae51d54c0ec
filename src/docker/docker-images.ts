import type Docker from 'dockerode';
import type { EnsureImageOptions, EnsureImageResult, ImageInfo } from '../runtime/container-runtime.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { engineMessage, engineStatus, toRuntimeError } from './docker-errors.js';
import { normalizeImageRef } from './to-docker.js';

interface ImageInspectShape {
  readonly Id: string;
  readonly Size?: number;
}

/** The image if present locally, else `undefined`. */
export async function imageStatus(docker: Docker, image: string): Promise<ImageInfo | undefined> {
  try {
    const info = (await docker.getImage(normalizeImageRef(image)).inspect()) as ImageInspectShape;
    return { ref: image, id: info.Id, ...(typeof info.Size === 'number' ? { sizeBytes: info.Size } : {}) };
  } catch (error) {
    if (engineStatus(error) === 404) return undefined;
    throw toRuntimeError(error, `inspect of image "${image}" failed`, 'internal', { image });
  }
}

/** Every local image, one entry per tag (an untagged image is listed under its id). */
export async function listImages(docker: Docker): Promise<ImageInfo[]> {
  let images: { Id: string; RepoTags?: string[] | null | undefined; Size?: number | undefined }[];
  try {
    images = await docker.listImages();
  } catch (error) {
    throw toRuntimeError(error, 'list of images failed');
  }
  return images.flatMap((img) => {
    const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    const refs = tags.length > 0 ? tags : [img.Id];
    return refs.map((ref) => ({ ref, id: img.Id, ...(typeof img.Size === 'number' ? { sizeBytes: img.Size } : {}) }));
  });
}

/**
 * Pulls an image and drains the progress stream (the pull is complete only when the stream
 * ends); an error message in the stream, an engine error or the timeout fails with
 * `image_pull_failed`, keeping the engine's message.
 */
export async function pullImage(docker: Docker, image: string, timeoutMs: number): Promise<void> {
  const ref = normalizeImageRef(image);
  const fail = (message: string, cause?: unknown): RuntimeError =>
    new RuntimeError('image_pull_failed', `pull of image "${image}" failed: ${message}`, {
      details: { image },
      ...(cause === undefined ? {} : { cause }),
    });
  // One deadline for the whole pull: the request and the draining of its progress stream.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const timedOut = (): RuntimeError => fail(`not finished within ${timeoutMs} ms (pullTimeoutMs)`);
  try {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await docker.pull(ref, { abortSignal: abort.signal });
    } catch (error) {
      throw abort.signal.aborted ? timedOut() : fail(engineMessage(error), error);
    }
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => {
        if (abort.signal.aborted) return reject(timedOut());
        if (error) return reject(fail(engineMessage(error), error));
        // The engine reports a failed pull inside the stream, with HTTP 200.
        const streamed = output.find((o) => typeof (o as { error?: unknown }).error === 'string') as { error: string } | undefined;
        if (streamed !== undefined) return reject(fail(streamed.error));
        resolve();
      });
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Makes the image present per the pull policy (see ContainerRuntime.ensureImage). */
export async function ensureImage(docker: Docker, image: string, options: EnsureImageOptions, timeoutMs: number): Promise<EnsureImageResult> {
  if (image === '') throw new RuntimeError('invalid_argument', 'Expected an image reference, received "".', { details: { field: 'image' } });
  if (options.pullPolicy !== 'Always') {
    const present = await imageStatus(docker, image);
    if (present !== undefined) return { imageId: present.id, pulled: false };
    if (options.pullPolicy === 'Never') {
      throw new RuntimeError(
        'image_never_pull',
        `image "${image}" is not present on the node and the pull policy is Never: load it (docker load / docker tag) or use IfNotPresent.`,
        { details: { image }, retryable: false },
      );
    }
  }
  await pullImage(docker, image, timeoutMs);
  const pulled = await imageStatus(docker, image);
  if (pulled === undefined) throw new RuntimeError('image_pull_failed', `pull of image "${image}" finished but the image is not present.`, { details: { image } });
  return { imageId: pulled.id, pulled: true };
}

/** Races a promise against a timeout that rejects with `onTimeout()`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the engine's error, kept intact
        reject(error);
      },
    );
  });
}
