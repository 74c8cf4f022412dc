// What both WebGPU test projects start with: the webgpu backend with @tftricks/webgpu-train,
// loaded through vitest/Vite so it shares the tests' tfjs-core, or the project stops.
import { backendInfo, setupBackend } from '@tftricks/core';
import { webgpuTrain } from '@tftricks/webgpu-train';

export async function setupWebGpuProject(project: string): Promise<void> {
  const name = await setupBackend('webgpu', {
    webgpu: webgpuTrain,
    loaders: { webgpu: () => import('@tensorflow/tfjs-backend-webgpu') },
  });
  if (name !== 'webgpu') throw new Error(`${project} project: expected webgpu backend, got ${name}`);
  if (backendInfo().extension !== webgpuTrain.name)
    throw new Error(`${project} project: webgpu-train not installed (${backendInfo().summary})`);
}
