import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BROWSER_SUBPATHS, browserBundle } from './browser-bundles.js';

describe('browser-safe subpaths (from source)', () => {
  it.each(BROWSER_SUBPATHS)('mnas-ts/%s bundles for the browser without Node built-ins or tfjs', async (subpath) => {
    const bytes = await browserBundle(`src/entries/${subpath}.ts`);
    console.log(`mnas-ts/${subpath}: ${bytes.length} B minified, ${gzipSync(bytes).length} B gzipped`);
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('the check fails on a Node built-in and on tfjs', async () => {
    await expect(browserBundle('src/entries/search.ts')).rejects.toThrow(/imports node:/);
    await expect(browserBundle('src/blocks/index.ts')).rejects.toThrow(/imports @tensorflow\//);
  });
});
