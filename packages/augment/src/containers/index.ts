export { compose } from './compose';
export type { OneOfParams } from './one-of';
export { oneOf } from './one-of';
export { randomApply } from './random-apply';
export type { RandomOrderParams } from './random-order';
export { randomOrder } from './random-order';
