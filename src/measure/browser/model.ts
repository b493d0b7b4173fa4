/**
 * Turning an Architecture into the files the measuring page loads: a tfjs
 * `model.json` + weights for `wasm` and `webgl`, a `.tflite` for `tflite` and
 * `litert`, an `.onnx` for `ort-wasm` and `ort-webgpu`.
 *
 * @module
 */

import * as tf from '../../tfjs.js';
import { buildModel } from '../../blocks/index.js';
import { toOnnx, toTflite } from '../../export/index.js';
import type { Architecture } from '../../space/types.js';
import type { BrowserBackend } from './options.js';

/** Files to serve for one model; `entry` is the file the page loads. */
export interface PageModelFiles {
  readonly entry: string;
  readonly files: ReadonlyMap<string, Uint8Array | string>;
}

function concat(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

async function tfjsFiles(model: tf.LayersModel, id: string): Promise<PageModelFiles> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = saved!;
  const json = JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: 'layers-model',
    generatedBy: 'mnas-ts',
    weightsManifest: [{ paths: [`./${id}.bin`], weights: artifacts.weightSpecs ?? [] }],
  });
  return {
    entry: `${id}.json`,
    files: new Map<string, Uint8Array | string>([
      [`${id}.json`, json],
      [`${id}.bin`, concat(artifacts.weightData as ArrayBuffer | ArrayBuffer[] | undefined)],
    ]),
  };
}

/**
 * Builds `arch` with weights seeded by `seed` and serializes it for `backend`.
 *
 * @throws InvalidArchitectureError (from `buildModel`) or ExportError (from `toTflite`).
 */
export async function pageModelFiles(arch: Architecture, backend: BrowserBackend, seed: number, id: string): Promise<PageModelFiles> {
  // As the Node WASM measurer builds it (fixed batch 1), so the two platforms run the same graph.
  const model = buildModel(arch, { seed, batchSize: 1, foldBatchNorm: true });
  try {
    if (backend === 'tflite' || backend === 'litert') return { entry: `${id}.tflite`, files: new Map([[`${id}.tflite`, toTflite(model)]]) };
    if (backend === 'ort-wasm' || backend === 'ort-webgpu') return { entry: `${id}.onnx`, files: new Map([[`${id}.onnx`, toOnnx(model)]]) };
    return await tfjsFiles(model, id);
  } finally {
    model.dispose();
  }
}
