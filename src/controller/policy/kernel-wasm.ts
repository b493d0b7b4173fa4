/**
 * The WebAssembly (SIMD) build of the matrix kernel of `kernels.ts`,
 * assembled from `kernels.wat` (same folder) with
 * `wat2wasm src/controller/policy/kernels.wat -o k.wasm && base64 -w0 k.wasm`.
 * Each output is summed in index order with separate multiplies and adds,
 * exactly as the JavaScript kernel does, so both give bitwise equal numbers.
 *
 * @module
 */

import { compileWasmModule, instantiateWasmModule } from '../../wasm-module.js';

/** The assembled module, base64. */
export const KERNEL_WASM_BASE64 =
  'AGFzbQEAAAABPgdgBH9/f38BfGADf3x/AGAEf39/fwF7YAN/e38AYAZ/f39/f38AYAh/f39/f39/fwBgCn9/f39/f39/f38AAwgHAAECAwQFBgUDAQABBwwCA21lbQIAAm1tAAYKtwgHPAIBfAF/AkADQCAFIAJPDQEgBCAAKwMAIAErAwCioCEEIABBCGohACABIANqIQEgBUEBaiEFDAALCyAECxcAIAAgAgR8IAArAwAgAaAFIAELOQMAC0MCAXsBfwJAA0AgBSACTw0BIAQgACsDAP0UIAH9AAQA/fIB/fABIQQgAEEIaiEAIAEgA2ohASAFQQFqIQUMAAsLIAQLGwAgACACBHsgAP0ABAAgAf3wAQUgAQv9CwQAC6QBAgF/BXsCQANAIAYgAk8NASAAKwMA/RQhByAIIAcgAf0ABAD98gH98AEhCCAJIAcgAf0ABBD98gH98AEhCSAKIAcgAf0ABCD98gH98AEhCiALIAcgAf0ABDD98gH98AEhCyAAQQhqIQAgASADaiEBIAZBAWohBgwACwsgBCAIIAUQAyAEQRBqIAkgBRADIARBIGogCiAFEAMgBEEwaiALIAUQAwvZAgIEfw57IAAgAWohCCAIIAFqIQkgCSABaiEKAkADQCALIANPDQEgAv0ABAAhECAC/QAEECERIAArAwD9FCEMIAgrAwD9FCENIAkrAwD9FCEOIAorAwD9FCEPIBIgDCAQ/fIB/fABIRIgEyAMIBH98gH98AEhEyAUIA0gEP3yAf3wASEUIBUgDSAR/fIB/fABIRUgFiAOIBD98gH98AEhFiAXIA4gEf3yAf3wASEXIBggDyAQ/fIB/fABIRggGSAPIBH98gH98AEhGSAAQQhqIQAgCEEIaiEIIAlBCGohCSAKQQhqIQogAiAEaiECIAtBAWohCwwACwsgBSASIAcQAyAFQRBqIBMgBxADIAUgBmohBSAFIBQgBxADIAVBEGogFSAHEAMgBSAGaiEFIAUgFiAHEAMgBUEQaiAXIAcQAyAFIAZqIQUgBSAYIAcQAyAFQRBqIBkgBxADC/4CAQV/AkADQCAKQQRqIABLDQEgAyAKIARsaiENIAcgCiAIbGohDkEAIQsCQANAIAtBBGogAUsNASANIAQgBSALQQN0aiACIAYgDiALQQN0aiAIIAkQBSALQQRqIQsMAAsLAkADQCALIAFPDQFBACEMAkADQCAMQQRPDQEgDiAMIAhsaiALQQN0aiANIAwgBGxqIAUgC0EDdGogAiAGEAAgCRABIAxBAWohDAwACwsgC0EBaiELDAALCyAKQQRqIQoMAAsLAkADQCAKIABPDQEgAyAKIARsaiENIAcgCiAIbGohDkEAIQsCQANAIAtBCGogAUsNASANIAUgC0EDdGogAiAGIA4gC0EDdGogCRAEIAtBCGohCwwACwsCQANAIAtBAmogAUsNASAOIAtBA3RqIA0gBSALQQN0aiACIAYQAiAJEAMgC0ECaiELDAALCyALIAFJBEAgDiALQQN0aiANIAUgC0EDdGogAiAGEAAgCRABCyAKQQFqIQoMAAsLCw==';

/** Exports of the kernel module. */
export interface KernelExports {
  readonly mem: WebAssembly.Memory;
  /** See {@link Workspace.matmul} in `kernels.ts`; addresses and strides in bytes, `acc` 1 to add into the output. */
  readonly mm: (
    m: number,
    n: number,
    len: number,
    a: number,
    as: number,
    b: number,
    bs: number,
    o: number,
    os: number,
    acc: number,
  ) => void;
}

/**
 * A new instance of the kernel, with its own memory, or null where
 * WebAssembly SIMD is unavailable. Each {@link Workspace} owns one.
 */
export function instantiateKernelWasm(): KernelExports | null {
  try {
    const module = compileWasmModule(KERNEL_WASM_BASE64);
    return module === undefined ? null : (instantiateWasmModule(module) as unknown as KernelExports);
  } catch {
    return null;
  }
}
