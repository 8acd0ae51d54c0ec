// Container image references, restated from the distribution/reference grammar that the kubelet's
// `parsers.ParseImageName` uses (via `ParseNormalizedNamed`).

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const HEX64_RE = /^[a-f0-9]{64}$/;

/** A parsed image reference. `tag` is `latest` when neither a tag nor a digest is given. */
export interface ImageReference {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * Parses an image reference (`busybox`, `busybox:1.36`, `registry:5000/img`, `img@sha256:…`).
 * Returns `undefined` for a reference the container runtime would reject (uppercase path, empty,
 * a bare 64-hex id, a name over 255 characters). A `host:port/` prefix is a registry, not a tag.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (image.length === 0 || image.length > 1024 || HEX64_RE.test(image)) return undefined;
  const m = REFERENCE_RE.exec(image);
  if (m === null) return undefined;
  const name = m[1] ?? '';
  if (name.length > 255) return undefined;
  const tag = m[2];
  const digest = m[3];
  if (tag === undefined && digest === undefined) return { name, tag: 'latest' };
  return {
    name,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/**
 * The pull policy the API server defaults for an image (`SetDefaults_Container`): `Always` when
 * the tag is `latest` (including no tag and no digest), `IfNotPresent` otherwise, and also
 * `IfNotPresent` when the reference cannot be parsed.
 */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  const ref = parseImageReference(image ?? '');
  return ref?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
