// podkit's protobuf message table (src/server/protobuf/schema.ts) checked against the upstream
// generated.proto files of k8s.io/api and k8s.io/apimachinery (as the protobufjs descriptor
// test/server/fixtures/protobuf/descriptor.json that scripts/protobuf-fixtures.mjs derives from them): every row's field number, JSON name
// and type is upstream's, and every upstream field of a message podkit decodes has a row (decoded,
// or `-`: skipped with a Warning), so no field podkit knows is silently lost (§W.2, §W.4). The
// presence markers are checked against the Go types (test/server/fixtures/protobuf/go-fields.json,
// derived by the same script from the types.go files of the same packages): pointer fields, `omitempty`, embedding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { KINDS, MESSAGE_PACKAGES, MESSAGES } from '../../src/server/protobuf/schema.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'protobuf');

/** Upstream's messages, from the descriptor scripts/protobuf-fixtures.mjs derives from the generated.proto files. */
function loadUpstream(): protobuf.Root {
  const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(FIXTURES, 'descriptor.json'), 'utf8')) as protobuf.INamespace);
  root.resolveAll();
  return root;
}

const upstream = loadUpstream();

const SPECIAL: Readonly<Record<string, string>> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': 'Time',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'Quantity',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'IntOrString',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'RawExtension',
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': 'FieldsV1',
};

/** The type of an upstream field in schema.ts's notation, without presence markers. */
function upstreamType(field: protobuf.Field): string {
  if (field instanceof protobuf.MapField) {
    const value = field.resolvedType === null ? field.type : (SPECIAL[field.resolvedType.fullName.slice(1)] ?? field.resolvedType.name);
    return `map[${field.keyType}]${value}`;
  }
  const base = field.resolvedType === null ? field.type : (SPECIAL[field.resolvedType.fullName.slice(1)] ?? field.resolvedType.name);
  return `${field.repeated ? '[]' : ''}${base}`;
}

/** The type of a schema.ts row without presence markers (`*`, `!`, `...`). */
function rowType(spec: string): { name: string; type: string } {
  const space = spec.indexOf(' ');
  const type = spec.slice(space + 1).replace(/!$/, '').replace(/^\*/, '').replace(/^\.\.\./, '');
  return { name: spec.slice(0, space), type };
}

const GO_FILES: Readonly<Record<string, string>> = {
  'k8s.io.apimachinery.pkg.apis.meta.v1': 'meta_v1',
  'k8s.io.api.core.v1': 'core_v1',
  'k8s.io.api.apps.v1': 'apps_v1',
  'k8s.io.api.batch.v1': 'batch_v1',
  'k8s.io.api.policy.v1': 'policy_v1',
  'k8s.io.api.autoscaling.v1': 'autoscaling_v1',
};

interface GoField {
  readonly number: number;
  readonly goType: string;
  readonly json: string;
  readonly omitempty: boolean;
  /** An embedded struct whose fields are inlined in JSON (`json:""` / `json:",inline"`). */
  readonly embedded: boolean;
}

const GO_FIELDS = JSON.parse(readFileSync(join(FIXTURES, 'go-fields.json'), 'utf8')) as Record<string, Record<string, GoField[]>>;

/** The fields of each Go struct with a protobuf tag (derived from the types.go files by scripts/protobuf-fixtures.mjs). */
function goStructs(file: string): Map<string, GoField[]> {
  return new Map(Object.entries(GO_FIELDS[file] ?? {}));
}

const SCALAR_TYPES = /^(string|int32|int64|bool|Time|Quantity|IntOrString|RawExtension|FieldsV1)$/;

