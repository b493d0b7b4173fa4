import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWasmModule, decodeBase64, instantiateWasmModule } from '../src/wasm-module.js';

/** A module with a memory, a mutable i32 global and `bump()`, which increments the global and returns it (assembled by hand). */
const COUNTER = 'AGFzbQEAAAABBQFgAAF/AwIBAAUDAQABBgYBfwFBAAsHDgIDbWVtAgAEYnVtcAAACg0BCwAjAEEBaiQAIwAL';

describe('decodeBase64', () => {
  it('gives the bytes that were encoded (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = btoa(String.fromCharCode(...bytes));
        expect(Array.from(decodeBase64(encoded))).toEqual(Array.from(bytes));
      }),
    );
  });
});

describe('compileWasmModule', () => {
  it('compiles a valid module and gives undefined for bytes that do not validate', () => {
    expect(compileWasmModule(COUNTER)).toBeInstanceOf(WebAssembly.Module);
    expect(compileWasmModule(btoa('not wasm'))).toBeUndefined();
  });
});

describe('instantiateWasmModule', () => {
  it('gives a new instance with its own globals and memory on each call', () => {
    const module = compileWasmModule(COUNTER)!;
    const a = instantiateWasmModule(module);
    const b = instantiateWasmModule(module);
    const bump = (e: WebAssembly.Exports): number => (e.bump as () => number)();
    expect([bump(a), bump(a), bump(b)]).toEqual([1, 2, 1]);
    expect(a.mem).not.toBe(b.mem);
  });
});
