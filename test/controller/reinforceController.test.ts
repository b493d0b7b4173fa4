import { ReinforceController } from '../../src/index.js';
import { controllerContract } from './contract.js';
import { policyControllerTests } from './policyControllers.js';

controllerContract('ReinforceController', (space, options) => new ReinforceController(space, { ...options, hiddenSize: 16, batchSize: 4 }));
controllerContract('ReinforceController with self-imitation', (space, options) => new ReinforceController(space, { ...options, hiddenSize: 16, batchSize: 4, selfImitationSize: 5 }));
policyControllerTests('ReinforceController', (space, options) => new ReinforceController(space, options));
