/**
 * The tfjs namespace the library uses: `@tensorflow/tfjs-core` and
 * `@tensorflow/tfjs-layers` (peer dependencies) joined as one `tf`, with the
 * `cpu` backend registered; tfjs-layers registers the gradients. The
 * umbrella `@tensorflow/tfjs` would add the converter, tfjs-data, WebGL and
 * the chained ops (`t.reshape(...)`), which nothing here uses: call
 * `tf.reshape(t, ...)`.
 *
 * @internal
 * @module
 */

import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
// Named again so that the bundled type declarations import them from tfjs-layers.
export { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
