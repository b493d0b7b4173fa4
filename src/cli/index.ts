#!/usr/bin/env node
/**
 * The `mnas-ts` executable (built to dist/cli.js). The program (./program.js,
 * which uses only the public API of the package) is loaded here, so that a
 * peer dependency that is not installed gets one line naming it and the
 * command that installs it (exit code 1), even for `--help`.
 *
 * @module
 */
import { asMissingDependency } from '../dependencies.js';

/** One line for an error that nothing else handled: the missing package and its install command, or the error. */
function report(error: unknown): void {
  console.error(asMissingDependency(error, 'mnas-ts')?.message ?? error);
}

import('./program.js')
  .then(({ main }) => main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      report(error);
      process.exitCode = 1;
    },
  );
