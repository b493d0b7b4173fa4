/**
 * Embed a controller in your own loop, as another AutoML system would: ask for
 * several candidates at once, score them however you like, tell the rewards in
 * any order, and snapshot/restore the controller between sessions.
 * Here: PPO over NAS-Bench-Macro (CIFAR-10 accuracy), with a FLOPs target
 * through the MnasNet reward, no search() involved.
 *
 *   npx tsx examples/ask-tell.ts
 */
import { PpoController, loadNasBenchMacro, mnasReward } from 'mnas-ts';

const smoke = process.env['MNAS_EXAMPLE_SMOKE'] === '1';
const rounds = smoke ? 3 : 40;
const parallel = 8; // candidates in flight at once

const bench = loadNasBenchMacro();
let controller = new PpoController(bench.space, { seed: 42 });
let best = { reward: -Infinity, ops: [] as readonly string[] };

for (let round = 0; round < rounds; round++) {
  // Ask a batch: proposals stay outstanding until told.
  const proposals = Array.from({ length: parallel }, () => controller.ask());
  // "Evaluate" them (your cluster, your benchmark, your cache...). Here: table lookups.
  const scored = proposals.map((p) => {
    const arch = bench.space.decode(p.tokens);
    const reward = mnasReward(
      { accuracy: bench.accuracy(arch), latencyMs: bench.flops(arch) / 1e6 },
      { targetMs: 200, alpha: 0, beta: -1 },
    );
    return { id: p.id, reward, ops: arch.ops };
  });
  // Tell in any order (here reversed).
  for (const s of scored.reverse()) {
    controller.tell(s.id, { reward: s.reward });
    if (s.reward > best.reward) best = { reward: s.reward, ops: s.ops };
  }
  // Save the whole controller state as plain JSON (for PPO: the calls it received, which a
  // controller built with the same options replays on restore) and continue in a fresh
  // instance, as if the process had restarted.
  if (round === Math.floor(rounds / 2)) {
    const saved = JSON.stringify(controller.snapshot());
    controller.dispose?.();
    controller = new PpoController(bench.space, { seed: 42 });
    controller.restore(JSON.parse(saved));
    console.log(`round ${round}: snapshot of ${saved.length} bytes restored into a fresh controller`);
  }
}
controller.dispose?.();
console.log(`${rounds * parallel} candidates; best reward ${best.reward.toFixed(4)} (hard constraint, 200 MFLOPs): ${best.ops.join(' ')}`);
