// The protobuf wire format, read side: varints, fixed 32/64-bit values, length-delimited
// fields and (deprecated) groups, over a byte range. Every read is bounds-checked: a truncated or
// malformed input is a WireError naming the byte offset, never an exception from deeper down
// or a read past the end. Nothing here knows Kubernetes; schema.ts and decode.ts do.

/** Wire types (the low 3 bits of a field's tag). */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
/** A wire type. */
export type WireType = (typeof WireType)[keyof typeof WireType];

/** How deep groups may nest when skipped (protobuf's own parsers stop at 100). */
const MAX_GROUP_DEPTH = 100;

/** Largest field number protobuf allows (2^29 - 1). */
const MAX_FIELD_NUMBER = 0x1fffffff;

/** Malformed protobuf: what is wrong and at which byte offset of the decoded buffer. */
export class WireError extends Error {
  /** Where in the object the error is (`spec.containers[0]`), filled in by the message decoder. */
  path: string | undefined;

  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'WireError';
  }
}

/** A field's tag: its number and wire type. */
export interface Tag {
  readonly field: number;
  readonly wire: WireType;
}

/** A cursor over `bytes[start, end)`. */
export class WireReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Whether the range is used up. */
  done(): boolean {
    return this.pos >= this.end;
  }

  /**
   * A varint, as a number when it is below 2^53 (every tag, length and ordinary value) and as a
   * bigint otherwise (negative int32/int64 values are ten-byte varints of their two's complement).
   */
  varint(): number | bigint {
    const start = this.pos;
    let result = 0;
    // Fast path: up to 4 bytes (28 bits) fit in a 32-bit int.
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= this.end) throw new WireError('unexpected end of input in a varint', start);
      const b = this.bytes[this.pos++] as number;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return result >>> 0;
    }
    let big = BigInt(result >>> 0);
    for (let shift = 28n; ; shift += 7n) {
      if (shift >= 70n) throw new WireError('varint longer than 10 bytes', start);
      if (this.pos >= this.end) throw new WireError('unexpected end of input in a varint', start);
      const b = this.bytes[this.pos++] as number;
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    big = BigInt.asUintN(64, big);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }

  /** A varint as an unsigned 64-bit bigint. */
  uint64(): bigint {
    const v = this.varint();
    return typeof v === 'bigint' ? v : BigInt(v);
  }

  /** A field's tag; 0 and numbers above 2^29-1 are malformed, as are wire types 6 and 7. */
  tag(): Tag {
    const start = this.pos;
    const v = this.varint();
    if (typeof v === 'bigint' || v > 0xffffffff) throw new WireError('field tag out of range', start);
    const field = Math.floor(v / 8);
    const wire = v % 8;
    if (field === 0 || field > MAX_FIELD_NUMBER) throw new WireError(`invalid field number ${field}`, start);
    if (wire > 5) throw new WireError(`invalid wire type ${wire}`, start);
    return { field, wire: wire as WireType };
  }

  /** A length prefix, checked against the bytes left. */
  length(): number {
    const start = this.pos;
    const n = this.varint();
    if (typeof n === 'bigint' || n > this.end - this.pos) {
      throw new WireError(`length ${String(n)} exceeds the ${this.end - this.pos} bytes left`, start);
    }
    return n;
  }

  /** A length-delimited field's content: `[start, end)` of {@link bytes}. */
  delimited(): { readonly start: number; readonly end: number } {
    const n = this.length();
    const start = this.pos;
    this.pos += n;
    return { start, end: start + n };
  }

  /** A fixed-width value's bytes (4 or 8), skipped. */
  fixed(width: 4 | 8): void {
    if (this.end - this.pos < width) throw new WireError(`unexpected end of input in a ${width * 8}-bit value`, this.pos);
    this.pos += width;
  }

  /** Skips one field's value after its tag (groups up to their end tag, nested at most 100 deep). */
  skip(tag: Tag): void {
    switch (tag.wire) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.fixed(8);
        return;
      case WireType.Fixed32:
        this.fixed(4);
        return;
      case WireType.LengthDelimited:
        this.delimited();
        return;
      case WireType.StartGroup:
        this.skipGroup(tag.field);
        return;
      case WireType.EndGroup:
        throw new WireError(`unexpected end of group ${tag.field}`, this.pos);
    }
  }

  /** Skips a group's fields up to its end tag, iteratively (a deep nesting cannot exhaust the stack). */
  private skipGroup(field: number): void {
    const open: number[] = [field];
    while (open.length > 0) {
      if (this.pos >= this.end) throw new WireError(`unexpected end of input in group ${open[open.length - 1] as number}`, this.pos);
      const start = this.pos;
      const t = this.tag();
      if (t.wire === WireType.EndGroup) {
        if (t.field !== open[open.length - 1]) throw new WireError(`end of group ${t.field} does not match group ${open[open.length - 1] as number}`, start);
        open.pop();
      } else if (t.wire === WireType.StartGroup) {
        if (open.length >= MAX_GROUP_DEPTH) throw new WireError(`groups nested more than ${MAX_GROUP_DEPTH} deep`, start);
        open.push(t.field);
      } else {
        this.skip(t);
      }
    }
  }
}
