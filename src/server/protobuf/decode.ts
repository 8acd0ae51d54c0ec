// Decodes Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`, apimachinery's
// runtime/serializer/protobuf): the magic `k8s\0`, then a runtime.Unknown message whose typeMeta
// names the kind and whose raw bytes are the object. The object is decoded with the table of
// schema.ts into the JSON shape (`JSON.parse` of the same object as JSON), so the server's JSON
// path takes it from there. Malformed input is a ProtobufError; unknown field numbers are skipped.
import { KINDS, MESSAGES, type KindEntry } from './schema.js';
import { WireError, WireReader, WireType, type Tag } from './wire.js';

/** The media type of Kubernetes protobuf. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The 4 bytes every Kubernetes protobuf body starts with: `k8s\0`. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

/** Nested messages deeper than this are refused (podkit's messages nest about 12 deep). */
const MAX_DEPTH = 64;

/** At most this many "not decoded" warnings are reported for one body. */
const MAX_WARNINGS = 10;

/** A protobuf body podkit cannot decode: the message says why (and where). */
export class ProtobufError extends Error {
  constructor(
    message: string,
    /** `malformed`: not valid Kubernetes protobuf; `unsupported_kind`: valid, of a kind podkit does not decode. */
    readonly reason: 'malformed' | 'unsupported_kind' = 'malformed',
  ) {
    super(message);
    this.name = 'ProtobufError';
  }
}

/** A decoded body: its kind, and the object in its JSON shape (with `apiVersion` and `kind`). */
export interface DecodedProtobuf {
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
  /** Fields sent that podkit does not decode from protobuf (`spec.ephemeralContainers: ...`). */
  readonly warnings: readonly string[];
}

type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'Time' | 'Quantity' | 'IntOrString' | 'RawExtension' | 'FieldsV1';
const SCALARS: ReadonlySet<string> = new Set<Scalar>(['string', 'int32', 'int64', 'bool', 'Time', 'Quantity', 'IntOrString', 'RawExtension', 'FieldsV1']);
const VARINT_SCALARS: ReadonlySet<string> = new Set<Scalar>(['int32', 'int64', 'bool']);

interface Field {
  readonly name: string;
  readonly kind: 'scalar' | 'message' | 'map' | 'skip';
  readonly scalar?: Scalar;
  /** The message of a message field (resolved after the table is compiled). */
  message?: Message;
  readonly messageName?: string;
  readonly mapValue?: 'string' | 'Quantity';
  readonly repeated: boolean;
  /** omit: zero is absent (Go `omitempty`); ptr: present when sent; always: zero included. */
  readonly presence: 'omit' | 'ptr' | 'always';
  readonly inline: boolean;
}

interface Message {
  readonly name: string;
  readonly fields: ReadonlyMap<number, Field>;
  /** The scalar fields that are present even when zero and not sent. */
  readonly always: readonly Field[];
}

function parseField(message: string, num: number, spec: string): Field {
  const space = spec.indexOf(' ');
  const name = spec.slice(0, space);
  let type = spec.slice(space + 1);
  const fail = (why: string): never => {
    throw new Error(`protobuf schema ${message}.${num} (${spec}): ${why}`);
  };
  if (space <= 0 || type === '') fail('expected "name type"');
  if (type === '-') return { name, kind: 'skip', repeated: false, presence: 'omit', inline: false };
  let presence: Field['presence'] = 'omit';
  if (type.endsWith('!')) {
    presence = 'always';
    type = type.slice(0, -1);
  }
  if (type.startsWith('*')) {
    presence = 'ptr';
    type = type.slice(1);
  }
  const inline = type.startsWith('...');
  if (inline) type = type.slice(3);
  const repeated = type.startsWith('[]');
  if (repeated) type = type.slice(2);
  if (type.startsWith('map[string]')) {
    const value = type.slice('map[string]'.length);
    if (value !== 'string' && value !== 'Quantity') fail('map values are string or Quantity');
    return { name, kind: 'map', mapValue: value as 'string' | 'Quantity', repeated: false, presence: 'omit', inline: false };
  }
  if (SCALARS.has(type)) {
    if (inline) fail('only messages are inlined');
    return { name, kind: 'scalar', scalar: type as Scalar, repeated, presence, inline: false };
  }
  if (!/^[A-Z]\w*$/.test(type)) fail(`unknown type ${type}`);
  return { name, kind: 'message', messageName: type, repeated, presence, inline };
}

