/**
 * `mnas-ts search`: runs a search from flags and/or a config file, with a
 * progress bar, a clean stop on Ctrl-C or SIGTERM, then the Pareto front, the
 * report and the best model; exit code 1 when no trial succeeded.
 *
 * @module
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortError, InvalidConfigError, JournalLock, deleteJournal, readJournal, search } from '../index.js';
import type { Trial } from '../index.js';
import { baselineNetworks } from './baselines.js';
import { buildRoles, prunerPromotion, searchObjectives } from './build.js';
import { type CliData, loadRecordedData } from './data.js';
import { proxyTrainerOptions } from './proxy-training.js';
import { baselineSummary } from './report-baselines.js';
import { pinWasmSection } from './wasm-duet.js';
import { configFromFlags, mergeConfigs, resolveConfig, type ResolvedSearchConfig } from './config.js';
import { readConfigFile } from './config-file.js';
import { journalConfig } from './journal-config.js';
import { checkResumable } from './resume-check.js';
import { liveReport } from './live-report.js';
import type { QueueExecutor } from '../entries/distributed.js';
import { searchExecutor } from './distributed.js';
import { exportBest, exportOutputs } from './export.js';
import { refuseInputAsOutput } from './output-paths.js';
import { describeValue as describeTrialValue, renderReport } from './report.js';
import { failedRunMessage } from './failed-run.js';
import { progressReporter } from './progress.js';
import { SIGNAL_EXIT_CODES, type StopSignal, stopOnSignals } from './signals.js';
import { latencyNote } from './trial-fields.js';

/** Flags of `mnas-ts search` as commander gives them (strings until validated). */
export interface SearchFlags {
  readonly config?: string;
  readonly resume?: boolean;
  readonly force?: boolean;
  readonly progress?: boolean;
  readonly [key: string]: unknown;
}

/** Where the command writes its messages. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

function frontTable(front: readonly Trial<unknown>[], costLabel: string): string {
  const rows = front.map(
    (t) =>
      `  #${String(t.index).padEnd(5)} acc ${(t.accuracy as number).toFixed(4)}  ${costLabel} ${(t.latencyMs as number).toFixed(3).padStart(9)}${latencyNote(t)}  reward ${(t.reward as number).toFixed(4)}  ${describeTrialValue(t.value)}`,
  );
  return [`Pareto front (accuracy vs ${costLabel}), ${front.length} trials:`, ...rows].join('\n');
}

/**
 * Writes the report and trains and exports the best model.
 * @throws AbortError when `signal` aborts the best model's training (the report is written by then).
 */
async function finish(config: ResolvedSearchConfig, data: CliData, costLabel: string, io: CliIo, signal: AbortSignal): Promise<void> {
  const contents = await readJournal<unknown>(config.journal);
  await mkdir(config.out, { recursive: true });
  const reportPath = join(config.out, 'report.html');
  await writeFile(reportPath, renderReport(contents, { costLabel, targetMs: config.targetMs, title: 'mnas-ts search report' }));
  io.out(`Report: ${reportPath}`);
  if (config.benchmark === undefined && contents.trials.some((t) => t.status === 'ok')) {
    // Train the best architecture for twice the proxy budget so the exported model is usable.
    const t = config.training;
    const perEpoch = Math.floor(t.trainSize / t.batchSize);
    const steps = 2 * (t.steps ?? Math.max(1, Math.round(t.epochs * perEpoch)));
    const { epochs: _epochs, ...proxy } = proxyTrainerOptions(config, data);
    const train = { ...proxy, steps };
    const files = await exportBest(contents, join(config.out, 'best-model'), { train, seed: config.seed, signal, labels: data.classNames });
    io.out(
      `Best model (trial #${files.trial.index}, trained ${steps} steps, validation accuracy ${files.accuracy?.toFixed(4)}): ${[...files.paths, ...(files.labels === undefined ? [] : [files.labels])].join(', ')}`,
    );
  }
}

/** The search's timeouts, in ms, from the config's minutes (the library's defaults where not given). */
function timeouts(config: ResolvedSearchConfig): { measureTimeoutMs?: number; evaluateTimeoutMs?: number } {
  const { measureTimeoutMinutes: measure, evaluateTimeoutMinutes: evaluate } = config;
  return {
    ...(measure === undefined ? {} : { measureTimeoutMs: measure * 60_000 }),
    ...(evaluate === undefined ? {} : { evaluateTimeoutMs: evaluate * 60_000 }),
  };
}

