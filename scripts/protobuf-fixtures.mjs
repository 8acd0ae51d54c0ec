#!/usr/bin/env node
// Regenerates the two schema facts the protobuf tests check podkit's decoder table against, from
// upstream sources that stay OUTSIDE this repository:
//   test/server/fixtures/protobuf/descriptor.json  protobufjs JSON descriptor (message, field
//                                                  number, name, type) of the generated.proto files
//   test/server/fixtures/protobuf/go-fields.json   per Go struct of those packages: each field's
//                                                  protobuf number, Go type, JSON name, omitempty,
//                                                  embedding (what decides the JSON shape)
// Usage: node scripts/protobuf-fixtures.mjs <dir>
//   <dir>/proto/k8s.io/{api,apimachinery}/...generated.proto  (kubernetes/api, kubernetes/apimachinery)
//   <dir>/go/{core_v1,apps_v1,batch_v1,policy_v1,autoscaling_v1,meta_v1}.go.txt  (their types.go)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: node scripts/protobuf-fixtures.mjs <dir with proto/ and go/>');
  process.exit(2);
}
const out = join(import.meta.dirname, '..', 'test', 'server', 'fixtures', 'protobuf');
const protoDir = join(dir, 'proto');
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => (target.startsWith('k8s.io/') ? join(protoDir, target) : target);
root.loadSync(['core/v1', 'apps/v1', 'batch/v1', 'policy/v1', 'autoscaling/v1'].map((p) => join(protoDir, 'k8s.io', 'api', p, 'generated.proto')), { keepCase: true });
root.resolveAll();
const descriptor = root.toJSON({ keepComments: false });
writeFileSync(join(out, 'descriptor.json'), `${JSON.stringify(descriptor)}\n`);

const goFields = {};
for (const file of ['meta_v1', 'core_v1', 'apps_v1', 'batch_v1', 'policy_v1', 'autoscaling_v1']) {
  const structs = {};
  let current;
  for (const line of readFileSync(join(dir, 'go', `${file}.go.txt`), 'utf8').split('\n')) {
    const start = /^type (\w+) struct \{/.exec(line);
    if (start !== null) {
      current = [];
      structs[start[1]] = current;
      continue;
    }
    if (line.startsWith('}')) current = undefined;
    if (current === undefined) continue;
    const m = /^\t(?:(\w+)\s+)?(\S+)\s+`(.*)`/.exec(line);
    const pb = m === null ? null : /protobuf:"\w+,(\d+),/.exec(m[3]);
    const js = m === null ? null : /json:"([^"]*)"/.exec(m[3]);
    if (m === null || pb === null || js === null) continue;
    const [json = '', ...opts] = js[1].split(',');
    current.push({ number: Number(pb[1]), goType: m[2], json, omitempty: opts.includes('omitempty') || opts.includes('omitzero'), embedded: m[1] === undefined && (json === '' || opts.includes('inline')) });
  }
  for (const [name, fields] of Object.entries(structs)) if (fields.length === 0) delete structs[name];
  goFields[file] = structs;
}
writeFileSync(join(out, 'go-fields.json'), `${JSON.stringify(goFields)}\n`);
console.log(`wrote ${join(out, 'descriptor.json')} and ${join(out, 'go-fields.json')}`);
