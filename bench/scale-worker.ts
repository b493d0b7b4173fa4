/**
 * A worker process of `npm run bench:scale` (a): evaluations that wait
 * `delayMs` and use no CPU, so the queue, not the cores, is what is timed.
 * argv: redisUrl prefix delayMs. Prints "ready" once it takes jobs; SIGTERM stops it.
 */
import { startWorker } from '../src/distributed/index.js';
import { loadNasBench201 } from '../src/index.js';
import type { Nb201Cell } from '../src/index.js';

const [url, prefix, delayMs] = process.argv.slice(2) as [string, string, string];
const bench = loadNasBench201();
const table = bench.evaluator({ dataset: 'cifar10' });
const worker = await startWorker<Nb201Cell>({
  connection: url,
  prefix,
  evaluator: {
    async evaluate(cell, options) {
      await new Promise((r) => setTimeout(r, Number(delayMs)));
      return table.evaluate(cell, options);
    },
  },
  validate: (v) => bench.space.decode(bench.space.encode(v as Nb201Cell)),
});
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
process.stdout.write('ready\n');
