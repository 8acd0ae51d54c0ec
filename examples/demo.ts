// The README's first command runs this: `npm run demo`.
// For now it reads the bundled example manifests and prints what it found; once the
// PodController lands it runs them on the FakeRuntime.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DaemonSetSchema, JobSchema, NodeSchema, PodSchema, ReplicaSetSchema } from 'podkit';

const schemas = { Pod: PodSchema, Node: NodeSchema, ReplicaSet: ReplicaSetSchema, Job: JobSchema, DaemonSet: DaemonSetSchema };

/** Parses every manifest under examples/manifests and prints one line per object. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const dir = join(import.meta.dirname, 'manifests');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const obj: unknown = doc.toJS();
      const kind = (obj as { kind?: string }).kind ?? '?';
      const schema = schemas[kind as keyof typeof schemas];
      const parsed = schema?.safeParse(obj);
      const name = (obj as { metadata?: { name?: string } }).metadata?.name ?? '?';
      log(`${file}: ${kind}/${name} ${parsed?.success ? 'ok' : 'INVALID'}`);
    }
  }
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
