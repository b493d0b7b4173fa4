import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as tf from '../../src/tfjs.js';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { RandomController, countParams, factorizedSpace, macsLatency, search } from '../../src/index.js';
import type { Architecture } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mnas-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mnas-ts export', () => {
  it('writes the best architecture as model.json + weights.bin that tfjs loads, and a .tflite file', async () => {
    const space = factorizedSpace({
      skeleton: [
        { filters: 8, repeats: 1, stride: 1 },
        { filters: 16, repeats: 1, stride: 2 },
      ],
      inputShape: [16, 16, 1],
      numClasses: 10,
      stem: { filters: 8, kernel: 3, stride: 2 },
      head: { filters: 0, dropout: 0 },
    });
    const journal = join(dir, 'arch.jsonl');
    // Accuracy grows with parameters, so the best trial is a known one.
    const result = await search({
      space,
      controller: new RandomController(space, { seed: 1 }),
      evaluator: { evaluate: async (a: Architecture) => ({ accuracy: Math.min(1, countParams(a) / 1e5) }) },
      measurer: macsLatency(),
      targetMs: 0.05,
      budget: { trials: 6 },
      journal,
    });
    const before = tf.memory().numTensors;
    const out: string[] = [];
    const code = await main(['export', journal, '--out', join(dir, 'best')], { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`Exported trial #${result.best?.index} \\(fresh weights\\):`));
    expect(tf.memory().numTensors).toBe(before);

    const modelJson = JSON.parse(readFileSync(join(dir, 'best', 'model.json'), 'utf8'));
    const weights = readFileSync(join(dir, 'best', 'weights.bin'));
    expect(modelJson.format).toBe('layers-model');
    const specs = modelJson.weightsManifest[0].weights as { shape: number[] }[];
    expect(weights.byteLength).toBe(4 * specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: specs as tf.io.WeightsManifestEntry[],
        weightData: new Uint8Array(weights).buffer,
      }),
    );
    expect(model.countParams()).toBeGreaterThanOrEqual(countParams(result.best?.value as Architecture));
    const y = tf.tidy(() => model.predict(tf.zeros([1, 16, 16, 1])) as tf.Tensor);
    expect(y.shape).toEqual([1, 10]);
    y.dispose();
    model.dispose();
    const tflite = readFileSync(join(dir, 'best', 'model.tflite'));
    expect(tflite.subarray(4, 8).toString('latin1')).toBe('TFL3');
    const onnx = await ort.InferenceSession.create(readFileSync(join(dir, 'best', 'model.onnx')));
    const logits = await onnx.run({ [onnx.inputNames[0]!]: new ort.Tensor('float32', new Float32Array(16 * 16), [1, 16, 16, 1]) });
    expect(logits[onnx.outputNames[0]!]!.dims).toEqual([1, 10]);
    await onnx.release();
    expect(JSON.parse(readFileSync(join(dir, 'best', 'architecture.json'), 'utf8'))).toEqual(result.best?.value);

    // Trained before export: validation accuracy reported and recorded, weights differ from the fresh ones.
    out.length = 0;
    const trainedCode = await main(['export', journal, '--out', join(dir, 'trained'), '--train-steps', '6'], {
      out: (s) => out.push(s),
      err: (s) => out.push(s),
    });
    expect(trainedCode).toBe(0);
    expect(out.join('\n')).toMatch(/\(trained 6 steps, validation accuracy 0\.\d{4}\)/);
    const info = JSON.parse(readFileSync(join(dir, 'trained', 'export.json'), 'utf8'));
    expect(info).toMatchObject({ trial: result.best?.index, trained: { steps: 6 } });
    expect(info.accuracy).toBeGreaterThanOrEqual(0);
    expect(Buffer.compare(readFileSync(join(dir, 'trained', 'weights.bin')), weights)).not.toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes only the format --format names', async () => {
    const out: string[] = [];
    const code = await main(['export', join(dir, 'arch.jsonl'), '--out', join(dir, 'onnx-only'), '--format', 'onnx'], {
      out: (s) => out.push(s),
      err: (s) => out.push(s),
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/\(fresh weights\): \S+model\.onnx, \S+labels\.json$/);
    expect(existsSync(join(dir, 'onnx-only', 'model.onnx'))).toBe(true);
    expect(existsSync(join(dir, 'onnx-only', 'model.json'))).toBe(false);
    expect(existsSync(join(dir, 'onnx-only', 'model.tflite'))).toBe(false);
  });

  it('exits with 2 on a bad --train-steps', async () => {
    const err: string[] = [];
    const code = await main(['export', join(dir, 'arch.jsonl'), '--train-steps', '-1'], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/Invalid --train-steps: expected a decimal integer in \[0, 10000000000\], received "-1"/);
  });
});
