import * as tf from '../../../src/tfjs.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserLatencyMeasurer } from '../../../src/measure/browser/measurer.js';
import { CHROMIUM_FLAGS } from '../../../src/measure/browser/launch.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../../export/browser.js';
import { describeMeasurerContract, expectValidReport } from '../contract.js';
import { badKernelArch, tinyArch } from '../fixtures.js';

// Models are built and exported in this process: every tensor must be freed.
const tensorsAtStart = tf.memory().numTensors;
afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

const FAST = { runs: 5, window: 3, minWarmupRuns: 3, maxWarmupRuns: 9 } as const;

/** Starts Chromium with a DevTools port, as a phone's Chrome is after `adb forward tcp:9222 localabstract:chrome_devtools_remote`. */
async function startDevToolsChromium(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'mnas-cdp-'));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so stop() ends the renderer, GPU and zygote children too: they
      // write into the profile and kept it non-empty after the main process had exited.
      detached: true,
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not print its DevTools endpoint: ${err}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /DevTools listening on ws:\/\/([^/]+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${String(code)}: ${err}`)));
  });
  return {
    endpoint,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
      // Children still exiting may write a last file: retry rather than fail on ENOTEMPTY.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

describe.skipIf(CHROMIUM_MISSING !== undefined)('BrowserLatencyMeasurer (tflite backend, over a DevTools endpoint)', () => {
  let chromium: { endpoint: string; stop(): Promise<void> };
  beforeAll(async () => {
    chromium = await startDevToolsChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.stop();
  }, 30_000);

  describeMeasurerContract(
    'BrowserLatencyMeasurer tflite',
    () => new BrowserLatencyMeasurer({ ...FAST, backend: 'tflite', cdpEndpoint: chromium.endpoint }),
    {
      valid: () => tinyArch(),
      invalid: [{ name: 'a kernel of 4', value: badKernelArch }],
      platformName: 'chromium-tflite',
      timeoutMs: 120_000,
    },
  );

  it('runs the exported model in TFLite with SIMD on one thread and leaves the attached browser running', async () => {
    const m = new BrowserLatencyMeasurer({ ...FAST, backend: 'tflite', cdpEndpoint: chromium.endpoint });
    try {
      const report = await m.measure(tinyArch({ activation: 'relu6' }));
      expectValidReport(report);
      expect(report.runs).toBe(5);
      // runTimingProtocol with windows of 3: warm-up stops at a window boundary after the second window, or at the cap of 9.
      expect([6, 9]).toContain(report.warmupRuns);
      expect(report.platform).toMatchObject({ name: 'chromium-tflite', backend: 'tflite', simd: true, threads: 1 });
      expect(report.platform.device).toMatch(/HeadlessChrome/);
    } finally {
      await m.close();
    }
    // The attached browser is still there: a second measurer connects to it.
    const again = new BrowserLatencyMeasurer({ ...FAST, backend: 'tflite', cdpEndpoint: chromium.endpoint });
    try {
      expectValidReport(await again.measure(tinyArch()));
    } finally {
      await again.close();
    }
  }, 120_000);
});
