/**
 * The few pieces of the protobuf wire format the ONNX writer needs: varints,
 * length-delimited fields, fixed 32-bit floats and packed repeated integers.
 * A message is the concatenation of its fields; nested messages are
 * length-delimited fields holding their own encoding.
 *
 * @module
 */

/** One encoded field (or a whole message: fields concatenated). */
export type Encoded = Uint8Array;

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** Varint bytes of an int64 (negative values as 64-bit two's complement, 10 bytes). */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function key(field: number, wire: number): number[] {
  return varint((field << 3) | wire);
}

/** Concatenates encoded parts (fields of one message). */
export function concat(parts: readonly Uint8Array[]): Encoded {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A varint field (int32, int64, enum, bool). */
export function intField(field: number, value: number | bigint): Encoded {
  return Uint8Array.from([...key(field, WIRE_VARINT), ...varint(value)]);
}

/** A length-delimited field: bytes, or an embedded message's encoding. */
export function bytesField(field: number, bytes: Uint8Array): Encoded {
  return concat([Uint8Array.from([...key(field, WIRE_BYTES), ...varint(bytes.length)]), bytes]);
}

/** A UTF-8 string field. */
export function stringField(field: number, value: string): Encoded {
  return bytesField(field, new TextEncoder().encode(value));
}

/** A float field (fixed 32 bits, little-endian). */
export function floatField(field: number, value: number): Encoded {
  const out = new Uint8Array([...key(field, WIRE_FIXED32), 0, 0, 0, 0]);
  new DataView(out.buffer).setFloat32(out.length - 4, value, true);
  return out;
}

/** A repeated varint field, one key per value (proto2's default, unpacked encoding, as ONNX declares its repeated int64s). */
export function repeatedIntField(field: number, values: readonly number[]): Encoded {
  return concat(values.map((v) => intField(field, v)));
}

/** Little-endian bytes of float32 values. */
export function float32Bytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

/** Little-endian bytes of int64 values. */
export function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}
