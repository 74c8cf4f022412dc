export { TricksError, describeValue } from './tricks-error';
export type { Images, Targets, Labels, Batch } from './tensor-types';
export { IMAGE_CHANNELS } from './tensor-types';
export { createRng } from './rng';
export type { Rng, RngState } from './rng';
export { assertTensor, assertRank, assertDtype, assertFiniteTensor, assertValueRange } from './assert-tensor';
export {
  assertProbability,
  assertNumberInRange,
  assertFiniteNumber,
  assertInteger,
  assertOneOf,
  assertSameBatch,
  assertPerSample,
} from './assert-args';
export { assertImages, assertTargets } from './assert-images';
export type { AssertImagesOptions } from './assert-images';
export { oneHot } from './one-hot';
export { setupBackend } from './backend-setup';
export type { BackendName, BackendLoader, SetupBackendOptions } from './backend-setup';
export { ensureGradients, gradientsRegistered } from './backend-gradients';
export { tensorToJson, tensorFromJson } from './tensor-json';
export type { TensorJson } from './tensor-json';
