import { ReinforceController, type PolicyBatch, type PolicyGradients, type PolicyLoss } from '../../src/index.js';
import { controllerContract } from './contract.js';
import { policyGradients } from './policy/policy-graph.js';
import { policyControllerTests } from './policy-controllers.js';

/** ReinforceController with its gradients differentiated by tfjs (the oracle). */
class TfjsReinforceController extends ReinforceController {
  protected override gradients(batch: PolicyBatch, loss: PolicyLoss): PolicyGradients {
    return policyGradients(this.policy, batch, loss);
  }
}

controllerContract(
  'ReinforceController with self-imitation',
  (space, options) => new ReinforceController(space, { ...options, hiddenSize: 16, batchSize: 4, selfImitationSize: 5 }),
);
policyControllerTests(
  'ReinforceController',
  (space, options) => new ReinforceController(space, options),
  (space, options) => new TfjsReinforceController(space, options),
);
