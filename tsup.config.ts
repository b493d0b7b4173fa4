import { defineConfig } from 'tsup';

/** The root and the subpaths of package.json `exports`; space, reward and controller are browser-safe. */
const LIBRARY = {
  index: 'src/index.ts',
  space: 'src/entries/space.ts',
  reward: 'src/entries/reward.ts',
  controller: 'src/entries/controller.ts',
  measure: 'src/entries/measure.ts',
  evaluate: 'src/entries/evaluate.ts',
  search: 'src/entries/search.ts',
  distributed: 'src/entries/distributed.ts',
  report: 'src/entries/report.ts',
};

// Optional peers, loaded lazily by the browser measurer; never bundled. tfjs is a peer too.
const external = ['playwright-core', '@tensorflow/tfjs-tflite', /^@tensorflow\//, 'onnxruntime-node', 'onnxruntime-web', /^@litertjs\//];

// `npm run build` empties dist/ first: the two builds run at once, so neither cleans.
export default defineConfig([
  {
    // The library in ESM and CJS. Shared code goes to chunks, so that `mnas-ts` and
    // `mnas-ts/space` hold the same MnasError class (instanceof works across subpaths).
    entry: LIBRARY,
    format: ['esm', 'cjs'],
    // Declarations come from tsc (tsconfig.build.json), one per source file with its declaration map.
    sourcemap: true,
    target: 'node20',
    splitting: true,
    shims: true,
    external,
  },
  {
    // The executable and the WASM measurer's child process (looked up beside the entry,
    // src/measure/wasm/worker-entry.ts): ESM only, as `bin` runs them.
    entry: { cli: 'src/cli/index.ts', 'measure-worker': 'src/measure/wasm/worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    splitting: true,
    shims: true,
    external,
  },
]);
