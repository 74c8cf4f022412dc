// Node, WebGPU through Dawn (npm `webgpu`) with @tftricks/webgpu-train (synchronous reads in Node,
// its kernels). No GPU on CI: vitest.config.ts points Vulkan at SwiftShader (software).
import { setupWebGpuProject } from './webgpu-project';

await setupWebGpuProject('node-webgpu');
