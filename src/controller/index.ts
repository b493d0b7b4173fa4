// Public surface of src/controller/. Re-export by name.
export type { Controller, HasDecisions, Outcome, Proposal } from './types.js';
