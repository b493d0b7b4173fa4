/**
 * A search on your own images: a folder of color PNG and JPEG files, one
 * subfolder per class, read at 64 x 64 x 3 by loadImageFolder, searched
 * with a latency target that binds (the median latency of networks sampled
 * from the space, measured first on this machine), and the class names kept.
 *
 *   npx tsx examples/own-images.ts [folder]
 *
 * Without a folder it writes a small one first (three classes of colored
 * shapes) into a temporary directory. MNAS_EXAMPLE_SMOKE=1 shrinks the
 * budgets (used by the smoke test).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as jpeg from 'jpeg-js';
import { PpoController, ProxyTrainer, Rng, WasmLatencyMeasurer, factorizedSpace, formatBlocks, loadImageFolder, search } from 'mnas-ts';
import type { Architecture } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';
const side = 64;

/** Writes `perClass` 64 x 64 RGB images per class: a red disc, a green square, blue stripes, on noise. */
function writeShapes(dir: string, perClass: number): void {
  const { PNG } = createRequire(import.meta.url)('pngjs') as {
    PNG: { sync: { write(png: { width: number; height: number; data: Buffer }): Buffer } };
  };
  const rng = new Rng(7);
  const shapes: Record<string, (x: number, y: number, cx: number, cy: number) => [number, number, number] | undefined> = {
    disc: (x, y, cx, cy) => ((x - cx) ** 2 + (y - cy) ** 2 < 144 ? [220, 40, 40] : undefined),
    square: (x, y, cx, cy) => (Math.abs(x - cx) < 11 && Math.abs(y - cy) < 11 ? [40, 200, 60] : undefined),
    stripes: (x, _y, cx) => (Math.floor((x - cx + 64) / 6) % 2 === 0 ? [40, 60, 220] : undefined),
  };
  for (const [name, draw] of Object.entries(shapes)) {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const [cx, cy] = [20 + rng.int(24), 20 + rng.int(24)];
      const data = Buffer.alloc(side * side * 4, 255);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const noise = 90 + rng.int(80);
          const rgb = draw(x, y, cx, cy) ?? [noise, noise, noise];
          data.set(rgb, (y * side + x) * 4);
        }
      }
      const image = { width: side, height: side, data };
      // Half PNG, half JPEG: the loader tells them by their bytes.
      if (i % 2 === 0) writeFileSync(join(dir, name, `${i}.png`), PNG.sync.write(image));
      else writeFileSync(join(dir, name, `${i}.jpg`), jpeg.encode(image, 90).data);
    }
  }
}

const generated = process.argv[2] === undefined;
const folder = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'mnas-own-images-'));
if (generated) writeShapes(folder, smoke ? 6 : 60);

// Checked whole before anything runs: a bad file stops here with its path.
const data = loadImageFolder(folder, { inputShape: [side, side, 3], seed: 0 });
console.log(
  `${folder}: classes ${data.classNames.join(', ')}; ${data.train.count} training and ${data.validation.count} validation images`,
);

await tf.setBackend('wasm');

// The default space's skeleton with the stride schedule of a 64 x 64 input: total stride 16, last map 4 x 4.
const space = factorizedSpace({
  skeleton: [
    { filters: 8, repeats: 1, stride: 1 },
    { filters: 16, repeats: 2, stride: 2 },
    { filters: 24, repeats: 2, stride: 2 },
    { filters: 32, repeats: 1, stride: 2 },
  ],
  inputShape: [side, side, 3],
  numClasses: data.classNames.length,
  stem: { filters: 8, kernel: 3, stride: 2 },
  head: { filters: 0, dropout: 0 },
});
const measurer = new WasmLatencyMeasurer({ seed: 0 });

try {
  // A target that binds: the median latency of a few sampled networks on this machine.
  const rng = new Rng(1);
  const probes: number[] = [];
  for (let i = 0; i < (smoke ? 3 : 8); i++) probes.push((await measurer.measure(space.sample(rng))).medianMs);
  probes.sort((a, b) => a - b);
  const targetMs = probes[Math.floor(probes.length / 2)] as number;
  console.log(
    `target ${targetMs.toFixed(3)} ms: the median of ${probes.length} sampled networks (${probes.map((p) => p.toFixed(3)).join(', ')} ms)`,
  );

  const result = await search({
    space,
    controller: new PpoController(space, { seed: 0 }),
    evaluator: new ProxyTrainer({
      dataset: data.train,
      validation: data.validation,
      steps: smoke ? 2 : 48,
      batchSize: 16,
      optimizer: 'adam',
      learningRate: 0.01,
      seed: 0,
      backend: 'wasm',
    }),
    measurer,
    targetMs,
    budget: { trials: smoke ? 3 : 30 },
  });
  const over = result.trials.filter((t) => (t.latencyMs ?? 0) > targetMs).length;
  console.log(`${over} of ${result.trials.length} trials over the target`);
  const best = result.best;
  if (best !== undefined)
    console.log(
      `best: acc ${best.accuracy?.toFixed(3)} ${best.latencyMs?.toFixed(3)} ms ${formatBlocks(best.value as Architecture).join(' ')}; outputs: ${data.classNames.join(', ')}`,
    );
} finally {
  await measurer.close();
  if (generated) rmSync(folder, { recursive: true, force: true });
}
