import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type BackendName, backendInfo, setupBackend } from '@tftricks/core';

/** The backend the page runs on, and whether it is the one it wanted (a GPU one). */
export interface PageBackend {
  name: string;
  /** `backendInfo().summary`, e.g. `webgpu (SwiftShader adapter, software, …)`. */
  summary: string;
  /** Why WebGPU is not in use, or '' when it is. */
  note: string;
}

/**
 * Picks the page's backend: WebGPU (with the @tftricks/webgpu-train kernels), else WebGL, else
 * wasm (with the @tftricks/wasm-train kernels, since stock wasm cannot train a CNN), else cpu —
 * or the one `prefer` names (the URL's `?backend=`). The page imports the backends itself; the
 * packages never do. Imports are lazy so an unused backend is never downloaded.
 */
export async function setupPageBackend(prefer: BackendName = 'auto'): Promise<PageBackend> {
  const [{ wasmTrain }, { webgpuTrain }] = await Promise.all([
    import('@tftricks/wasm-train'),
    import('@tftricks/webgpu-train'),
  ]);
  const name = await setupBackend(prefer, {
    wasm: wasmTrain,
    webgpu: webgpuTrain,
    loaders: {
      webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
      webgl: () => import('@tensorflow/tfjs-backend-webgl'),
      wasm: async () => {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        // Vite serves the .wasm files under hashed URLs; tell the backend where they are.
        wasm.setWasmPaths({
          'tfjs-backend-wasm.wasm': wasmPlain,
          'tfjs-backend-wasm-simd.wasm': wasmSimd,
          'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
        });
      },
      cpu: () => import('@tensorflow/tfjs-backend-cpu'),
    },
  });
  const note =
    name === 'webgpu'
      ? ''
      : name === 'webgl'
        ? 'WebGPU is not available in this browser, so training runs on WebGL.'
        : `Neither WebGPU nor WebGL is available here, so training falls back to ${name} (slower).`;
  return { name, summary: backendInfo().summary, note: prefer === 'auto' ? note : '' };
}
