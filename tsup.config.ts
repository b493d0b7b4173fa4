import { defineConfig } from 'tsup';

export default defineConfig({
  // measure-worker: the WASM measurer's child process, looked up beside the entry (src/measure/wasm/worker-entry.ts).
  entry: { index: 'src/index.ts', cli: 'src/cli/index.ts', 'measure-worker': 'src/measure/wasm/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  shims: true,
  // Optional peers, loaded lazily by the browser measurer; never bundled.
  external: ['playwright-core', '@tensorflow/tfjs-tflite'],
});
