// Node, WebGPU through Dawn (npm `webgpu`) with @tftricks/webgpu-train (synchronous reads in Node,
// its kernels). No GPU on CI: vitest.config.ts points Vulkan at SwiftShader (software). The
// backend is loaded through vitest so it shares the tests' tfjs-core.
import { backendInfo, setupBackend } from '@tftricks/core';
import { webgpuTrain } from '@tftricks/webgpu-train';

const name = await setupBackend('webgpu', {
  webgpu: webgpuTrain,
  loaders: { webgpu: () => import('@tensorflow/tfjs-backend-webgpu') },
});
if (name !== 'webgpu') throw new Error(`node-webgpu project: expected webgpu backend, got ${name}`);
if (backendInfo().extension !== webgpuTrain.name)
  throw new Error(`node-webgpu project: webgpu-train not installed (${backendInfo().summary})`);
