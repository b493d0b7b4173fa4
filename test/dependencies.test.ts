import { describe, expect, it } from 'vitest';
import { asMissingDependency, installCommand, missingPackage, requireOptional } from '../src/dependencies.js';
import { MissingDependencyError } from '../src/errors.js';

describe('missingPackage', () => {
  const err = (code: string, message: string): Error => Object.assign(new Error(message), { code });

  it("reads the package of Node's import and require errors, in the error or its causes", () => {
    expect(missingPackage(err('ERR_MODULE_NOT_FOUND', "Cannot find package '@tensorflow/tfjs-core' imported from /a/b.js"))).toBe(
      '@tensorflow/tfjs-core',
    );
    expect(missingPackage(err('MODULE_NOT_FOUND', "Cannot find module 'bullmq'\nRequire stack:\n- /a/b.js"))).toBe('bullmq');
    expect(missingPackage(err('MODULE_NOT_FOUND', "Cannot find module 'bullmq/dist/cjs/x.js'"))).toBe('bullmq');
    expect(missingPackage(new Error('wrapped', { cause: err('MODULE_NOT_FOUND', "Cannot find module 'ioredis'") }))).toBe('ioredis');
  });

  it('is undefined for a missing file, another error code or no error', () => {
    expect(missingPackage(err('ERR_MODULE_NOT_FOUND', "Cannot find module '/a/b.js' imported from /a/c.js"))).toBeUndefined();
    expect(missingPackage(err('MODULE_NOT_FOUND', "Cannot find module './local'"))).toBeUndefined();
    expect(missingPackage(err('ENOENT', "Cannot find module 'x'"))).toBeUndefined();
    expect(missingPackage('text')).toBeUndefined();
  });
});

describe('installCommand', () => {
  it('installs the required peers together, bullmq with ioredis, any other package alone', () => {
    expect(installCommand('@tensorflow/tfjs-layers')).toBe(
      'npm install @tensorflow/tfjs-core @tensorflow/tfjs-layers @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-backend-wasm',
    );
    expect(installCommand('ioredis')).toBe('npm install bullmq ioredis');
    expect(installCommand('playwright-core')).toBe('npm install playwright-core');
  });
});

describe('requireOptional', () => {
  it('loads an installed package', () => {
    expect(typeof requireOptional<{ Queue: unknown }>('bullmq', 'a test').Queue).toBe('function');
  });

  it('throws a one-line MissingDependencyError for one that is not installed', () => {
    let thrown: unknown;
    try {
      requireOptional('mnas-ts-no-such-package', 'a test of mnas-ts');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MissingDependencyError);
    expect((thrown as MissingDependencyError).code).toBe('missing_dependency');
    expect((thrown as Error).message).toBe(
      'a test of mnas-ts needs the npm package mnas-ts-no-such-package, which is not installed: npm install mnas-ts-no-such-package',
    );
    expect(asMissingDependency(thrown, 'other')).toBe(thrown);
    expect(asMissingDependency(new Error('x'), 'other')).toBeUndefined();
  });
});
