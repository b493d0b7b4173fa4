import { isBuiltin } from 'node:module';
import { build, type Plugin } from 'esbuild';

/** The subpaths that run anywhere: no Node built-in, no tfjs. */
export const BROWSER_SUBPATHS = ['space', 'reward', 'controller'] as const;

/** Fails the bundle on any import of a Node built-in or of tfjs, naming the importer. */
const forbidImports: Plugin = {
  name: 'forbid-node-and-tfjs',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (isBuiltin(args.path) || args.path.startsWith('@tensorflow/'))
        return { errors: [{ text: `${args.importer} imports ${args.path}` }] };
      return undefined;
    });
  },
};

/** Bundles `entry` for the browser, minified; returns the bytes, or throws esbuild's errors. */
export async function browserBundle(entry: string, resolveDir?: string): Promise<Uint8Array> {
  const result = await build({
    ...(resolveDir === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents: `export * from '${entry}';`, resolveDir, loader: 'js' } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
    plugins: [forbidImports],
  });
  return (result.outputFiles[0] as { contents: Uint8Array }).contents;
}
