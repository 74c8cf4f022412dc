/** The kernels this package registers for backend `'webgpu'`. */
export const WEBGPU_TRAIN_KERNEL_NAMES: readonly string[] = [];

/** Registers this package's kernels for backend `'webgpu'` (idempotent). */
export function registerWebGpuTrainKernels(): void {}
