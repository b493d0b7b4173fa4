import * as tf from '../../src/tfjs.js';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/blocks/index.js';
import { ZERO_COST_PROXIES, zeroCostProxies } from '../../src/evaluate/index.js';
import { describeZeroCostProxyContract } from './zero-cost-contract.js';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('zeroCostProxies', () => {
  it('holds synflow, naswot, grad_norm, snip and the analytic params and macs, as ZERO_COST_PROXIES lists them', () => {
    expect(zeroCostProxies.names()).toEqual(['synflow', 'naswot', 'grad_norm', 'snip', 'params', 'macs']);
    expect(ZERO_COST_PROXIES).toEqual(zeroCostProxies.names());
  });

  it('cannot be changed by a caller', () => {
    expect('register' in zeroCostProxies).toBe(false);
    expect(Object.isFrozen(zeroCostProxies)).toBe(true);
    expect(Object.isFrozen(zeroCostProxies.get('snip'))).toBe(true);
    expect(() => zeroCostProxies.get('flops')).toThrow(
      'Unknown zero-cost proxy: expected one of synflow, naswot, grad_norm, snip, params, macs, received "flops"',
    );
  });
});

for (const entry of zeroCostProxies.entries()) describeZeroCostProxyContract(entry);
