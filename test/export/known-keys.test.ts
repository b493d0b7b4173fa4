/** The export options refuse a key they do not know, by its path. */
import { describe } from 'vitest';
import { InvalidOptionsError } from '../../src/errors.js';
import { resolveToTfliteOptions } from '../../src/export/to-tflite.js';
import { itRefusesUnknownKeys } from '../known-keys.js';

describe('resolveToTfliteOptions (toTflite and toOnnx)', () => {
  itRefusesUnknownKeys({
    resolve: (o) => resolveToTfliteOptions(o),
    valid: { batchSize: 2, optimize: false },
    known: ['batchSize', 'buildOptions', 'description', 'optimize'],
    misspelt: 'optimise',
    ErrorClass: InvalidOptionsError,
  });
});
