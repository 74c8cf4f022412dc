export { registerWebGpuTrainKernels, WEBGPU_TRAIN_KERNEL_NAMES } from './register-webgpu-train-kernels';
export { installSyncRead, syncReadNeeded } from './sync-read';
export { setupWebGpuTrain, webgpuTrain } from './webgpu-train-extension';
