/**
 * Hot loops as a small WebAssembly SIMD module that imports the tfjs WASM
 * backend's own memory, so it reads and writes tensors in place: the
 * depthwise filter gradient, the per-channel affine map of batch norm, and
 * the register-blocked outer-product sum of 1 x 1 weight gradients.
 * Source: `simd-kernels.wat` next to this file, assembled with `wat2wasm`
 * (wabt 1.0.32); the bytes are inlined below.
 *
 * @module
 */

import { compileWasmModule, instantiateWasmModule } from '../../wasm-module.js';
import type { WasmBackendLike } from './wasm-backend.js';

/** `wat2wasm simd-kernels.wat -o - | base64 -w0` */
const MODULE_BASE64 =
  'AGFzbQEAAAABHgJgEX9/f39/f39/f39/f39/f39/AGAGf39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwQDAAEBBxgDA2R3ZgAABmFmZmluZQABBW91dGVyAAIK8ggD/wIBDX8gBkECdCEcIAZBfHFBAnQhHUEAIRECQANAIBEgA08NAUEAIRICQANAIBIgB08NAUEAIRMCQANAIBMgCE8NASABIBEgB2wgEmogCGwgE2ogHGxqIRlBACEUAkADQCAUIAlPDQEgEiALbCAUIA1saiAPayEWIBYgBEkEQEEAIRUCQANAIBUgCk8NASATIAxsIBUgDmxqIBBrIRcgFyAFSQRAIAAgESAEbCAWaiAFbCAXaiAcbGohGCACIBQgCmwgFWogHGxqIRpBACEbAkADQCAbIB1PDQEgGiAbaiAaIBtq/QAEACAYIBtq/QAEACAZIBtq/QAEAP3mAf3kAf0LBAAgG0EQaiEbDAALCwJAA0AgGyAcTw0BIBogG2ogGiAbaioCACAYIBtqKgIAIBkgG2oqAgCUkjgCACAbQQRqIRsMAAsLCyAVQQFqIRUMAAsLCyAUQQFqIRQMAAsLIBNBAWohEwwACwsgEkEBaiESDAALCyARQQFqIREMAAsLC8EBAQZ/IAVBAnQhCCAFQXxxQQJ0IQkgACEKIAEhC0EAIQYCQANAIAYgBE8NAUEAIQcCQANAIAcgCU8NASALIAdqIAogB2r9AAQAIAIgB2r9AAQA/eYBIAMgB2r9AAQA/eQB/QsEACAHQRBqIQcMAAsLAkADQCAHIAhPDQEgCyAHaiAKIAdqKgIAIAIgB2oqAgCUIAMgB2oqAgCSOAIAIAdBBGohBwwACwsgCiAIaiEKIAsgCGohCyAGQQFqIQYMAAsLC6sEAgt/C3sgBEECdCEOIAVBAnQhD0EAIQYCQANAIAYgA08NASAGQcAAaiEHIAcgA0sEQCADIQcLQQAhCQJAA0AgCSAETw0BQQAhCgJAA0AgCiAFTw0BIAIgCSAFbCAKakECdGohDSAN/QAEACEUIA39AAQQIRUgDSAPav0ABAAhFiANIA9q/QAEECEXIA0gD0EBdGr9AAQAIRggDSAPQQF0av0ABBAhGSANIA9BA2xq/QAEACEaIA0gD0EDbGr9AAQQIRsgACAGIARsIAlqQQJ0aiELIAEgBiAFbCAKakECdGohDCAGIQgCQANAIAggB08NASAM/QAEACERIAz9AAQQIRIgCyoCAP0TIRMgFCATIBH95gH95AEhFCAVIBMgEv3mAf3kASEVIAsqAgT9EyETIBYgEyAR/eYB/eQBIRYgFyATIBL95gH95AEhFyALKgII/RMhEyAYIBMgEf3mAf3kASEYIBkgEyAS/eYB/eQBIRkgCyoCDP0TIRMgGiATIBH95gH95AEhGiAbIBMgEv3mAf3kASEbIAsgDmohCyAMIA9qIQwgCEEBaiEIDAALCyANIBT9CwQAIA0gFf0LBBAgDSAPaiAW/QsEACANIA9qIBf9CwQQIA0gD0EBdGogGP0LBAAgDSAPQQF0aiAZ/QsEECANIA9BA2xqIBr9CwQAIA0gD0EDbGogG/0LBBAgCkEIaiEKDAALCyAJQQRqIQkMAAsLIAchBgwACwsL';

/** `acc[t, c] += x[...] * g[...]` over every pixel and tap t; pointers are byte offsets; see the .wat file. */
export type DepthwiseFilterLoop = (
  x: number,
  g: number,
  acc: number,
  n: number,
  ih: number,
  iw: number,
  c: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  pt: number,
  pl: number,
) => void;

/** `y[r, c] = x[r, c] * s[c] + t[c]` for `rows` rows of `c` channels; byte-offset pointers. */
export type AffineLoop = (x: number, y: number, s: number, t: number, rows: number, c: number) => void;

/** `out[ci, co] += Σ_r x[r, ci] * g[r, co]` for `ci < Ci` (a multiple of 4), `co < Co` (a multiple of 8); byte-offset pointers. */
export type OuterLoop = (x: number, g: number, out: number, rows: number, ci: number, co: number) => void;

/** The loops of the module. */
export interface SimdKernels {
  readonly dwf: DepthwiseFilterLoop;
  readonly affine: AffineLoop;
  readonly outer: OuterLoop;
}

/** The backend's WebAssembly.Memory, when the build exposes it (the Emscripten `asm.memory` export). */
function memoryOf(backend: WasmBackendLike): WebAssembly.Memory | undefined {
  const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** Gives the SIMD loops bound to a backend's memory, or undefined when unavailable; see {@link createSimdProvider}. */
export type SimdProvider = (backend: WasmBackendLike) => SimdKernels | undefined;

/**
 * A {@link SimdProvider} that compiles the module once and instantiates it
 * once per backend memory (the cache lives in the returned closure). It
 * gives undefined when the memory is not reachable or the engine has no
 * WebAssembly SIMD; callers then fall back.
 */
export function createSimdProvider(): SimdProvider {
  const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();
  let compiled: WebAssembly.Module | null | undefined;
  return (backend) => {
    const memory = memoryOf(backend);
    if (memory === undefined || typeof WebAssembly !== 'object') return undefined;
    const hit = instances.get(memory);
    if (hit !== undefined) return hit ?? undefined;
    if (compiled === undefined) compiled = compileWasmModule(MODULE_BASE64) ?? null;
    let kernels: SimdKernels | null = null;
    if (compiled !== null) {
      const exports = instantiateWasmModule(compiled, { env: { memory } });
      kernels = {
        dwf: exports.dwf as DepthwiseFilterLoop,
        affine: exports.affine as AffineLoop,
        outer: exports.outer as OuterLoop,
      };
    }
    instances.set(memory, kernels);
    return kernels ?? undefined;
  };
}
