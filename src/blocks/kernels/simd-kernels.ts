/**
 * Hot loops as a small WebAssembly SIMD module that imports the tfjs WASM
 * backend's own memory, so it reads and writes tensors in place: the
 * depthwise filter gradient and the per-channel affine map of batch norm.
 * Source: `simd-kernels.wat` next to this file, assembled with `wat2wasm`
 * (wabt 1.0.32); the bytes are inlined below.
 *
 * @module
 */

import type { WasmBackendLike } from './wasm-backend.js';

/** `wat2wasm simd-kernels.wat -o - | base64 -w0` */
const MODULE_BASE64 =
  'AGFzbQEAAAABHgJgEX9/f39/f39/f39/f39/f39/AGAGf39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwMCAAEHEAIDZHdmAAAGYWZmaW5lAAEKxQQC/wIBDX8gBkECdCEcIAZBfHFBAnQhHUEAIRECQANAIBEgA08NAUEAIRICQANAIBIgB08NAUEAIRMCQANAIBMgCE8NASABIBEgB2wgEmogCGwgE2ogHGxqIRlBACEUAkADQCAUIAlPDQEgEiALbCAUIA1saiAPayEWIBYgBEkEQEEAIRUCQANAIBUgCk8NASATIAxsIBUgDmxqIBBrIRcgFyAFSQRAIAAgESAEbCAWaiAFbCAXaiAcbGohGCACIBQgCmwgFWogHGxqIRpBACEbAkADQCAbIB1PDQEgGiAbaiAaIBtq/QAEACAYIBtq/QAEACAZIBtq/QAEAP3mAf3kAf0LBAAgG0EQaiEbDAALCwJAA0AgGyAcTw0BIBogG2ogGiAbaioCACAYIBtqKgIAIBkgG2oqAgCUkjgCACAbQQRqIRsMAAsLCyAVQQFqIRUMAAsLCyAUQQFqIRQMAAsLIBNBAWohEwwACwsgEkEBaiESDAALCyARQQFqIREMAAsLC8EBAQZ/IAVBAnQhCCAFQXxxQQJ0IQkgACEKIAEhC0EAIQYCQANAIAYgBE8NAUEAIQcCQANAIAcgCU8NASALIAdqIAogB2r9AAQAIAIgB2r9AAQA/eYBIAMgB2r9AAQA/eQB/QsEACAHQRBqIQcMAAsLAkADQCAHIAhPDQEgCyAHaiAKIAdqKgIAIAIgB2oqAgCUIAMgB2oqAgCSOAIAIAdBBGohBwwACwsgCiAIaiEKIAsgCGohCyAGQQFqIQYMAAsLCw==';

/** `acc[t, c] += x[...] * g[...]` over every pixel and tap t; pointers are byte offsets; see the .wat file. */
export type DepthwiseFilterLoop = (
  x: number, g: number, acc: number,
  n: number, ih: number, iw: number, c: number, oh: number, ow: number, kh: number, kw: number,
  sh: number, sw: number, dh: number, dw: number, pt: number, pl: number,
) => void;

/** `y[r, c] = x[r, c] * s[c] + t[c]` for `rows` rows of `c` channels; byte-offset pointers. */
export type AffineLoop = (x: number, y: number, s: number, t: number, rows: number, c: number) => void;

/** The loops of the module. */
export interface SimdKernels {
  readonly dwf: DepthwiseFilterLoop;
  readonly affine: AffineLoop;
}

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
 * The SIMD loops bound to the backend's memory, or undefined when the memory
 * is not reachable or this engine has no WebAssembly SIMD (callers then fall
 * back). Instantiated per call (about 0.5 ms): the module is tiny, and no
 * instance outlives the kernel that uses it.
 */
export function simdKernels(backend: WasmBackendLike): SimdKernels | undefined {
  const memory = memoryOf(backend);
  if (memory === undefined || typeof WebAssembly !== 'object') return undefined;
  const code = bytes();
  if (!WebAssembly.validate(code)) return undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(code), { env: { memory } });
  return { dwf: instance.exports.dwf as DepthwiseFilterLoop, affine: instance.exports.affine as AffineLoop };
}
