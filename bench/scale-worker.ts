/**
 * A worker process of `npm run bench:scale` (a): evaluations that wait
 * `delayMs` and use no CPU, so the queue, not the cores, is what is timed.
 * argv: redisUrl prefix delayMs. Prints "ready" once it takes jobs; SIGTERM stops it.
 */
import { startWorker } from 'mnas-ts/distributed';
import { loadNasBench201, type Nb201Cell } from 'mnas-ts';
import { benchCommand, integer } from './args.js';

const cli = benchCommand('scale-worker', 'A worker of bench:scale (a): its evaluations wait and use no CPU')
  .argument('<redis-url>', 'the Redis of the queue')
  .argument('<prefix>', 'the queue prefix')
  .argument('<delay-ms>', 'how long an evaluation waits', integer(0))
  .parse();
const [url, prefix, delayMs] = cli.processedArgs as [string, string, number];
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
