// The in-memory filesystem of a fake container: a private root plus mounted shared directories.

/** A file: its text content. */
export class FakeFile {
  constructor(public content: string) {}
}

/** A directory. Volumes (emptyDir, hostPath) are directories shared between containers. */
export class FakeDir {
  readonly entries = new Map<string, FakeDir | FakeFile>();
}

/** A failed filesystem operation, named like the errno. */
export type FsError = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EROFS' | 'EEXIST' | 'ENOTEMPTY';

/** A mounted directory at an absolute path. */
export interface FsMount {
  readonly path: string;
  readonly dir: FakeDir;
  readonly readOnly: boolean;
}

const STANDARD_DIRS = ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];

/** Splits an absolute or relative path into normalised segments (`.` and `..` resolved). */
export function pathSegments(path: string, cwd = '/'): string[] {
  if (path === '/') return [];
  const out: string[] = [];
  for (const seg of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out;
}

/** `mkdir -p` inside a directory tree; returns the innermost directory or an error. */
export function mkdirs(root: FakeDir, segs: readonly string[]): FakeDir | FsError {
  let dir = root;
  for (const seg of segs) {
    const next = dir.entries.get(seg);
    if (next === undefined) {
      const made = new FakeDir();
      dir.entries.set(seg, made);
      dir = made;
    } else if (next instanceof FakeDir) dir = next;
    else return 'ENOTDIR';
  }
  return dir;
}

/**
 * A container's view of files: its own root (created on first use, with the usual top-level
 * directories and any image files) and mounts that share a {@link FakeDir} with other containers.
 * No permissions, owners, links or timestamps.
 */
export class ContainerFs {
  #root: FakeDir | undefined;
  readonly #mounts: readonly { readonly segs: readonly string[]; readonly mount: FsMount }[];

  constructor(
    mounts: readonly FsMount[],
    private readonly initialFiles?: Readonly<Record<string, string>>,
  ) {
    this.#mounts = mounts
      .map((mount) => ({ segs: pathSegments(mount.path), mount }))
      .sort((a, b) => b.segs.length - a.segs.length);
  }

  #rootDir(): FakeDir {
    if (this.#root === undefined) {
      const root = new FakeDir();
      for (const d of STANDARD_DIRS) root.entries.set(d, new FakeDir());
      const dev = root.entries.get('dev') as FakeDir;
      dev.entries.set('null', new FakeFile(''));
      dev.entries.set('zero', new FakeFile(''));
      this.#root = root;
      for (const [path, content] of Object.entries(this.initialFiles ?? {})) {
        const segs = pathSegments(path);
        const parent = mkdirs(root, segs.slice(0, -1));
        if (parent instanceof FakeDir) parent.entries.set(segs.at(-1) ?? '', new FakeFile(content));
      }
    }
    return this.#root;
  }

  /** The directory holding `segs` and whether it is read-only: the innermost mount wins. */
  #base(segs: readonly string[]): { dir: FakeDir; rest: readonly string[]; readOnly: boolean } {
    for (const { segs: m, mount } of this.#mounts) {
      if (m.length <= segs.length && m.every((s, i) => segs[i] === s)) {
        return { dir: mount.dir, rest: segs.slice(m.length), readOnly: mount.readOnly };
      }
    }
    return { dir: this.#rootDir(), rest: segs, readOnly: false };
  }

  /** The node at `path`, or undefined. */
  stat(path: string, cwd = '/'): FakeDir | FakeFile | undefined {
    return this.statSegments(pathSegments(path, cwd));
  }

  /** The node at already normalised absolute segments, or undefined. */
  statSegments(segs: readonly string[]): FakeDir | FakeFile | undefined {
    const { dir, rest } = this.#base(segs);
    let node: FakeDir | FakeFile = dir;
    for (const seg of rest) {
      if (!(node instanceof FakeDir)) return undefined;
      const next: FakeDir | FakeFile | undefined = node.entries.get(seg);
      if (next === undefined) return undefined;
      node = next;
    }
    return node;
  }

  /** The file's text, or an error. */
  readFile(path: string, cwd = '/'): string | FsError {
    const node = this.stat(path, cwd);
    if (node === undefined) return 'ENOENT';
    return node instanceof FakeFile ? node.content : 'EISDIR';
  }

  /** The parent directory of `path` and the entry name, or an error. */
  #parent(path: string, cwd: string): { dir: FakeDir; name: string; readOnly: boolean } | FsError {
    const segs = pathSegments(path, cwd);
    const name = segs.at(-1);
    if (name === undefined) return 'EISDIR';
    const { dir, rest, readOnly } = this.#base(segs);
    if (rest.length === 0) return 'EISDIR'; // a mount point itself
    let node: FakeDir | FakeFile = dir;
    for (const seg of rest.slice(0, -1)) {
      const next: FakeDir | FakeFile | undefined = node instanceof FakeDir ? node.entries.get(seg) : undefined;
      if (next === undefined) return 'ENOENT';
      if (!(next instanceof FakeDir)) return 'ENOTDIR';
      node = next;
    }
    return node instanceof FakeDir ? { dir: node, name, readOnly } : 'ENOTDIR';
  }

  /** Writes (or appends to) a file, creating it. */
  writeFile(path: string, content: string, append = false, cwd = '/'): FsError | undefined {
    const p = this.#parent(path, cwd);
    if (typeof p === 'string') return p;
    if (p.readOnly) return 'EROFS';
    const existing = p.dir.entries.get(p.name);
    if (existing instanceof FakeDir) return 'EISDIR';
    if (existing === undefined) p.dir.entries.set(p.name, new FakeFile(content));
    else existing.content = append ? existing.content + content : content;
    return undefined;
  }

  /** Creates a directory (and its parents with `parents`). */
  mkdir(path: string, parents: boolean, cwd = '/'): FsError | undefined {
    if (parents) {
      const segs = pathSegments(path, cwd);
      const { dir, rest, readOnly } = this.#base(segs);
      const existing = this.stat(path, cwd);
      if (existing instanceof FakeDir) return undefined;
      if (readOnly) return 'EROFS';
      const made = mkdirs(dir, rest);
      return made instanceof FakeDir ? undefined : made;
    }
    const p = this.#parent(path, cwd);
    if (typeof p === 'string') return p === 'EISDIR' ? 'EEXIST' : p;
    if (p.readOnly) return 'EROFS';
    if (p.dir.entries.has(p.name)) return 'EEXIST';
    p.dir.entries.set(p.name, new FakeDir());
    return undefined;
  }

  /** Removes a file (or a directory with `recursive`, or an empty one). */
  remove(path: string, recursive: boolean, cwd = '/'): FsError | undefined {
    const p = this.#parent(path, cwd);
    if (typeof p === 'string') return p;
    const node = p.dir.entries.get(p.name);
    if (node === undefined) return 'ENOENT';
    if (p.readOnly) return 'EROFS';
    if (node instanceof FakeDir && !recursive) return 'EISDIR';
    p.dir.entries.delete(p.name);
    return undefined;
  }

  /** The sorted entry names of a directory, or an error. */
  list(path: string, cwd = '/'): string[] | FsError {
    const node = this.stat(path, cwd);
    if (node === undefined) return 'ENOENT';
    if (node instanceof FakeFile) return 'ENOTDIR';
    return [...node.entries.keys()].sort();
  }
}

/** The message text of an error, as a C library prints it. */
export function fsErrorText(e: FsError): string {
  switch (e) {
    case 'ENOENT': return 'No such file or directory';
    case 'ENOTDIR': return 'Not a directory';
    case 'EISDIR': return 'Is a directory';
    case 'EROFS': return 'Read-only file system';
    case 'EEXIST': return 'File exists';
    case 'ENOTEMPTY': return 'Directory not empty';
  }
}
