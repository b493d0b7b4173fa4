/**
 * The `mnas-ts` command line: commander program, subcommands and exit codes
 * (0 done, 1 failure or I/O error, 2 bad input naming the flag or field,
 * 130/143 interrupted by SIGINT/SIGTERM).
 *
 * @module
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { MnasError, readJournal } from '../index.js';
import { useWasmBackend } from './build.js';
import { exportBest, exportTraining } from './export.js';
import { addMeasurerFlags } from './measurer-flags.js';
import { runMeasureCommand } from './measure-command.js';
import { renderReport } from './report.js';
import { runSearchCommand, type CliIo } from './search-command.js';

/** Error codes that mean the user's input was bad (exit code 2). */
const BAD_INPUT = new Set([
  'invalid_architecture',
  'invalid_block_string',
  'invalid_space',
  'invalid_tokens',
  'invalid_options',
  'invalid_config',
  'journal',
]);

/** The Node system error code (`EACCES`, `ENOSPC`...) in `error`'s cause chain, if any. */
function systemErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const { code, syscall } = e as NodeJS.ErrnoException;
    if (typeof code === 'string' && typeof syscall === 'string') return code;
  }
  return undefined;
}

/**
 * Exit code of an error: 2 for bad input (a file named on the command line
 * that does not exist included), 1 for anything else, I/O errors included
 * (a file that cannot be read or written, a full disk).
 */
