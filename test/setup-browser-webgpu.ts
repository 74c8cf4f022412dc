// Real headless Chromium, WebGPU backend with @tftricks/webgpu-train (SwiftShader's Vulkan in
// software on these machines: tools/chromium.ts's CHROMIUM_WEBGPU_ARGS).
// tfjs-core itself first: its flags must be registered before the gradients' module runs.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setupWebGpuProject } from './webgpu-project';

await setupWebGpuProject('browser-webgpu');