/** The exit code of a stop by `received`, if a signal came. */
function stoppedCode(received: StopSignal | undefined): number | undefined {
  return received === undefined ? undefined : SIGNAL_EXIT_CODES[received];
}

/**
 * Runs `mnas-ts search`.
 * @returns the exit code: 0 done, 1 when no trial succeeded, 130 (SIGINT) or
 *   143 (SIGTERM) when interrupted (journal resumable).
 * @throws InvalidConfigError for a bad flag or config field (exit code 2).
 */
export async function runSearchCommand(flags: SearchFlags, io: CliIo): Promise<number> {
  const fileConfig = flags.config === undefined ? {} : await readConfigFile(flags.config);
  const flagConfig = configFromFlags(flags, fileConfig);
  let config = resolveConfig(mergeConfigs(fileConfig, flagConfig));
  const outputs = [{ flag: '--out', path: join(config.out, 'report.html') }, ...exportOutputs(join(config.out, 'best-model'), '--out')];
  await refuseInputAsOutput([{ flag: '--journal', path: config.journal }], outputs);
  if (flags.config !== undefined) {
    await refuseInputAsOutput([{ flag: '--config', path: flags.config }], [{ flag: '--journal', path: config.journal }, ...outputs]);
  }
  // A journal another live search writes is refused before any preparation (and before --force deletes it).
  await JournalLock.check(config.journal);
  // Bad data is refused before anything is written or deleted.
  const data = loadRecordedData(config, config.dataFingerprint, 'the config pins');
  config = { ...config, dataFingerprint: data.fingerprint };
  if (flags.force === true && flags.resume !== true) await deleteJournal(config.journal);
  const previous = flags.resume === true ? await readJournal(config.journal).catch(() => undefined) : undefined;
  const distributed = flags.redis !== undefined;
  for (const flag of ['pool', 'platform', 'prefix'] as const) {
    if (!distributed && flags[flag] !== undefined) {
      throw new InvalidConfigError(`Invalid --${flag}: only applies with --redis`, { path: [flag] });
    }
  }
  // With --redis the latency is measured by the platform's worker, which pins its own duet reference.
  if (config.measurer === 'wasm' && !distributed) {
    const run = {
      inputSize: config.inputSize,
      seed: config.seed,
      ...(previous === undefined ? {} : { journalMeta: previous.header.meta }),
    };
    config = { ...config, wasm: await pinWasmSection(config.wasm, run) };
  }
  if (previous !== undefined) checkResumable(previous.header.meta, config);
  const promotion = prunerPromotion(config, previous?.header);
  const roles = await buildRoles(config, data);
  let executor: QueueExecutor<unknown> | undefined;
  try {
    executor = distributed ? searchExecutor(config, flags, roles.measurer, (m) => io.err(`warning: ${m}`)) : undefined;
  } catch (error) {
    roles.controller.dispose?.();
    await roles.close();
    throw error;
  }
  const what = config.benchmark ?? `${data.title} proxy training, ${data.inputShape.join('x')}`;
  io.out(
    `mnas-ts search: ${what}; controller ${config.controller}; cost ${roles.costLabel}; ${config.reward} reward at target ${config.targetMs}; ` +
      `${config.trials} trials${executor === undefined ? '' : ` on workers via Redis ${executor.connection}`}${config.baselines.length > 0 ? ` + ${config.baselines.length} baselines` : ''}; space of ${roles.space.size()} networks (${roles.space.decisions.length} decisions); journal ${config.journal}`,
  );
  const stop = stopOnSignals(io.err);
  const mode = flags.progress === false ? 'lines' : process.stderr.isTTY ? 'bar' : 'lines';
  const reporter = progressReporter(mode);
  let searched = false;
  // report.html follows the search (a browser showing it reloads); finish() writes the final one.
  const live = liveReport({
    journal: config.journal,
    path: join(config.out, 'report.html'),
    costLabel: roles.costLabel,
    targetMs: config.targetMs,
    onError: (e) => io.err(`warning: report.html not updated: ${(e as Error).message}`),
  });
  try {
    // Refused credentials end the run before it starts; while Redis is away, a signal still stops it.
    await executor?.connected(stop.signal);
    const referenceMs = config.wasm?.reference;
    if (typeof referenceMs === 'number')
      io.out(`Duet timing: referenceMs ${referenceMs} (kept by --resume; give --duet ${referenceMs} to compare other runs)`);
    reporter.start(previous?.trials.length ?? 0, config.trials);
    const result = await search<unknown>({
      space: roles.space,
      controller: roles.controller,
      ...(executor !== undefined
        ? { executor }
        : {
            evaluator: roles.evaluator,
            ...(roles.pruner === undefined ? {} : { pruner: roles.pruner, promotion }),
            measurer: roles.measurer,
          }),
      reward: roles.reward,
      ...searchObjectives(config),
      budget:
        config.wallTimeMinutes === undefined
          ? { trials: config.trials }
          : { trials: config.trials, wallTimeMs: config.wallTimeMinutes * 60_000 },
      concurrency: config.concurrency,
      baselines: baselineNetworks(config.baselines, data.inputShape, data.classNames.length),
      onBaseline: (b) =>
        io.err(
          b.status === 'ok'
            ? `baseline ${b.baseline}: acc ${b.accuracy?.toFixed(4)} ${roles.costLabel} ${b.latencyMs?.toFixed(3)}`
            : `baseline ${b.baseline} failed: ${b.error}`,
        ),
      ...timeouts(config),
      journal: config.journal,
      resume: flags.resume === true,
      meta: { config: journalConfig(config), costLabel: roles.costLabel },
      signal: stop.signal,
      onWarning: (m) => io.err(`warning: ${m}`),
      onTrial: (trial, progress) => {
        reporter.trial(trial, progress);
        live.trial();
      },
    });
    await live.settled();
    reporter.stop();
    searched = true;
    const failed = failedRunMessage(result.trials);
    if (failed !== undefined) {
      await finish(config, data, roles.costLabel, io, stop.signal);
      io.err(`mnas-ts: ${failed}`);
      return stoppedCode(stop.received()) ?? 1;
    }
    io.out(`Done: ${result.trials.length} trials (${result.resumedTrials} from the journal), stopped by the ${result.stopReason} budget.`);
    if (result.best !== undefined)
      io.out(`Best: #${result.best.index} reward ${result.best.reward?.toFixed(4)} ${describeTrialValue(result.best.value)}`);
    io.out(frontTable(result.paretoFront, roles.costLabel));
    if (result.baselines.length > 0)
      io.out(baselineSummary(result.baselines, result.trials, roles.costLabel, searchObjectives(config).objectives));
    await finish(config, data, roles.costLabel, io, stop.signal);
    return stoppedCode(stop.received()) ?? 0;
  } catch (error) {
    reporter.stop();
    await live.settled();
    const received = stop.received();
    if (error instanceof AbortError && received !== undefined && searched) {
      io.err(
        `Interrupted while training the best model: the search is complete in ${config.journal}; run the same command with --resume to train and export the best model again.`,
      );
      return SIGNAL_EXIT_CODES[received];
    }
    if (error instanceof AbortError && received !== undefined) {
      const contents = await readJournal<unknown>(config.journal).catch(() => undefined);
      io.err(
        `Interrupted: ${contents?.trials.length ?? 0} finished trials${contents?.baselines.length ? ` and ${contents.baselines.length} baselines` : ''} are in ${config.journal}. Run the same command with --resume to continue.`,
      );
      if (contents !== undefined) {
        // The report of what finished; writing it must not hide the interruption, so a failure is only a warning.
        const reportPath = join(config.out, 'report.html');
        try {
          await mkdir(config.out, { recursive: true });
          await writeFile(
            reportPath,
            renderReport(contents, { costLabel: roles.costLabel, targetMs: config.targetMs, title: 'mnas-ts search report (interrupted)' }),
          );
          io.err(`Report so far: ${reportPath} (again at any time: mnas-ts report ${config.journal})`);
        } catch (cause) {
          io.err(`warning: could not write the report ${reportPath}: ${(cause as Error).message}; run mnas-ts report ${config.journal}`);
        }
      }
      return SIGNAL_EXIT_CODES[received];
    }
    throw error;
  } finally {
    stop.dispose();
    roles.controller.dispose?.();
    await executor?.close();
    await roles.close();
  }
}