function exitCodeOf(error: unknown): 1 | 2 {
  const io = systemErrorCode(error);
  return error instanceof MnasError && BAD_INPUT.has(error.code) && (io === undefined || io === 'ENOENT') ? 2 : 1;
}

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('mnas-ts')
    .description('Platform-aware neural architecture search (MnasNet) in TypeScript')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  addMeasurerFlags(
    program
      .command('search')
      .description(
        'run a search; with no arguments, the embedded default: PPO over a MnasNet-style space, MNIST proxy training, WASM latency',
      )
      .option('--config <file>', 'JSON config file (flags override it)')
      .option('--trials <n>', 'trial budget (total, resumed trials included)')
      .option('--seed <s>', 'seed of the controller and the evaluator')
      .option('--journal <path>', 'JSONL journal (default <out>/journal.jsonl)')
      .option('--resume', 'continue the search recorded in the journal')
      .option('--force', 'delete an existing journal and start over')
      .addOption(new Option('--benchmark <name>', 'tabular benchmark instead of training').choices(['nas-bench-201', 'nas-bench-macro']))
      .option('--measurer <name>', 'wasm | browser | android | macs | table')
      .option('--target-ms <T>', 'latency target of the reward (ms; MFLOPs for nas-bench-macro)')
      .option('--controller <name>', 'ppo | reinforce | evolution | random')
      .option('--reward <name>', 'soft | hard MnasNet constraint')
      .option('--concurrency <n>', 'trials evaluated at once')
      .option('--wall-time-minutes <m>', 'stop starting trials after this long')
      .option('--measure-timeout-minutes <m>', 'fail a trial whose measurement takes longer (default 10)')
      .option('--evaluate-timeout-minutes <m>', 'fail a trial whose evaluation (training) takes longer (default no limit)')
      .option('--device <name>', 'NAS-Bench-201 latency device (pixel3, raspi4, fpga, eyeriss, edgegpu, edgetpu)')
      .option('--dataset <name>', 'NAS-Bench-201 dataset (cifar10, cifar100, imagenet16_120)')
      .option('--input-size <n>', 'input height and width of the default MNIST space')
      .option(
        '--baselines <list>',
        'reference networks scored beside the search: none, or a comma-separated list of mobilenet-v2-0.35, mobilenet-v2-0.5, mobilenet-v2-0.75, mobilenet-v2-1.0, mnasnet-small, mnasnet-a1 (default: all; none for a benchmark)',
      )
      .option('--out <dir>', 'output folder for the journal, report and best model', undefined)
      .option('--no-progress', 'one line per trial instead of a progress bar'),
  ).action(async (flags: Record<string, unknown>) => setCode(await runSearchCommand(flags, io)));

  addMeasurerFlags(
    program
      .command('measure')
      .description(
        'measure one architecture: a preset (mnasnet-a1, mnasnet-b1, mnasnet-small, mobilenet-v2), an architecture JSON file, or block strings',
      )
      .argument('<target...>', 'preset | arch.json | block strings (e.g. ir_r1_k3_s1_e1_c16 ir_r2_k3_s2_e6_c24)')
      .option('--measurer <name>', 'wasm | browser | android | macs', 'wasm')
      .option('--input <shape>', 'input size N or HxWxC (default 224x224x3)')
      .option('--classes <n>', 'number of classes (default 1000)')
      .option('--width <w>', 'width multiplier of a preset')
      .option('--json', 'print the full report as JSON'),
  ).action(async (targets: string[], flags: Record<string, unknown>) => setCode(await runMeasureCommand(targets, flags, io)));

  program
    .command('report')
    .description('write an HTML report (Pareto front, reward over trials, best architectures) of a journal')
    .argument('<journal>', 'search journal (JSONL)')
    .option('--out <file>', 'HTML file (default: report.html beside the journal)')
    .action(async (journal: string, flags: { out?: string }) => {
      const contents = await readJournal<unknown>(journal);
      if (contents.droppedTail) io.err(`warning: ignored the half-written last line ${contents.droppedTail.line} of ${journal}`);
      const out = flags.out ?? join(dirname(journal), 'report.html');
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, renderReport(contents));
      io.out(`Report of ${contents.trials.length} trials: ${out}`);
      setCode(0);
    });

  program
    .command('export')
    .description('export the best architecture of a journal as a tfjs model (model.json + weights.bin) and a .tflite file')
    .argument('<journal>', 'search journal (JSONL)')
    .option('--out <dir>', 'output folder (default: best-model beside the journal)')
    .option('--trial <index>', 'export this trial instead of the best')
    .option('--train-steps <n>', 'train on MNIST for this many Adam steps (batch 32) before export; 0 keeps fresh weights', '0')
    .action(async (journal: string, flags: { out?: string; trial?: string; trainSteps: string }) => {
      const contents = await readJournal<unknown>(journal);
      let index: number | undefined;
      if (flags.trial !== undefined) {
        index = Number(flags.trial);
        if (!Number.isSafeInteger(index) || index < 0)
          throw new MnasError('invalid_config', `Invalid --trial: expected a trial index >= 0, received ${JSON.stringify(flags.trial)}`, {
            path: ['trial'],
          });
      }
      const steps = Number(flags.trainSteps);
      if (!Number.isSafeInteger(steps) || steps < 0)
        throw new MnasError(
          'invalid_config',
          `Invalid --train-steps: expected an integer >= 0, received ${JSON.stringify(flags.trainSteps)}`,
          { path: ['trainSteps'] },
        );
      const train = steps === 0 ? undefined : exportTraining(steps);
      if (train) await useWasmBackend();
      const files = await exportBest(contents, flags.out ?? join(dirname(journal), 'best-model'), {
        ...(index === undefined ? {} : { trialIndex: index }),
        ...(train ? { train } : {}),
      });
      const trained =
        files.accuracy === undefined ? 'fresh weights' : `trained ${steps} steps, validation accuracy ${files.accuracy.toFixed(4)}`;
      io.out(`Exported trial #${files.trial.index} (${trained}): ${files.modelJson}, ${files.weights}, ${files.tflite}`);
      setCode(0);
    });
  return program;
}

/**
 * Runs the CLI on `argv` (without the node and script entries).
 * @returns the exit code.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { out: (s) => console.log(s), err: (s) => console.error(s) },
): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message (unknown option, missing argument...)
    }
    const code = exitCodeOf(error);
    io.err(
      `mnas-ts: ${code === 2 ? (error as Error).message : error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return code;
  }
}
