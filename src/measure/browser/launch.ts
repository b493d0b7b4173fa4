/**
 * Starting (or attaching to) the Chromium the browser measurer drives, with
 * `playwright-core` over the DevTools protocol. Never downloads a browser:
 * either a local executable (Debian's `chromium` by default) or a DevTools
 * endpoint (for instance Chrome on an Android phone, forwarded with
 * `adb forward tcp:9222 localabstract:chrome_devtools_remote`).
 *
 * @module
 */

import { MeasurementError } from '../../errors.js';

/** Default Chromium executable (Debian's `chromium` package). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline headless Chromium. */
export const CHROMIUM_FLAGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** The parts of a playwright page the measurer uses. */
export interface PageLike {
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  on(event: 'console', listener: (message: { text(): string }) => void): unknown;
  close(): Promise<void>;
}

/** A started or attached browser with one page. */
export interface BrowserSession {
  readonly page: PageLike;
  /** Browser version string as reported over CDP. */
  readonly version: string;
  /** Closes the page, and the browser when this session launched it. */
  close(): Promise<void>;
}

/** How to get a browser. */
export interface BrowserLaunchOptions {
  /** Chromium executable to launch. @defaultValue {@link DEFAULT_CHROMIUM_PATH} */
  readonly executablePath?: string;
  /** DevTools endpoint to attach to instead of launching (e.g. `http://127.0.0.1:9222`). */
  readonly cdpEndpoint?: string;
  /** Extra Chromium flags (after {@link CHROMIUM_FLAGS}). @defaultValue `[]` */
  readonly args?: readonly string[];
  /** Launch/connect timeout, ms. @defaultValue 60000 */
  readonly timeoutMs?: number;
}

/**
 * Launches Chromium (or connects to `cdpEndpoint`) and opens a page.
 *
 * @throws MeasurementError when playwright-core is missing, the executable
 *   does not start or the endpoint does not answer (the cause attached).
 */
export async function openBrowser(options: BrowserLaunchOptions = {}): Promise<BrowserSession> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw new MeasurementError('The browser measurer needs the npm package playwright-core (npm install playwright-core)', {
      cause: error,
    });
  }
  const timeout = options.timeoutMs ?? 60_000;
  try {
    if (options.cdpEndpoint !== undefined) {
      const browser = await playwright.chromium.connectOverCDP(options.cdpEndpoint, { timeout });
      const context = browser.contexts()[0] ?? (await browser.newContext());
      const page = await context.newPage();
      return {
        page: page as unknown as PageLike,
        version: browser.version(),
        // Leave the user's browser running: close only our page and the CDP connection.
        close: async () => {
          await page.close().catch(() => undefined);
          await browser.close().catch(() => undefined);
        },
      };
    }
    const browser = await playwright.chromium.launch({
      executablePath: options.executablePath ?? DEFAULT_CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
      timeout,
    });
    const page = await browser.newPage();
    return {
      page: page as unknown as PageLike,
      version: browser.version(),
      close: () => browser.close(),
    };
  } catch (error) {
    const where = options.cdpEndpoint ?? options.executablePath ?? DEFAULT_CHROMIUM_PATH;
    throw new MeasurementError(
      `Cannot start or attach to the browser at ${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      {
        cause: error,
        output: error instanceof Error ? error.message : String(error),
      },
    );
  }
}
