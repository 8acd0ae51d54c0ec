import type { ImageInfo } from '../../runtime/container-runtime.js';
import type { FakeImage, FakeImageSpec } from './types.js';

const REF = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** True for a syntactically valid image reference (`busybox`, `busybox:1.36`, `ghcr.io/o/r@sha256:...`). */
export function isValidImageRef(ref: string): boolean {
  return ref.length > 0 && ref.length <= 255 && REF.test(ref);
}

const normalized = new Map<string, string>();

/** The canonical form of a reference: `busybox` → `docker.io/library/busybox:latest`. */
export function normalizeImageRef(ref: string): string {
  let name = normalized.get(ref);
  if (name !== undefined) return name;
  name = ref;
  const first = name.split('/')[0] as string;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !name.includes('@')) name += ':latest';
  if (normalized.size >= 10_000) normalized.clear();
  normalized.set(ref, name);
  return name;
}

/** A deterministic `sha256:`-style id for a reference (not a real digest). */
export function fakeImageId(normalizedRef: string): string {
  let out = '';
  for (let seed = 0; out.length < 64; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < normalizedRef.length; i++) h = Math.imul(h ^ normalizedRef.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `sha256:${out}`;
}

/** An image present on the fake node. */
export interface LocalImage {
  readonly info: ImageInfo;
  readonly ref: string;
  readonly spec: FakeImageSpec;
}

/**
 * The fake registry and the node's image store. Permissive (no `images` option): every valid
 * reference can be pulled and behaves like busybox. Strict: only added images can be pulled.
 */
export class FakeImages {
  readonly #registry = new Map<string, FakeImageSpec>();
  readonly #removed = new Set<string>();
  readonly #local = new Map<string, LocalImage>();
  readonly permissive: boolean;

  constructor(images: readonly (string | FakeImage)[] | undefined) {
    this.permissive = images === undefined;
    for (const image of images ?? []) {
      if (typeof image === 'string') this.add(image, {});
      else this.add(image.ref, image);
    }
  }

  add(ref: string, spec: FakeImageSpec): void {
    const key = normalizeImageRef(ref);
    this.#registry.set(key, spec);
    this.#removed.delete(key);
    this.#local.delete(key);
    if (spec.present === true) this.pull(ref);
  }

  remove(ref: string): void {
    const key = normalizeImageRef(ref);
    this.#registry.delete(key);
    this.#local.delete(key);
    if (this.permissive) this.#removed.add(key);
  }

  /** The image's spec if the registry has it. */
  remote(ref: string): FakeImageSpec | undefined {
    const key = normalizeImageRef(ref);
    if (this.#removed.has(key)) return undefined;
    return this.#registry.get(key) ?? (this.permissive ? {} : undefined);
  }

  local(ref: string): LocalImage | undefined {
    return this.#local.get(normalizeImageRef(ref));
  }

  /** Stores the registry's image on the node (the caller checked {@link FakeImages.remote}). */
  pull(ref: string): LocalImage {
    const key = normalizeImageRef(ref);
    const spec = this.remote(ref) ?? {};
    const image: LocalImage = {
      ref: key,
      spec,
      info: { ref, id: fakeImageId(key), ...(spec.sizeBytes === undefined ? {} : { sizeBytes: spec.sizeBytes }) },
    };
    this.#local.set(key, image);
    return image;
  }

  list(): ImageInfo[] {
    return [...this.#local.values()].map((i) => i.info);
  }
}