/** The table of schema.ts, compiled and checked once (a bad row is an error at load). */
const COMPILED: ReadonlyMap<string, Message> = (() => {
  const out = new Map<string, Message>();
  for (const [name, table] of Object.entries(MESSAGES)) {
    const fields = new Map<number, Field>();
    for (const [num, spec] of Object.entries(table)) {
      const n = Number(num);
      if (!Number.isInteger(n) || n < 1 || n > 0x1fffffff) throw new Error(`protobuf schema ${name}: bad field number ${num}`);
      fields.set(n, parseField(name, n, spec));
    }
    out.set(name, { name, fields, always: [...fields.values()].filter((f) => f.kind === 'scalar' && !f.repeated && f.presence === 'always') });
  }
  for (const m of out.values()) {
    for (const f of m.fields.values()) {
      if (f.kind !== 'message') continue;
      const target = out.get(f.messageName as string);
      if (target === undefined) throw new Error(`protobuf schema ${m.name}.${f.name}: no message ${f.messageName as string}`);
      f.message = target;
    }
  }
  for (const k of KINDS) if (!out.has(k.message)) throw new Error(`protobuf schema: kind ${k.kind} names no message ${k.message}`);
  return out;
})();

/** The kind entry for a body's typeMeta, if podkit decodes it. */
function kindEntry(apiVersion: string, kind: string): KindEntry | undefined {
  return KINDS.find((k) => k.kind === kind && (k.apiVersion === apiVersion || k.apiVersion === '*'));
}

/**
 * Whether podkit decodes protobuf bodies of this kind (`v1`/`Pod`, `apps/v1`/`ReplicaSet`, ...).
 *
 * @example
 * ```ts
 * decodesProtobuf('v1', 'Pod'); // true
 * decodesProtobuf('v1', 'ConfigMap'); // false: such a body is a 415 UnsupportedMediaType
 * ```
 */
export function decodesProtobuf(apiVersion: string, kind: string): boolean {
  return kindEntry(apiVersion, kind) !== undefined;
}

/** Zero values of the scalars that are present even when zero. */
function zeroOf(s: Scalar): unknown {
  switch (s) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'Quantity':
      return '0';
    default:
      return 0;
  }
}

const isZero = (v: unknown): boolean => v === '' || v === 0 || v === false;

/** An own enumerable property, like JSON.parse makes (a `__proto__` map key stays a key). */
function defineKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Go's RFC 3339 bounds for metav1.Time: years 0000 to 9999. */
const MIN_SECONDS = -62_167_219_200;
const MAX_SECONDS = 253_402_300_799;

class Decoder {
  readonly warnings: string[] = [];
  #dropped = 0;
  readonly #text: Buffer;

  constructor(readonly bytes: Uint8Array) {
    this.#text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  warn(path: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(`${path}: not decoded from protobuf by podkit (dropped); send the object as JSON to keep it`);
    else this.#dropped++;
  }

