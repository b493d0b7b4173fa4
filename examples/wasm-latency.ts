/**
 * Measuring latency on the tfjs WASM backend on a machine whose speed drifts
 * (a laptop on battery, a shared cloud VM), the way docs/latency.md does:
 *
 * 1. duet timing: every run of the model is paired with a run of a fixed
 *    reference network like the models (`referenceArchitecture(size)`:
 *    MobileNetV2 at about 0.6 of their input side), and a latency is the
 *    ratio times `referenceMs`, calibrated once (`pinDuet`) and shared by
 *    every measurer of the study (the `duet` option);
 * 2. end-to-end measurements time runs for at least `minTimedMs`, so that
 *    each spans several of the machine's phases;
 * 3. a lookup table built from short measurements of per-layer probes (on
 *    the same scale) predicts the latency of any architecture of the space
 *    in microseconds, and reports the layers it had to estimate.
 *
 *   npx tsx examples/wasm-latency.ts          # about 3 minutes
 */
import { LookupTablePredictor, Rng, WasmLatencyMeasurer, kendallTau, mnasnetSpace, pinDuet, referenceArchitecture } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';
const size = smoke ? 64 : 224;
const space = mnasnetSpace({ inputShape: [size, size, 3] });
const rng = new Rng(7);
const calibration = Array.from({ length: smoke ? 2 : 4 }, () => space.sample(rng));
const test = Array.from({ length: smoke ? 2 : 6 }, () => space.sample(rng));

// One calibration of the scale, pinned as JSON: journal it or pass it to later processes to keep their numbers
// comparable. The reference network of models of this input size; every measurer of the study uses the same one.
const duet = await pinDuet({ clock: 'wall', duet: { network: referenceArchitecture(size) }, runs: smoke ? 5 : 30 });
if (duet === undefined) throw new Error('duet timing is on: pinDuet returns its option');
console.log(`referenceMs ${duet.referenceMs.toFixed(2)} (the reference network's time at the scale of this study)`);

const endToEnd = new WasmLatencyMeasurer({ clock: 'wall', duet, minTimedMs: smoke ? 0 : 10_000, runs: smoke ? 5 : 30 });
const probes = new WasmLatencyMeasurer({ clock: 'wall', duet, runs: smoke ? 5 : 15, window: 5, minWarmupRuns: smoke ? 0 : 10 });
const table = new LookupTablePredictor({ measurer: probes });
try {
  const measure = async (archs: typeof test): Promise<number[]> => {
    const out: number[] = [];
    for (const arch of archs) out.push((await endToEnd.measure(arch)).medianMs);
    return out;
  };
  const built = await table.build([...calibration, ...test]);
  console.log(`lookup table: ${table.size} entries (${built.measured} measured)`);
  const fit = await table.calibrate(calibration, { measuredMs: await measure(calibration) });
  console.log(`fitted overhead ${fit.offsetMs.toFixed(2)} ms on ${fit.archs} architectures`);
  const measured = await measure(test);
  test.forEach((arch, i) => {
    const p = table.predict(arch);
    const m = measured[i] as number;
    console.log(
      `  measured ${m.toFixed(2)} ms, predicted ${p.ms.toFixed(2)} ms (${(((p.ms - m) / m) * 100).toFixed(1)}%), estimated layers: ${p.estimatedKeys.length}`,
    );
  });
  console.log(
    `Kendall tau of the lookup table against the measurements: ${kendallTau(
      test.map((a) => table.predict(a).ms),
      measured,
    ).toFixed(3)}`,
  );
} finally {
  await endToEnd.close();
  await probes.close();
}
