/**
 * The depthwise filter-gradient loop as a 450-byte WebAssembly SIMD module
 * that imports the tfjs WASM backend's own memory, so it reads the tensors
 * in place. Source: `depthwise-filter-simd.wat` next to this file,
 * assembled with `wat2wasm` (wabt 1.0.32); the bytes are inlined below.
 *
 * @module
 */

import type { WasmBackendLike } from './wasm-backend.js';

/** `wat2wasm depthwise-filter-simd.wat | base64 -w0` */
const MODULE_BASE64 =
  'AGFzbQEAAAABFQFgEX9/f39/f39/f39/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcHAQNkd2YAAAqCAwH/AgENfyAGQQJ0IRwgBkF8cUECdCEdQQAhEQJAA0AgESADTw0BQQAhEgJAA0AgEiAHTw0BQQAhEwJAA0AgEyAITw0BIAEgESAHbCASaiAIbCATaiAcbGohGUEAIRQCQANAIBQgCU8NASASIAtsIBQgDWxqIA9rIRYgFiAESQRAQQAhFQJAA0AgFSAKTw0BIBMgDGwgFSAObGogEGshFyAXIAVJBEAgACARIARsIBZqIAVsIBdqIBxsaiEYIAIgFCAKbCAVaiAcbGohGkEAIRsCQANAIBsgHU8NASAaIBtqIBogG2r9AAQAIBggG2r9AAQAIBkgG2r9AAQA/eYB/eQB/QsEACAbQRBqIRsMAAsLAkADQCAbIBxPDQEgGiAbaiAaIBtqKgIAIBggG2oqAgAgGSAbaioCAJSSOAIAIBtBBGohGwwACwsLIBVBAWohFQwACwsLIBRBAWohFAwACwsgE0EBaiETDAALCyASQQFqIRIMAAsLIBFBAWohEQwACwsL';

/** The exported loop: pointers are byte offsets into the backend's memory; see the .wat file. */
export type DepthwiseFilterLoop = (
  x: number, g: number, acc: number,
  n: number, ih: number, iw: number, c: number, oh: number, ow: number, kh: number, kw: number,
  sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
) => void;

function bytes(): Uint8Array<ArrayBuffer> {
  const raw = atob(MODULE_BASE64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The backend's WebAssembly.Memory, when the build exposes it (the Emscripten `asm.memory` export). */
function memoryOf(backend: WasmBackendLike): WebAssembly.Memory | undefined {
  const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/**
 * The SIMD loop bound to the backend's memory, or undefined when the memory
 * is not reachable or this engine has no WebAssembly SIMD (callers then use
 * the JavaScript loop). Instantiated per call: the module is tiny.
 */
export function depthwiseFilterLoop(backend: WasmBackendLike): DepthwiseFilterLoop | undefined {
  const memory = memoryOf(backend);
  if (memory === undefined || typeof WebAssembly !== 'object') return undefined;
  const code = bytes();
  if (!WebAssembly.validate(code)) return undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(code), { env: { memory } });
  return instance.exports.dwf as DepthwiseFilterLoop;
}
