/**
 * Child-process entry of {@link WasmLatencyMeasurer}: sets the tfjs WASM
 * backend (SIMD, one thread in Node), then, for each request, builds the
 * model at the architecture's input shape with batch 1, runs the timing
 * protocol and disposes everything. Started by `wasm-process.ts`; never
 * imported by the library itself.
 *
 * @internal
 * @module
 */

import * as tf from '../../tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { buildModel } from '../../blocks/index.js';
import { hashArchitecture } from '../../space/hash.js';
import type { Architecture } from '../../space/types.js';
import { duetPairer } from './duet-pairer.js';
import { processCpuMs, usageMeter } from '../load-watch.js';
import { runTimingProtocol } from '../timing-protocol.js';
import { serializeError, type ChildMessage, type MeasureRequest } from './worker-messages.js';

function send(message: ChildMessage): void {
  // The parent may have gone (killed, or it exited) before this child finished starting.
  if (!process.connected) process.exit(0);
  process.send?.(message);
}

async function startup(): Promise<void> {
  const ok = await tf.setBackend('wasm');
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('The tfjs WASM backend could not be initialized');
  await tf.ready();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  send({
    type: 'ready',
    platform: {
      name: 'node-wasm',
      backend: 'wasm',
      simd,
      // In Node the WASM backend runs XNNPACK on one thread (the threaded build needs a browser's workers).
      threads: threaded ? 0 : 1,
      device: `node ${process.version} ${process.platform}-${process.arch}`,
    },
  });
}

/** The reference network of duet timing and its input. */
interface Reference {
  readonly key: string;
  readonly model: tf.LayersModel;
  readonly input: tf.Tensor;
}

/** Built on the first duet request and kept while later requests name the same network. */
let reference: Reference | undefined;

function referenceModel(arch: Architecture, seed: number): Reference {
  const key = hashArchitecture(arch);
  if (reference?.key !== key) {
    if (reference !== undefined) {
      reference.model.dispose();
      reference.input.dispose();
      reference = undefined;
    }
    const [h, w, c] = arch.inputShape;
    reference = {
      key,
      model: buildModel(arch, { seed, batchSize: 1, foldBatchNorm: true }),
      input: tf.randomUniform([1, h, w, c], 0, 1, 'float32', seed),
    };
    return reference;
  }
  return reference;
}

async function measure(req: MeasureRequest): Promise<void> {
  let ref: Reference | undefined;
  try {
    // Built before the tensor count is taken: it stays for later requests.
    ref = req.reference === undefined ? undefined : referenceModel(req.reference, req.seed);
  } catch (err) {
    send({ type: 'error', id: req.id, stage: 'build', error: serializeError(err) });
    return;
  }
  const before = tf.memory().numTensors;
  const meter = usageMeter(processCpuMs);
  let stage: 'build' | 'run' = 'build';
  let model: tf.LayersModel | undefined;
  let input: tf.Tensor | undefined;
  try {
    const t0 = performance.now();
    // The inference form (BN folded into the convs), as TFLite and every deployment runtime runs it.
    model = buildModel(req.arch, { seed: req.seed, batchSize: 1, foldBatchNorm: true });
    const buildMs = performance.now() - t0;
    stage = 'run';
    const [h, w, c] = req.arch.inputShape;
    input = tf.randomUniform([1, h, w, c], 0, 1, 'float32', req.seed);
    const m = model;
    const x = input;
    const cpu = req.clock === 'cpu';
    const time = (net: tf.LayersModel, inp: tf.Tensor): number => {
      const start = performance.now();
      const cpuStart = cpu ? process.cpuUsage() : undefined;
      const y = net.predict(inp) as tf.Tensor;
      y.dataSync();
      const wallMs = performance.now() - start;
      const used = cpuStart === undefined ? undefined : process.cpuUsage(cpuStart);
      y.dispose();
      return used === undefined ? wallMs : (used.user + used.system) / 1000;
    };
    const pairer =
      ref === undefined
        ? undefined
        : duetPairer(
            () => time(m, x),
            () => time(ref.model, ref.input),
            req.fastState,
          );
    const result = await runTimingProtocol(pairer === undefined ? () => time(m, x) : () => pairer.runOnce(), req.protocol, {
      // Fast-state selection applies to the timed runs only; warm-up takes every pair.
      beforeTimed: () => {
        pairer?.startTimed();
        meter.timed();
      },
    });
    const usage = meter.stop();
    const n = result.samplesMs.length;
    const pairs = pairer?.pairs();
    const duet =
      pairs === undefined
        ? undefined
        : {
            modelMs: pairs.modelMs.slice(-n),
            referenceMs: pairs.referenceMs.slice(-n),
            rejected: pairs.rejected,
            waitedOut: pairs.waitedOut,
            referenceHash: reference?.key ?? '',
          };
    input.dispose();
    input = undefined;
    model.dispose();
    model = undefined;
    send({
      type: 'result',
      id: req.id,
      ...result,
      ...(duet === undefined ? {} : { duet }),
      buildMs,
      ...(usage === undefined ? {} : { usage }),
      leakedTensors: tf.memory().numTensors - before,
    });
  } catch (err) {
    send({ type: 'error', id: req.id, stage, error: serializeError(err) });
  } finally {
    input?.dispose();
    model?.dispose();
  }
}

let queue: Promise<void> = Promise.resolve();

process.on('message', (msg: MeasureRequest) => {
  if (msg?.type !== 'measure') return;
  queue = queue.then(() => measure(msg));
});
process.on('disconnect', () => process.exit(0));

startup().catch((err: unknown) => {
  send({ type: 'error', stage: 'startup', error: serializeError(err) });
  process.exitCode = 1;
  process.disconnect?.();
});
