// Real headless Chromium, WebGPU backend with @tftricks/webgpu-train (SwiftShader's Vulkan in
// software on these machines: --use-webgpu-adapter=swiftshader, see tools/chromium.ts).
// tfjs-core itself first: its flags must be registered before the gradients' module runs.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { backendInfo, setupBackend } from '@tftricks/core';
import { webgpuTrain } from '@tftricks/webgpu-train';

const name = await setupBackend('webgpu', {
  webgpu: webgpuTrain,
  loaders: { webgpu: () => import('@tensorflow/tfjs-backend-webgpu') },
});
if (name !== 'webgpu') throw new Error(`browser-webgpu project: expected webgpu backend, got ${name}`);
if (backendInfo().extension !== webgpuTrain.name)
  throw new Error(`browser-webgpu project: webgpu-train not installed (${backendInfo().summary})`);
