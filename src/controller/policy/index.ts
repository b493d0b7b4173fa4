// The LSTM policy of the policy controllers. Re-export by name.
export { LstmPolicy, PARAM_NAMES } from './lstm-policy.js';
export type { BatchCache, ChooseToken, LstmPolicyShape, PolicyBatch, PolicyGradients, PolicyLoss, PolicyNetwork } from './types.js';
