#!/usr/bin/env node
/**
 * The `mnas-ts` executable (built to dist/cli.js). The CLI uses only the
 * public API of the package (./index.js).
 *
 * @module
 */
import { main } from './program.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
