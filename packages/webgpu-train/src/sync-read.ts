import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';

/** `deasync`'s one function we use: runs the event loop until `pending()` turns false. */
interface Deasync {
  loopWhile(pending: () => boolean): void;
}

/** The WebGPU objects a read touches, typed structurally (no DOM WebGPU types needed). */
interface StagingBuffer {
  readonly size: number;
  readonly mapState: 'unmapped' | 'pending' | 'mapped';
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}
interface TensorRecord {
  values: tf.backend_util.BackendValues | null;
  dtype: tf.DataType;
  resource?: StagingBuffer;
}
/** The members of tfjs-backend-webgpu's `WebGPUBackend` a synchronous read uses (most are private). */
interface BackendInternals {
  tensorMap: { get(dataId: object): TensorRecord };
  bufferManager: {
    acquireBuffer(size: number, usage: number): StagingBuffer;
    releaseBuffer(buffer: StagingBuffer): void;
  };
  commandEncoder: {
    copyBufferToBuffer(a: StagingBuffer, ao: number, b: StagingBuffer, bo: number, n: number): void;
  };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: object, values: tf.backend_util.BackendValues): tf.backend_util.BackendValues;
  readSync(dataId: object): tf.backend_util.BackendValues;
}

const patched = new WeakSet<object>();

function nodeRequire(): ((name: string) => unknown) | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  const mod = get('node:module') as { createRequire(from: string): (name: string) => unknown };
  return mod.createRequire(import.meta.url);
}

/** True where there is no OffscreenCanvas, so tfjs-backend-webgpu's own `readSync` cannot work. */
export function syncReadNeeded(): boolean {
  return typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined';
}

/**
 * Makes `dataSync()` / `arraySync()` work on a WebGPU backend in Node (Dawn's `webgpu`).
 * tfjs-backend-webgpu 4.22 reads synchronously by drawing the buffer onto an OffscreenCanvas,
 * which Node lacks ("OffscreenCanvas is not defined"). This copies the buffer into a staging
 * buffer, maps it, and runs Node's event loop (the `deasync` package) until Dawn reports the
 * mapping — Dawn delivers it from a `setImmediate` pump. It polls `mapState`, not the promise:
 * inside an async function V8 runs no microtasks until the caller returns. Timers and I/O that
 * fall due meanwhile run inside the read, as in any deasync call.
 *
 * Idempotent. Does nothing where OffscreenCanvas exists (browsers).
 *
 * @returns true when the backend's reads are now synchronous-capable through this path.
 */
export function installSyncRead(backend: WebGPUBackend): boolean {
  if (!syncReadNeeded()) return false;
  const b = backend as unknown as BackendInternals & object;
  if (patched.has(b)) return true;
  const require = nodeRequire();
  let deasync: Deasync;
  try {
    if (require === null) throw new Error('no process.getBuiltinModule (Node ≥ 20.16 needed)');
    deasync = require('deasync') as Deasync;
  } catch (e) {
    throw new TricksError(
      'installSyncRead',
      'deasync',
      'the deasync package with a binary for this platform (a dependency of @tftricks/webgpu-train)',
      e instanceof Error ? e.message : String(e),
    );
  }
  const stock = b.readSync.bind(b);
  const usage = globalThis as unknown as {
    GPUBufferUsage: { COPY_DST: number; MAP_READ: number };
    GPUMapMode: { READ: number };
  };
  b.readSync = (dataId: object) => {
    const record = b.tensorMap.get(dataId);
    // Cached values, strings and complex numbers (two reads of their parts) keep the stock path.
    if (
      record.values != null ||
      record.dtype === 'string' ||
      record.dtype === 'complex64' ||
      !record.resource
    )
      return stock(dataId);
    const source = record.resource;
    const staging = b.bufferManager.acquireBuffer(
      source.size,
      usage.GPUBufferUsage.COPY_DST | usage.GPUBufferUsage.MAP_READ,
    );
    b.ensureCommandEncoderReady();
    b.endComputePassEncoder();
    b.commandEncoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
    b.submitQueue();
    let failure: unknown = null;
    staging.mapAsync(usage.GPUMapMode.READ).catch((e: unknown) => {
      failure = e;
    });
    deasync.loopWhile(() => staging.mapState === 'pending' && failure === null);
    let bytes: ArrayBuffer;
    try {
      if (staging.mapState !== 'mapped') {
        throw new Error(`webgpu readSync: mapping the staging buffer failed (${String(failure)})`);
      }
      bytes = staging.getMappedRange().slice(0);
      staging.unmap();
    } finally {
      // Back to the pool on failure too, so a failed read does not leak GPU memory.
      if (staging.mapState === 'unmapped') b.bufferManager.releaseBuffer(staging);
    }
    return b.convertAndCacheOnCPU(dataId, tf.util.convertBackendValuesAndArrayBuffer(bytes, record.dtype));
  };
  patched.add(b);
  return true;
}
