export { registerWasmTrainKernels, WASM_TRAIN_KERNEL_NAMES } from './register-wasm-train-kernels';
