// Public surface of src/space/. Re-export by name.
export type {
  Activation,
  Architecture,
  BlockSpec,
  ConvOp,
  Decision,
  HeadSpec,
  SearchSpace,
  SkipOp,
  StemSpec,
} from './types.js';
