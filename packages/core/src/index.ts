export {
  assertFiniteNumber,
  assertInteger,
  assertNumberInRange,
  assertOneOf,
  assertPerSample,
  assertProbability,
  assertSameBatch,
} from './assert-args';
export type { AssertImagesOptions } from './assert-images';
export { assertImages, assertTargets } from './assert-images';
export { assertDtype, assertFiniteTensor, assertRank, assertTensor, assertValueRange } from './assert-tensor';
export { ensureGradients, gradientsRegistered } from './backend-gradients';
export type {
  BackendInfo,
  BackendLoader,
  BackendName,
  SetupBackendOptions,
  WasmBackendExtension,
  WebGpuBackendExtension,
} from './backend-setup';
export { backendInfo, logicalCores, setupBackend } from './backend-setup';
export { oneHot } from './one-hot';
export type { Rng, RngState } from './rng';
export { createRng } from './rng';
export type { TensorJson } from './tensor-json';
export { tensorFromJson, tensorToJson } from './tensor-json';
export type { Batch, Images, Labels, Targets } from './tensor-types';
export { IMAGE_CHANNELS } from './tensor-types';
export { describeValue, TricksError } from './tricks-error';
export { rangeTrusted, withTrustedRange } from './trusted-range';
export type { GpuAdapter, GpuAdapterInfoLike } from './webgpu-adapter';
export { describeGpuAdapter } from './webgpu-adapter';
