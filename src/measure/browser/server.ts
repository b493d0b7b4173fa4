/**
 * A loopback HTTP server for the browser measurer and for running exported
 * `.tflite` files in a page: it serves the tfjs bundle, the tfjs WASM backend
 * and `@tensorflow/tfjs-tflite` (with their `.wasm` files) from
 * `node_modules`, the measuring page, and models registered in memory.
 * Nothing is fetched from the network.
 *
 * @module
 */

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { MeasurementError } from '../../errors.js';
import { BROWSER_PAGE_HTML, BROWSER_PAGE_SCRIPT } from './page.js';

/**
 * Static assets: URL prefix -> npm package and the directories inside it
 * tried in order (tfjs-tflite looks for its WASM loader next to its bundle
 * before `setWasmPath` applies, so both live under one prefix).
 */
const ASSETS: Readonly<Record<string, readonly [string, ...string[]]>> = {
  '/lib/tfjs-core/': ['@tensorflow/tfjs-core', 'dist'],
  '/lib/tfjs-backend-cpu/': ['@tensorflow/tfjs-backend-cpu', 'dist'],
  '/lib/tfjs-layers/': ['@tensorflow/tfjs-layers', 'dist'],
  '/lib/tfjs-backend-wasm/': ['@tensorflow/tfjs-backend-wasm', 'dist'],
  '/lib/tfjs-tflite/': ['@tensorflow/tfjs-tflite', 'dist', 'wasm'],
  '/lib/tfjs-backend-webgl/': ['@tensorflow/tfjs-backend-webgl', 'dist'],
  '/lib/onnxruntime-web/': ['onnxruntime-web', 'dist'],
  '/lib/litertjs/': ['@litertjs/core', 'dist'],
  '/lib/litertjs-wasm/': ['@litertjs/core', 'wasm'],
  '/lib/litertjs-wasm-utils/': ['@litertjs/wasm-utils', 'dist'],
};

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

function contentType(path: string): string {
  const dot = path.lastIndexOf('.');
  return TYPES[dot < 0 ? '' : path.slice(dot)] ?? 'application/octet-stream';
}

/**
 * Directory of an installed npm package, or undefined when it is not
 * installed: where its `package.json` resolves, or (for packages whose
 * `exports` hide it) the first `node_modules/<name>` Node would search.
 */
function packageDir(name: string): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // exports without ./package.json: look in the node_modules folders Node would search
  }
  const dir = (require.resolve.paths(name) ?? []).map((base) => join(base, name)).find((d) => existsSync(join(d, 'package.json')));
  return dir;
}

/** Options of {@link startAssetServer}. */
export interface AssetServerOptions {
  /** Address to listen on. @defaultValue `'127.0.0.1'` */
  readonly host?: string;
  /** Port; 0 picks a free one. @defaultValue 0 */
  readonly port?: number;
  /** Send COOP/COEP headers so the page is cross-origin isolated (needed by multi-threaded WASM). @defaultValue false */
  readonly crossOriginIsolated?: boolean;
}

/** A running asset server. */
export interface AssetServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Makes `bytes` available at `/files/<name>` until {@link AssetServer.remove}. */
  put(name: string, bytes: Uint8Array | string): string;
  /** Forgets `/files/<name>`. */
  remove(name: string): void;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the server; resolves once it listens.
 *
 * @throws MeasurementError when it cannot listen.
 * @example
 * const server = await startAssetServer();
 * const url = server.put('model.tflite', bytes); // http://127.0.0.1:<port>/files/model.tflite
 */
export async function startAssetServer(options: AssetServerOptions = {}): Promise<AssetServer> {
  const files = new Map<string, Uint8Array | string>();
  const dirs = new Map<string, string | undefined>();
  const isolate = options.crossOriginIsolated ?? false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const headers: Record<string, string> = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
    if (isolate) Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    const send = (status: number, body: Uint8Array | string, type: string): void => {
      res.writeHead(status, { ...headers, 'content-type': type });
      res.end(body);
    };
    if (path === '/' || path === '/index.html') return send(200, BROWSER_PAGE_HTML, TYPES['.html']!);
    if (path === '/mnas-page.js') return send(200, BROWSER_PAGE_SCRIPT, TYPES['.js']!);
    if (path.startsWith('/files/')) {
      const body = files.get(path.slice('/files/'.length));
      return body === undefined ? send(404, 'not found', 'text/plain') : send(200, body, contentType(path));
    }
    if (path === '/favicon.ico') return send(404, '', 'text/plain');
    for (const [prefix, [pkg, ...subs]] of Object.entries(ASSETS)) {
      if (!path.startsWith(prefix)) continue;
      if (!dirs.has(pkg)) dirs.set(pkg, packageDir(pkg));
      const root = dirs.get(pkg);
      const rel = normalize(path.slice(prefix.length));
      if (root === undefined || rel.startsWith('..') || rel.includes('/..') || rel.includes('\0')) break;
      for (const sub of subs) {
        try {
          return send(200, await readFile(join(root, sub, rel)), contentType(rel));
        } catch {
          // try the next directory
        }
      }
      break;
    }
    send(404, 'not found', 'text/plain');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new MeasurementError(`Cannot start the asset server: ${error.message}`, { cause: error })));
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    put(name, bytes) {
      files.set(name, bytes);
      return `${url}/files/${name}`;
    },
    remove(name) {
      files.delete(name);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether an npm package the page needs is installed (`@tensorflow/tfjs-tflite` is a dev dependency). */
export function hasPackage(name: string): boolean {
  return packageDir(name) !== undefined;
}
