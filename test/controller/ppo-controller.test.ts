import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, PpoController, type PolicyBatch, type PolicyGradients, type PolicyLoss } from '../../src/index.js';
import { CONTRACT_SPACE, controllerContract } from './contract.js';
import { policyGradients } from './policy/policy-graph.js';
import { policyControllerTests } from './policy-controllers.js';

/** PpoController with its gradients differentiated by tfjs (the oracle). */
class TfjsPpoController extends PpoController {
  protected override gradients(batch: PolicyBatch, loss: PolicyLoss): PolicyGradients {
    return policyGradients(this.policy, batch, loss);
  }
}

controllerContract(
  'PpoController with self-imitation',
  (space, options) => new PpoController(space, { ...options, hiddenSize: 16, batchSize: 4, selfImitationSize: 5 }),
);
policyControllerTests(
  'PpoController',
  (space, options) => new PpoController(space, options),
  (space, options) => new TfjsPpoController(space, options),
);

describe('PpoController', () => {
  it('validates epochs, minibatches and clip range', () => {
    expect(() => new PpoController(CONTRACT_SPACE, { epochs: 0 })).toThrow(InvalidOptionsError);
    expect(() => new PpoController(CONTRACT_SPACE, { batchSize: 4, minibatches: 5 })).toThrow(InvalidOptionsError);
    expect(() => new PpoController(CONTRACT_SPACE, { clipRange: 0 })).toThrow(InvalidOptionsError);
  });
});
