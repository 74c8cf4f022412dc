import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { setupBackend } from '@tftricks/core';

/** The backend the page runs on, and whether it is the one it wanted (WebGL). */
export interface PageBackend {
  name: string;
  /** Why WebGL is not in use, or '' when it is. */
  note: string;
}

/**
 * Picks the page's backend: WebGL, else wasm (with the @tftricks/wasm-train kernels, since
 * stock wasm cannot train a CNN), else cpu. The page imports the backends itself; the
 * packages never do. Imports are lazy so an unused backend is never downloaded.
 */
export async function setupPageBackend(): Promise<PageBackend> {
  const { wasmTrain } = await import('@tftricks/wasm-train');
  const name = await setupBackend('auto', {
    wasm: wasmTrain,
    loaders: {
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
    name === 'webgl' || name === 'webgpu'
      ? ''
      : `WebGL is not available here, so training falls back to ${name} (slower).`;
  return { name, note };
}
