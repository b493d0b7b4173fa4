/**
 * Build step after `tsc -p tsconfig.build.json`: copies the declarations of
 * `dist/types/` (ES module declarations, as the package is `"type": "module"`)
 * to `dist/types-cjs/` with a `package.json` that says `"type": "commonjs"`,
 * so that a CommonJS consumer's `require('mnas-ts')` gets declarations of the
 * CommonJS build (package.json `exports`, `require.types`). The declaration
 * maps stay valid: both folders are at the same depth, so their relative
 * paths to `src/` are the same.
 *
 * Run by `npm run build`; `npx tsx scripts/cjs-types.ts` after a build.
 */
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';

if (!existsSync('dist/types/index.d.ts')) throw new Error('dist/types/index.d.ts is missing: run tsc -p tsconfig.build.json first');
rmSync('dist/types-cjs', { recursive: true, force: true });
cpSync('dist/types', 'dist/types-cjs', { recursive: true });
writeFileSync('dist/types-cjs/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
