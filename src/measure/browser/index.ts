// The browser wing of src/measure/: latency in headless Chromium over CDP. Re-export by name.
export { BrowserLatencyMeasurer } from './measurer.js';
export {
  resolveBrowserLatencyMeasurerOptions,
  BROWSER_BACKENDS,
  type BrowserBackend,
  type BrowserLatencyMeasurerOptions,
  type ResolvedBrowserLatencyMeasurerOptions,
} from './options.js';
export { CHROMIUM_FLAGS, DEFAULT_CHROMIUM_PATH } from './launch.js';
