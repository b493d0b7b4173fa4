/**
 * Loads the small WebAssembly modules the library inlines as base64 (the
 * LSTM policy's matrix kernel, the SIMD training loops of the WASM backend):
 * decodes, validates and compiles them. Uses only `atob` and the
 * `WebAssembly` global, so it runs in Node and in browsers alike. Holds no
 * state: callers own (and cache, if they wish) what it returns.
 *
 * @module
 */

/** The bytes of a base64 string (standard alphabet, padded). */
export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * Compiles an inlined module, or gives undefined when this engine cannot run
 * it: no `WebAssembly` or `atob`, or the bytes do not validate (typically a
 * module that uses SIMD on an engine without it).
 */
export function compileWasmModule(base64: string): WebAssembly.Module | undefined {
  if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return undefined;
  const bytes = decodeBase64(base64);
  return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : undefined;
}

/**
 * A new instance of a compiled module with its imports; each call gives an
 * instance with its own globals (and its own memory, when the module defines one).
 */
export function instantiateWasmModule(module: WebAssembly.Module, imports: WebAssembly.Imports = {}): WebAssembly.Exports {
  return new WebAssembly.Instance(module, imports).exports;
}
