/** The protobuf pieces of the ONNX writer, decoded by an independent reader (protobufjs). */

import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { floatField, intField, repeatedIntField, stringField, varint } from '../../src/export/protobuf.js';

describe('varint', () => {
  it('round-trips every int64 in the safe-integer range through protobufjs, negatives included', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(
          protobuf.Reader.create(Uint8Array.from(varint(n)))
            .int64()
            .toString(),
        ).toBe(String(n));
      }),
      { seed: 28 },
    );
  });

  it('writes -1 as ten bytes, as protobuf does for negative int64', () => {
    expect(varint(-1)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });
});

describe('fields', () => {
  it('encodes keys, strings, floats and repeated integers as protobufjs reads them', () => {
    const r = protobuf.Reader.create(
      Uint8Array.from([...intField(20, 7), ...stringField(4, 'Conv'), ...floatField(2, 0.5), ...repeatedIntField(8, [3, -2])]),
    );
    expect(r.uint32()).toBe((20 << 3) | 0);
    expect(r.int64().toString()).toBe('7');
    expect(r.uint32()).toBe((4 << 3) | 2);
    expect(r.string()).toBe('Conv');
    expect(r.uint32()).toBe((2 << 3) | 5);
    expect(r.float()).toBe(0.5);
    expect(r.uint32()).toBe(8 << 3);
    expect(r.int64().toString()).toBe('3');
    expect(r.uint32()).toBe(8 << 3);
    expect(r.int64().toString()).toBe('-2');
    expect(r.pos).toBe(r.len);
  });
});