describe('protobuf message table against upstream generated.proto (§W.2)', () => {
  it('has the presence markers the Go types give: * for pointers, ! without omitempty, ... for embedded structs (§W.2)', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [pkg, messages] of Object.entries(MESSAGE_PACKAGES)) {
      const structs = goStructs(GO_FILES[pkg] as string);
      for (const [name, table] of Object.entries(messages)) {
        const fields = structs.get(name);
        if (fields === undefined) {
          mismatches.push(`${pkg}.${name}: no Go struct`);
          continue;
        }
        for (const [num, spec] of Object.entries(table)) {
          const [field, type = ''] = spec.split(' ');
          if (type === '-') continue;
          const go = fields.find((f) => f.number === Number(num));
          if (go === undefined) {
            mismatches.push(`${name}.${num} ${spec}: no Go field`);
            continue;
          }
          checked++;
          if (go.embedded !== type.startsWith('...')) mismatches.push(`${name}.${num} ${spec}: embedded in Go: ${go.embedded}`);
          if (!go.embedded && go.json !== field) mismatches.push(`${name}.${num} ${spec}: Go's JSON name is ${go.json}`);
          const base = type.replace(/^\*/, '').replace(/!$/, '');
          if (!SCALAR_TYPES.test(base)) continue;
          // A Scale to 0 replicas must say 0 (Go's JSON leaves it out, but Go's struct holds the 0).
          if (name === 'ScaleSpec' && field === 'replicas') continue;
          // A zero Time and an empty RawExtension are JSON null in Go: absent either way.
          const want = go.goType.startsWith('*') ? '*' : go.omitempty || base === 'Time' || base === 'RawExtension' || base === 'FieldsV1' ? '' : '!';
          const have = type.startsWith('*') ? '*' : type.endsWith('!') ? '!' : '';
          if (want !== have) mismatches.push(`${name}.${num} ${spec}: Go ${go.goType} json:"${go.json}${go.omitempty ? ',omitempty' : ''}" wants "${want}"`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it('names each message once across the packages podkit decodes', () => {
    const names = Object.values(MESSAGE_PACKAGES).flatMap((p) => Object.keys(p));
    expect(names.length).toBe(new Set(names).size);
    expect(Object.keys(MESSAGES).length).toBe(names.length);
  });

  for (const [pkg, messages] of Object.entries(MESSAGE_PACKAGES)) {
    for (const [name, table] of Object.entries(messages)) {
      it(`${pkg}.${name}: every row has upstream's field number, name and type`, () => {
        const type = upstream.lookupType(`${pkg}.${name}`);
        const mismatches: string[] = [];
        for (const [num, spec] of Object.entries(table)) {
          const field = type.fieldsById[Number(num)];
          const row = rowType(spec);
          if (field === undefined) {
            mismatches.push(`${num} ${spec}: no such field upstream`);
            continue;
          }
          if (field.name !== row.name) mismatches.push(`${num} ${spec}: upstream name is ${field.name}`);
          if (row.type !== '-' && row.type !== upstreamType(field)) mismatches.push(`${num} ${spec}: upstream type is ${upstreamType(field)}`);
        }
        expect(mismatches).toEqual([]);
      });

      it(`${pkg}.${name}: every upstream field has a row (decoded or skipped with a warning, §W.4)`, () => {
        const type = upstream.lookupType(`${pkg}.${name}`);
        const missing = type.fieldsArray.filter((f) => !(f.id in table)).map((f) => `${f.id} ${f.name}`);
        expect(missing).toEqual([]);
      });
    }
  }

  it('marks embedded Go structs (inlined JSON) only where the upstream field is a message', () => {
    for (const [pkg, messages] of Object.entries(MESSAGE_PACKAGES)) {
      for (const [name, table] of Object.entries(messages)) {
        for (const [num, spec] of Object.entries(table)) {
          if (!spec.includes(' ...')) continue;
          const field = upstream.lookupType(`${pkg}.${name}`).fieldsById[Number(num)];
          expect(field?.resolvedType, `${name}.${spec}`).toBeInstanceOf(protobuf.Type);
        }
      }
    }
  });

  it('decodes each kind with its upstream message', () => {
    for (const k of KINDS) {
      expect(MESSAGES[k.message], k.kind).toBeDefined();
      const pkg = Object.entries(MESSAGE_PACKAGES).find(([, m]) => k.message in m)?.[0];
      expect(upstream.lookupType(`${pkg ?? ''}.${k.message}`).name).toBe(k.message);
    }
  });
});
