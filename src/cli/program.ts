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
import { LIMITS, MnasError, bestTrial, controllers, latencyMeasurers, readJournal } from '../index.js';
import { asMissingDependency } from '../dependencies.js';
import { useWasmBackend } from './build.js';
import { exportData, trainerData } from './data.js';
import { runWorkerCommand } from './worker-command.js';
import { EXPORT_FORMATS, type ExportFormat, exportBest, exportOutputs, exportTraining } from './export.js';
import { MAX_STEPS } from './config.js';
import { addMeasurerFlags, flagInteger } from './measurer-flags.js';
import { MEASURE_COMMAND_MEASURERS, runMeasureCommand } from './measure-command.js';
import { choicesHelp } from './choices-help.js';
import { PLATFORM_MEASURERS } from './distributed.js';
import { refuseInputAsOutput } from './output-paths.js';
import { BASELINE_NAMES, DEFAULT_BASELINES } from './baselines.js';
import { EVALUATOR_CHOICES, PRUNER_CHOICES, ZERO_COST_PROXY_CHOICES, choiceList } from './registry-choices.js';
import { terminalText } from './terminal-text.js';
import { renderReport } from './report.js';
import { runSearchCommand, type CliIo } from './search-command.js';
import { SEARCH_HELP, groupSearchHelp } from './search-help.js';
import { TRIAL_FORMATS, TRIAL_SORTS, TRIAL_STATUSES, runTrialsCommand, type TrialsFlags } from './trials-command.js';
import { runReportWatch } from './watch-report.js';

