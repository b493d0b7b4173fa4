/**
 * The WebAssembly (SIMD) build of the matrix kernel of `kernels.ts`,
 * assembled from `kernels.wat` (same folder) with
 * `wat2wasm src/controller/kernels.wat -o k.wasm && base64 -w0 k.wasm`.
 * Each output is summed in index order with separate multiplies and adds,
 * exactly as the JavaScript kernel does, so both give bitwise equal numbers.
 *
 * @module
 */

/** The assembled module, base64. */
export const KERNEL_WASM_BASE64 = 'AGFzbQEAAAABNQZgBH9/f38BfGADf3x/AGAEf39/fwF7YAN/e38AYAh/f39/f39/fwBgCn9/f39/f39/f38AAwcGAAECAwQFBQMBAAEHDAIDbWVtAgACbW0ABQreBgY8AgF8AX8CQANAIAUgAk8NASAEIAArAwAgASsDAKKgIQQgAEEIaiEAIAEgA2ohASAFQQFqIQUMAAsLIAQLFwAgACACBHwgACsDACABoAUgAQs5AwALQwIBewF/AkADQCAFIAJPDQEgBCAAKwMA/RQgAf0ABAD98gH98AEhBCAAQQhqIQAgASADaiEBIAVBAWohBQwACwsgBAsbACAAIAIEeyAA/QAEACAB/fABBSABC/0LBAAL2QICBH8OeyAAIAFqIQggCCABaiEJIAkgAWohCgJAA0AgCyADTw0BIAL9AAQAIRAgAv0ABBAhESAAKwMA/RQhDCAIKwMA/RQhDSAJKwMA/RQhDiAKKwMA/RQhDyASIAwgEP3yAf3wASESIBMgDCAR/fIB/fABIRMgFCANIBD98gH98AEhFCAVIA0gEf3yAf3wASEVIBYgDiAQ/fIB/fABIRYgFyAOIBH98gH98AEhFyAYIA8gEP3yAf3wASEYIBkgDyAR/fIB/fABIRkgAEEIaiEAIAhBCGohCCAJQQhqIQkgCkEIaiEKIAIgBGohAiALQQFqIQsMAAsLIAUgEiAHEAMgBUEQaiATIAcQAyAFIAZqIQUgBSAUIAcQAyAFQRBqIBUgBxADIAUgBmohBSAFIBYgBxADIAVBEGogFyAHEAMgBSAGaiEFIAUgGCAHEAMgBUEQaiAZIAcQAwvLAgEFfwJAA0AgCkEEaiAASw0BIAMgCiAEbGohDSAHIAogCGxqIQ5BACELAkADQCALQQRqIAFLDQEgDSAEIAUgC0EDdGogAiAGIA4gC0EDdGogCCAJEAQgC0EEaiELDAALCwJAA0AgCyABTw0BQQAhDAJAA0AgDEEETw0BIA4gDCAIbGogC0EDdGogDSAMIARsaiAFIAtBA3RqIAIgBhAAIAkQASAMQQFqIQwMAAsLIAtBAWohCwwACwsgCkEEaiEKDAALCwJAA0AgCiAATw0BIAMgCiAEbGohDSAHIAogCGxqIQ5BACELAkADQCALQQJqIAFLDQEgDiALQQN0aiANIAUgC0EDdGogAiAGEAIgCRADIAtBAmohCwwACwsgCyABSQRAIA4gC0EDdGogDSAFIAtBA3RqIAIgBhAAIAkQAQsgCkEBaiEKDAALCws=';

/** Exports of the kernel module. */
export interface KernelExports {
  readonly mem: WebAssembly.Memory;
  /** See {@link matmul} in `kernels.ts`; addresses and strides in bytes, `acc` 1 to add into the output. */
  readonly mm: (m: number, n: number, len: number, a: number, as: number, b: number, bs: number, o: number, os: number, acc: number) => void;
}

let cached: KernelExports | null | undefined;

/** The instantiated kernel, or null where WebAssembly SIMD is unavailable. */
export function kernelWasm(): KernelExports | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    if (typeof WebAssembly === 'object' && typeof atob === 'function') {
      const bin = atob(KERNEL_WASM_BASE64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      if (WebAssembly.validate(bytes)) cached = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as KernelExports;
    }
  } catch {
    cached = null;
  }
  return cached;
}
