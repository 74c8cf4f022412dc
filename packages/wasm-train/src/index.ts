export type { BatchNormTrainingResult } from './batch-norm-training';
export { batchNormTraining } from './batch-norm-training';
export type { WinogradOptions } from './conv3x3-winograd';
export { useWinograd, winogradEnabled } from './conv3x3-winograd';
export type { FusedBatchNormOptions } from './fused-batch-norm-layer';
export { restoreStockBatchNorm, useFusedBatchNorm } from './fused-batch-norm-layer';
export { registerWasmTrainKernels, WASM_TRAIN_KERNEL_NAMES } from './register-wasm-train-kernels';
export { registerThreadedWasmBackend, threadedWasmAvailable } from './threaded-wasm-backend';
export { setupWasmTrain, wasmTrain } from './wasm-train-extension';