  finishWarnings(): void {
    if (this.#dropped > 0) this.warnings.push(`and ${this.#dropped} more fields not decoded from protobuf by podkit`);
  }

  string(start: number, end: number): string {
    return this.#text.toString('utf8', start, end);
  }

  /** Decodes the message in `r`'s range into `target`. */
  message(r: WireReader, msg: Message, target: Record<string, unknown>, path: string, depth: number): void {
    if (depth > MAX_DEPTH) throw new WireError(`messages nested more than ${MAX_DEPTH} deep`, r.pos);
    try {
      while (!r.done()) {
        const tag = r.tag();
        const field = msg.fields.get(tag.field);
        if (field === undefined) {
          r.skip(tag);
          continue;
        }
        this.field(r, tag, msg, field, target, path, depth);
      }
    } catch (e) {
      if (e instanceof WireError && e.path === undefined) e.path = path;
      throw e;
    }
    for (const f of msg.always) if (!Object.hasOwn(target, f.name)) target[f.name] = zeroOf(f.scalar as Scalar);
  }

  field(r: WireReader, tag: Tag, msg: Message, field: Field, target: Record<string, unknown>, path: string, depth: number): void {
    const at = path === '' ? field.name : `${path}.${field.name}`;
    try {
      this.fieldValue(r, tag, msg, field, target, path, at, depth);
    } catch (e) {
      // The innermost field names the place (a nested message's own fields set it first).
      if (e instanceof WireError && e.path === undefined) e.path = at;
      throw e;
    }
  }

  fieldValue(r: WireReader, tag: Tag, msg: Message, field: Field, target: Record<string, unknown>, path: string, at: string, depth: number): void {
    if (field.kind === 'skip') {
      const start = r.pos;
      r.skip(tag);
      const carriesData = tag.wire === WireType.LengthDelimited ? r.pos - start > 1 : tag.wire === WireType.Varint ? this.bytes[start] !== 0 : true;
      if (carriesData) this.warn(at);
      return;
    }
    const varint = field.kind === 'scalar' && VARINT_SCALARS.has(field.scalar as Scalar);
    if (varint && field.repeated && tag.wire === WireType.LengthDelimited) {
      // A packed repeated number: varints back to back.
      const { start, end } = r.delimited();
      const packed = new WireReader(this.bytes, start, end);
      const list = this.list(target, field.name);
      while (!packed.done()) list.push(this.number(packed, field.scalar as Scalar));
      return;
    }
    const expected = varint ? WireType.Varint : WireType.LengthDelimited;
    if (tag.wire !== expected) throw new WireError(`wrong wire type ${tag.wire} for field ${msg.name}.${field.name} (expected ${expected})`, r.pos);
    switch (field.kind) {
      case 'scalar': {
        const value = varint ? this.number(r, field.scalar as Scalar) : this.lengthScalar(r, field.scalar as Scalar);
        if (field.repeated) this.list(target, field.name).push(value);
        else if (value === undefined || (field.presence === 'omit' && (isZero(value) || (field.scalar === 'Quantity' && value === '0')))) delete target[field.name];
        else target[field.name] = value;
        return;
      }
      case 'map': {
        const { start, end } = r.delimited();
        const [key, value] = this.mapEntry(new WireReader(this.bytes, start, end), field.mapValue as 'string' | 'Quantity');
        let map = target[field.name] as Record<string, unknown> | undefined;
        if (map === undefined) target[field.name] = map = {};
        defineKey(map, key, value);
        return;
      }
      case 'message': {
        const { start, end } = r.delimited();
        const sub = new WireReader(this.bytes, start, end);
        const message = field.message as Message;
        if (field.inline) return this.message(sub, message, target, path, depth + 1);
        if (field.repeated) {
          const list = this.list(target, field.name);
          const item: Record<string, unknown> = {};
          const index = list.length;
          list.push(item);
          return this.message(sub, message, item, `${at}[${index}]`, depth + 1);
        }
        let obj = target[field.name] as Record<string, unknown> | undefined;
        // A message sent twice is merged, as protobuf does.
        if (obj === undefined) target[field.name] = obj = {};
        return this.message(sub, message, obj, at, depth + 1);
      }
    }
  }

  list(target: Record<string, unknown>, name: string): unknown[] {
    let list = target[name] as unknown[] | undefined;
    if (list === undefined) target[name] = list = [];
    return list;
  }

  /** A varint scalar: int32 (the low 32 bits, signed), int64 (signed) or bool. */
  number(r: WireReader, s: Scalar): number | boolean {
    const v = r.varint();
    if (s === 'bool') return v !== 0;
    if (s === 'int32') return typeof v === 'number' && v <= 0x7fffffff ? v : Number(BigInt.asIntN(32, BigInt(v)));
    return typeof v === 'number' ? v : Number(BigInt.asIntN(64, v));
  }

  /** A length-delimited scalar: a string, or the value of a Time, Quantity or IntOrString message. */
  lengthScalar(r: WireReader, s: Scalar): unknown {
    const start = r.pos;
    const range = r.delimited();
    if (s === 'string') return this.string(range.start, range.end);
    const sub = new WireReader(this.bytes, range.start, range.end);
    if (s === 'Quantity') {
      let q = '0';
      this.each(sub, (tag) => {
        if (tag.field === 1 && tag.wire === WireType.LengthDelimited) {
          const v = sub.delimited();
          q = this.string(v.start, v.end);
        } else sub.skip(tag);
      });
      return q;
    }
    if (s === 'RawExtension' || s === 'FieldsV1') {
      // runtime.RawExtension and meta/v1 FieldsV1 {raw = 1}: the embedded value, as JSON (Go writes what it holds).
      let raw: { start: number; end: number } | undefined;
      this.each(sub, (tag) => {
        if (tag.field === 1 && tag.wire === WireType.LengthDelimited) raw = sub.delimited();
        else sub.skip(tag);
      });
      if (raw === undefined || raw.end === raw.start) return undefined;
      const text = this.string(raw.start, raw.end);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new WireError(`an embedded object (${s === 'FieldsV1' ? 'meta/v1 FieldsV1' : 'runtime.RawExtension'}) that is not JSON`, start);
      }
    }
    if (s === 'Time') {
      // An empty Time is Go's zero time: absent, as `omitempty`/`omitzero` leaves it.
      if (range.end === range.start) return undefined;
      let seconds: number | bigint = 0;
      this.each(sub, (tag) => {
        if (tag.field === 1 && tag.wire === WireType.Varint) {
          const v = sub.varint();
          seconds = typeof v === 'number' ? v : BigInt.asIntN(64, v);
        } else sub.skip(tag);
      });
      if (typeof seconds === 'bigint' || seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new WireError(`time ${String(seconds)}s is outside the years 0000-9999`, start);
      return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    // IntOrString: type 0 is intVal, type 1 strVal.
    let type: number | bigint = 0;
    let intVal = 0;
    let strVal = '';
    this.each(sub, (tag) => {
      if (tag.field === 1 && tag.wire === WireType.Varint) type = sub.varint();
      else if (tag.field === 2 && tag.wire === WireType.Varint) intVal = this.number(sub, 'int32') as number;
      else if (tag.field === 3 && tag.wire === WireType.LengthDelimited) {
        const v = sub.delimited();
        strVal = this.string(v.start, v.end);
      } else sub.skip(tag);
    });
    if (type === 0) return intVal;
    if (type === 1) return strVal;
    throw new WireError(`IntOrString of unknown type ${String(type)}`, start);
  }

  mapEntry(r: WireReader, value: 'string' | 'Quantity'): [string, unknown] {
    let key = '';
    let val: unknown = value === 'string' ? '' : '0';
    this.each(r, (tag) => {
      if (tag.field === 1 && tag.wire === WireType.LengthDelimited) {
        const v = r.delimited();
        key = this.string(v.start, v.end);
      } else if (tag.field === 2 && tag.wire === WireType.LengthDelimited) {
        val = this.lengthScalar(r, value);
      } else if (tag.field === 1 || tag.field === 2) {
        throw new WireError(`wrong wire type ${tag.wire} for a map entry's ${tag.field === 1 ? 'key' : 'value'}`, r.pos);
      } else r.skip(tag);
    });
    return [key, val];
  }

  each(r: WireReader, visit: (tag: Tag) => void): void {
    while (!r.done()) visit(r.tag());
  }
}

/**
 * Decodes a Kubernetes protobuf body (magic `k8s\0` + runtime.Unknown) of a kind in schema.ts's
 * KINDS into `{ apiVersion, kind, object }`, the object in the JSON shape the server takes.
 * Throws a {@link ProtobufError} for anything malformed: wrong magic, truncated input, lengths past
 * the end, bad wire types, a missing or undecodable kind. It does not validate the object: the
 * server's JSON path does that next.
 *
 * @example
 * ```ts
 * // the body of `kubectl create namespace team-a`
 * const { kind, object, warnings } = decodeKubeProtobuf(body);
 * // kind 'Namespace', object { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: {}, status: {} }
 * ```
 */
export function decodeKubeProtobuf(body: Uint8Array): DecodedProtobuf {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw new ProtobufError(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
  const d = new Decoder(body);
  let apiVersion = '';
  let kind = '';
  let raw: { start: number; end: number } | undefined;
  try {
    const r = new WireReader(body, MAGIC.length);
    d.each(r, (tag) => {
      if (tag.field === 1 && tag.wire === WireType.LengthDelimited) {
        // typeMeta: apiVersion = 1, kind = 2
        const range = r.delimited();
        const t = new WireReader(body, range.start, range.end);
        d.each(t, (inner) => {
          if ((inner.field === 1 || inner.field === 2) && inner.wire === WireType.LengthDelimited) {
            const v = t.delimited();
            if (inner.field === 1) apiVersion = d.string(v.start, v.end);
            else kind = d.string(v.start, v.end);
          } else t.skip(inner);
        });
      } else if (tag.field === 2 && tag.wire === WireType.LengthDelimited) {
        raw = r.delimited();
      } else if (tag.field <= 4 && tag.wire !== WireType.LengthDelimited) {
        throw new WireError(`wrong wire type ${tag.wire} for field Unknown.${['typeMeta', 'raw', 'contentEncoding', 'contentType'][tag.field - 1] as string}`, r.pos);
      } else r.skip(tag);
    });
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufError(`error decoding the protobuf envelope (runtime.Unknown): ${e.message}`);
    throw e;
  }
  if (kind === '') throw new ProtobufError("Object 'Kind' is missing in the protobuf body");
  if (apiVersion === '') throw new ProtobufError(`Object 'apiVersion' is missing in the protobuf body of kind ${JSON.stringify(kind)}`);
  const entry = kindEntry(apiVersion, kind);
  if (entry === undefined) {
    throw new ProtobufError(`podkit does not decode protobuf bodies of kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}; send it as JSON`, 'unsupported_kind');
  }
  const object: Record<string, unknown> = { apiVersion, kind };
  try {
    const range = raw ?? { start: body.length, end: body.length };
    d.message(new WireReader(body, range.start, range.end), COMPILED.get(entry.message) as Message, object, '', 0);
  } catch (e) {
    if (e instanceof WireError) throw new ProtobufError(`error decoding protobuf ${kind}: ${e.message}${e.path === undefined || e.path === '' ? '' : ` (in ${e.path})`}`);
    throw e;
  }
  // The raw object's own typeMeta is not sent (gogo leaves it out); the envelope's is the truth.
  object['apiVersion'] = apiVersion;
  object['kind'] = kind;
  d.finishWarnings();
  return { apiVersion, kind, object, warnings: d.warnings };
}
