// The space tests import src/space (plus errors and rng) directly, not the package root,
// so that they load no tfjs; test/space/exports.test.ts checks the root re-exports.
export * from '../../src/space/index.js';
export * from '../../src/errors.js';
export { Rng } from '../../src/rng.js';