/** Error codes that mean the user's input was bad (exit code 2). */
const BAD_INPUT = new Set([
  'invalid_architecture',
  'invalid_block_string',
  'invalid_space',
  'invalid_tokens',
  'invalid_options',
  'invalid_config',
  'invalid_dataset',
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
      .option('--measurer <name>', choicesHelp(latencyMeasurers.entries()))
      .option('--target-ms <T>', 'latency target of the reward (ms; MFLOPs for nas-bench-macro)')
      .option('--controller <name>', choicesHelp(controllers.entries()))
      .option('--reward <name>', 'soft | hard MnasNet constraint')
      .option('--concurrency <n>', 'trials evaluated at once')
      .option('--wall-time-minutes <m>', 'stop starting trials after this long')
      .option('--measure-timeout-minutes <m>', 'fail a trial whose measurement takes longer (default 10)')
      .option('--evaluate-timeout-minutes <m>', 'fail a trial whose evaluation (training) takes longer (default no limit)')
      .option('--device <name>', 'NAS-Bench-201 latency device (pixel3, raspi4, fpga, eyeriss, edgegpu, edgetpu)')
      .option('--dataset <name>', 'NAS-Bench-201 dataset (cifar10, cifar100, imagenet16_120)')
      .option('--input-size <n>', 'input height and width of the default space (default 28); images are resized to it')
      .option(
        '--data <name|dir>',
        'training data: mnist | fashion-mnist | a folder of class subfolders of PNG/JPEG images, or of images.npy + labels.npy, or of IDX files (default mnist)',
      )
      .option('--evaluator <name>', `accuracy estimate: ${choiceList(EVALUATOR_CHOICES)} (default proxy)`)
      .option('--pruner <name>', `stop weak proxy trainings early: ${choiceList(PRUNER_CHOICES)} (default none)`)
      .option(
        '--promotion <how>',
        "with --pruner: promote a rung's trials by their observed values or by the surrogate's model: observed | model (default model with --controller surrogate, else observed)",
      )
      .option('--zero-cost-proxy <name>', `with --evaluator zero-cost: ${choiceList(ZERO_COST_PROXY_CHOICES)} (default naswot)`)
      .option('--supernet <dir>', 'with --evaluator supernet: a supernet saved by Supernet.save (see docs/supernet.md)')
      .option(
        '--baselines <list>',
        `reference networks scored beside the search: none, or a comma-separated list of ${BASELINE_NAMES.join(', ')} (default: ${DEFAULT_BASELINES.join(',')}; none for a benchmark)`,
      )
      .option(
        '--redis <url>',
        'hand trials to workers (mnas-ts worker) through Redis: redis://[user:password@]host[:port][/db], rediss:// for TLS; password also from $MNAS_TS_REDIS_PASSWORD',
      )
      .option('--pool <name>', 'with --redis: the pool of workers that evaluate (default "default")')
      .option('--platform <name>', 'with --redis: the platform whose worker measures latency (default: the measurer name)')
      .option('--prefix <name>', 'with --redis: prefix of the Redis keys (default "mnas-ts")')
      .option('--out <dir>', 'output folder for the journal, report and best model', undefined)
      .option('--no-progress', 'one line per trial instead of a progress bar')
      .addHelpText('after', SEARCH_HELP),
  );
  groupSearchHelp(program.commands.find((c) => c.name() === 'search') as Command).action(async (flags: Record<string, unknown>) =>
    setCode(await runSearchCommand(flags, io)),
  );

  addMeasurerFlags(
    program
      .command('measure')
      .description(
        'measure one architecture: a preset (mnasnet-a1, mnasnet-b1, mnasnet-small, mobilenet-v2), an architecture JSON file, or block strings',
      )
      .argument('<target...>', 'preset | arch.json | block strings (e.g. ir_r1_k3_s1_e1_c16 ir_r2_k3_s2_e6_c24)')
      .option(
        '--measurer <name>',
        choicesHelp(latencyMeasurers.entries().filter((e) => MEASURE_COMMAND_MEASURERS.includes(e.name))),
        'wasm',
      )
      .option('--input <shape>', 'input size N or HxWxC (default 224x224x3)')
      .option('--classes <n>', 'number of classes (default 1000)')
      .option('--width <w>', 'width multiplier of a preset')
      .option('--json', 'print the full report as JSON'),
  ).action(async (targets: string[], flags: Record<string, unknown>) => setCode(await runMeasureCommand(targets, flags, io)));

  addMeasurerFlags(
    program
      .command('worker')
      .description(
        "take trials of searches run with --redis: evaluate them (--evaluate), measure them on this machine's platform (--measure), or both; Ctrl-C finishes the job in hand",
      )
      .option(
        '--redis <url>',
        'Redis URL, as for search --redis (default redis://127.0.0.1:6379; password also from $MNAS_TS_REDIS_PASSWORD)',
      )
      .option('--evaluate', "train and score candidates, as each search's config says")
      .option('--pool <name>', 'with --evaluate: the pool to take evaluations from (default "default")')
      .option('--concurrency <n>', 'with --evaluate: evaluations at once (default 1)')
      .option(
        '--supernet-dir <dir>',
        'with --evaluate: a folder whose supernets jobs may name (--evaluator supernet); repeat for more; none by default',
        (dir: string, dirs: string[] = []) => [...dirs, dir],
      )
      .option(
        '--measure <measurer>',
        `measure latency with this measurer, one measurement at a time, never during an evaluation of this worker: ${[...PLATFORM_MEASURERS].join(' | ')}`,
      )
      .option('--platform <name>', 'with --measure: the platform name searches send measurements to (default: the measurer name)')
      .option('--prefix <name>', 'prefix of the Redis keys (default "mnas-ts")')
      .option('--lock-seconds <s>', 'a job whose worker stops renewing its lock this long is taken again elsewhere (default 30)'),
  ).action(async (flags: Record<string, unknown>) => {
    if (flags['evaluate'] === true) await useWasmBackend();
    setCode(await runWorkerCommand(flags, io));
  });

  program
    .command('report')
    .description('write an HTML report (Pareto front, reward over trials, best architectures) of a journal')
    .argument('<journal>', 'search journal (JSONL)')
    .option('--out <file>', 'HTML file (default: report.html beside the journal)')
    .option(
      '--watch',
      'rewrite the report whenever the journal grows (a search running elsewhere), the page reloading itself, until Ctrl-C',
    )
    .action(async (journal: string, flags: { out?: string; watch?: boolean }) => {
      const contents = await readJournal<unknown>(journal);
      if (contents.droppedTail) io.err(`warning: ignored the half-written last line ${contents.droppedTail.line} of ${journal}`);
      const out = flags.out ?? join(dirname(journal), 'report.html');
      await refuseInputAsOutput([{ flag: '<journal>', path: journal }], [{ flag: '--out', path: out }]);
      if (flags.watch === true) {
        setCode(await runReportWatch(journal, out, io));
        return;
      }
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, renderReport(contents));
      io.out(`Report of ${contents.trials.length} trials: ${out}`);
      setCode(0);
    });

  for (const best of [false, true]) {
    program
      .command(best ? 'best' : 'trials')
      .description(
        best
          ? 'print the best trial of a journal (highest reward), or with --pareto the Pareto front'
          : 'list the trials of a journal, filtered and sorted, as a table, JSON or CSV',
      )
      .argument('<journal>', 'search journal (JSONL)')
      .addOption(new Option('--format <f>', 'output format').choices([...TRIAL_FORMATS]).default('table'))
      .addOption(new Option('--status <s>', 'keep trials of this status').choices([...TRIAL_STATUSES]).default(best ? 'ok' : 'all'))
      .option('--pareto', 'keep only the Pareto front of accuracy vs cost')
      .addOption(
        new Option('--sort <key>', 'order (reward, accuracy: high first; latency: low first)')
          .choices([...TRIAL_SORTS])
          .default(best ? 'reward' : 'index', best ? 'reward; latency with --pareto' : undefined),
      )
      .option('--limit <n>', `print at most n trials (default ${best ? '1; all with --pareto' : 'all'})`)
      .action(async (journal: string, flags: TrialsFlags) => {
        // With --pareto, `best` sorts by latency unless --sort was given.
        const sorted = program.commands.find((c) => c.name() === (best ? 'best' : 'trials'))?.getOptionValueSource('sort') === 'cli';
        const f = best && flags.pareto === true && !sorted ? { ...flags, sort: 'latency' } : flags;
        setCode(await runTrialsCommand(journal, f, io, best));
      });
  }

  program
    .command('export')
    .description('export the best architecture of a journal as a tfjs model (model.json + weights.bin), a .tflite file and an .onnx file')
    .argument('<journal>', 'search journal (JSONL)')
    .option('--out <dir>', 'output folder (default: best-model beside the journal)')
    .option('--trial <index>', 'export this trial instead of the best')
    .option('--train-steps <n>', "train on the search's data for this many Adam steps (batch 32) before export; 0 keeps fresh weights", '0')
    .option('--data <name|dir>', 'train on this data instead (mnist, fashion-mnist or a dataset folder); its class names go to labels.json')
    .addOption(
      new Option('--format <f>', 'model format to write (all: tfjs, tflite and onnx)').choices(['all', ...EXPORT_FORMATS]).default('all'),
    )
    .action(
      async (journal: string, flags: { out?: string; trial?: string; trainSteps: string; data?: string; format: 'all' | ExportFormat }) => {
        const index = flags.trial === undefined ? undefined : flagInteger('--trial', ['trial'], flags.trial, 0, LIMITS.trials);
        const steps = flagInteger('--train-steps', ['trainSteps'], flags.trainSteps, 0, MAX_STEPS);
        const contents = await readJournal<unknown>(journal);
        if (index === undefined && bestTrial(contents.trials) === undefined) {
          // As `best`: a run without a successful trial is a failure (exit 1), not bad input.
          io.err(`mnas-ts: no successful trial in ${journal}`);
          setCode(1);
          return;
        }
        const data = exportData(contents.header.meta, flags.data);
        const train = steps === 0 ? undefined : exportTraining(steps, trainerData(data));
        if (train) await useWasmBackend();
        const dir = flags.out ?? join(dirname(journal), 'best-model');
        await refuseInputAsOutput([{ flag: '<journal>', path: journal }], exportOutputs(dir, '--out'));
        const files = await exportBest(contents, dir, {
          ...(index === undefined ? {} : { trialIndex: index }),
          ...(train ? { train } : {}),
          labels: data.classNames,
          ...(flags.format === 'all' ? {} : { formats: [flags.format] }),
        });
        const trained =
          files.accuracy === undefined ? 'fresh weights' : `trained ${steps} steps, validation accuracy ${files.accuracy.toFixed(4)}`;
        const written = files.labels === undefined ? files.paths : [...files.paths, files.labels];
        io.out(`Exported trial #${files.trial.index} (${trained}): ${written.join(', ')}`);
        setCode(0);
      },
    );
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
  // Journal strings (cost labels, errors, values) reach the terminal only with their control characters escaped.
  const safe: CliIo = { out: (s) => io.out(terminalText(s)), err: (s) => io.err(terminalText(s)) };
  const program = buildProgram(safe, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message (unknown option, missing argument...)
    }
    const missing = asMissingDependency(error, 'mnas-ts');
    if (missing !== undefined) {
      io.err(missing.message);
      return 1;
    }
    const code = exitCodeOf(error);
    safe.err(
      `mnas-ts: ${code === 2 ? (error as Error).message : error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return code;
  }
}
