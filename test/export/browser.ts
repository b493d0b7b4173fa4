/** A headless Chromium with the measuring page, for tests that run models in a real browser runtime. */

import { existsSync } from 'node:fs';
import { type BrowserSession, DEFAULT_CHROMIUM_PATH, openBrowser } from '../../src/measure/browser/launch.js';
import { type AssetServer, startAssetServer } from '../../src/measure/browser/server.js';
import type { BrowserBackend } from '../../src/measure/browser/options.js';

/** Chromium used by the tests: `MNAS_CHROMIUM` or Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env['MNAS_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH;

/** Why browser tests are skipped, or undefined when Chromium is installed. */
export const CHROMIUM_MISSING: string | undefined = existsSync(CHROMIUM_PATH)
  ? undefined
  : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set MNAS_CHROMIUM)`;

if (CHROMIUM_MISSING !== undefined) console.warn(`Skipping the browser tests: ${CHROMIUM_MISSING}`);

/** A page with `window.mnas` initialized for one backend. */
export interface TestPage {
  readonly server: AssetServer;
  readonly session: BrowserSession;
  close(): Promise<void>;
}

/** Starts the asset server and Chromium, opens the page and initializes `backend`. */
export async function openTestPage(backend: BrowserBackend): Promise<TestPage> {
  const server = await startAssetServer();
  const session = await openBrowser({ executablePath: CHROMIUM_PATH });
  await session.page.goto(`${server.url}/`);
  await session.page.evaluate((o) => (window as unknown as { mnas: { init(o: unknown): Promise<unknown> } }).mnas.init(o), {
    backend,
    threads: 1,
  });
  return {
    server,
    session,
    close: async () => {
      await session.close();
      await server.close();
    },
  };
}

/** The page functions the agreement tests call. */
interface PageApi {
  mnas: { load(o: unknown): Promise<boolean>; predict(values: number[], shape: number[]): Promise<number[]> | number[]; unload(): boolean };
}

/**
 * Serves `bytes` as `name`, loads it in the page as a model of `kind` and
 * returns its output for `input` (shape `shape`); unloads it afterwards.
 */
export async function predictInPage(
  page: TestPage,
  kind: 'tflite' | 'litert' | 'onnx',
  name: string,
  bytes: Uint8Array,
  input: number[],
  shape: number[],
): Promise<number[]> {
  const url = page.server.put(name, bytes);
  try {
    await page.session.page.evaluate((o) => (window as unknown as PageApi).mnas.load(o), { kind, url, shape, seed: 0, threads: 1 });
    return await page.session.page.evaluate(([v, s]) => (window as unknown as PageApi).mnas.predict(v, s), [input, shape] as const);
  } finally {
    page.server.remove(name);
    await page.session.page.evaluate(() => (window as unknown as PageApi).mnas.unload(), undefined);
  }
}
