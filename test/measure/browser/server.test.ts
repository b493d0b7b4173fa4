import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AssetServer, startAssetServer } from '../../../src/measure/browser/server.js';

describe('startAssetServer', () => {
  let server: AssetServer;
  beforeAll(async () => {
    server = await startAssetServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const get = async (path: string): Promise<{ status: number; type: string | null; body: string; headers: Headers }> => {
    const r = await fetch(`${server.url}${path}`);
    return { status: r.status, type: r.headers.get('content-type'), body: await r.text(), headers: r.headers };
  };

  it('listens on the loopback address', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the page, the tfjs bundle and the .wasm files with their content types', async () => {
    expect((await get('/')).body).toContain('/mnas-page.js');
    expect((await get('/mnas-page.js')).body).toContain('window.mnas');
    const tfjs = await get('/lib/tfjs-core/tf-core.min.js');
    expect([tfjs.status, tfjs.type]).toEqual([200, 'text/javascript']);
    const wasm = await fetch(`${server.url}/lib/tfjs-backend-wasm/tfjs-backend-wasm-simd.wasm`);
    expect([wasm.status, wasm.headers.get('content-type')]).toEqual([200, 'application/wasm']);
    expect(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4)).toEqual(Uint8Array.of(0, 0x61, 0x73, 0x6d));
    // tfjs-tflite's loader and .wasm files are found next to its bundle.
    expect((await get('/lib/tfjs-tflite/tf-tflite.min.js')).status).toBe(200);
    expect((await fetch(`${server.url}/lib/tfjs-tflite/tflite_web_api_cc_simd.wasm`)).status).toBe(200);
  });

  it('serves registered files until they are removed', async () => {
    const url = server.put('m.tflite', Uint8Array.of(1, 2, 3));
    expect(url).toBe(`${server.url}/files/m.tflite`);
    const r = await fetch(url);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(Uint8Array.of(1, 2, 3));
    server.remove('m.tflite');
    expect((await fetch(url)).status).toBe(404);
  });

  it('serves nothing outside the package directories', async () => {
    for (const path of [
      '/lib/tfjs-core/..%2fpackage.json',
      '/lib/tfjs-core/..%2f..%2f..%2f..%2fpackage.json',
      '/lib/tfjs-core/%2e%2e/%2e%2e/package.json',
      '/lib/tfjs-core/../../../../etc/passwd',
      '/etc/passwd',
      '/lib/nope/x.js',
    ]) {
      expect((await get(path)).status).toBe(404);
    }
  });

  it('sends COOP/COEP headers only when asked for cross-origin isolation', async () => {
    expect((await get('/')).headers.get('cross-origin-opener-policy')).toBeNull();
    const isolated = await startAssetServer({ crossOriginIsolated: true });
    try {
      const r = await fetch(`${isolated.url}/`);
      expect([r.headers.get('cross-origin-opener-policy'), r.headers.get('cross-origin-embedder-policy')]).toEqual([
        'same-origin',
        'require-corp',
      ]);
    } finally {
      await isolated.close();
    }
  });
});
