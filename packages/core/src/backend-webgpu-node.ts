import * as tf from '@tensorflow/tfjs-core';
import { describeGpuAdapter, type GpuAdapter, type GpuAdapterInfoLike } from './webgpu-adapter';

/** The parts of a WebGPU `GPUAdapter` / `GPU` that setting up the backend touches. */
interface AdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly features: { has(name: string): boolean };
  readonly limits: Record<string, number>;
  requestDevice(descriptor?: object): Promise<object>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
/** The npm package `webgpu` (Dawn's Node bindings). */
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}
/** What tfjs-backend-webgpu exports that a factory of our own needs. */
interface WebGpuBackendModule {
  WebGPUBackend: new (device: object, adapterInfo?: GpuAdapterInfoLike) => tf.KernelBackend;
}

/** Why WebGPU cannot run in this Node process, or the adapter it will run on. */
export type NodeWebGpuProbe =
  | { ok: true; adapter: GpuAdapter }
  | { ok: false; missing: 'package' | 'adapter' | 'hardware'; detail: string };

type NavigatorHolder = { navigator?: { gpu?: GpuLike } };

/** navigator.gpu as this module installed it (null when it was there already or not yet made). */
let installedGpu: GpuLike | null = null;
let releaseHooked = false;

function currentGpu(): GpuLike | undefined {
  return (globalThis as NavigatorHolder).navigator?.gpu;
}

function setNavigatorGpu(gpu: GpuLike | undefined): void {
  const g = globalThis as NavigatorHolder;
  if (g.navigator === undefined) {
    // Node 20 has no navigator; Node ≥ 21 has one, whose `gpu` we define.
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
}

/**
 * Dawn keeps a Node process alive for as long as its instance is referenced, and idle devices
 * keep polling (webgpu's README, "Lifetime"). When the event loop has nothing left, destroy the
 * backend's device and drop navigator.gpu, so the process ends as it would without WebGPU.
 */
function releaseOnExit(): void {
  if (releaseHooked) return;
  releaseHooked = true;
  const proc = (globalThis as { process?: { once(event: string, fn: () => void): void } }).process;
  proc?.once('beforeExit', () => {
    const backend = tf.engine().registry.webgpu as { device?: { destroy?: () => void } } | undefined;
    backend?.device?.destroy?.();
    if (installedGpu !== null && currentGpu() === installedGpu) setNavigatorGpu(undefined);
    installedGpu = null;
  });
}

/**
 * In Node: makes `navigator.gpu` (from the npm package `webgpu`, when no other WebGPU is there)
 * and asks it for an adapter. With `requireHardware`, a software adapter (SwiftShader, llvmpipe)
 * counts as none. navigator.gpu stays installed only when the probe succeeds, so a process that
 * does not use WebGPU is not kept alive by Dawn.
 */
export async function probeNodeWebGpu(
  requireHardware: boolean,
  importModule: (name: string) => Promise<unknown>,
): Promise<NodeWebGpuProbe> {
  let gpu = currentGpu();
  let created = false;
  if (gpu === undefined) {
    let dawn: DawnModule;
    try {
      dawn = (await importModule('webgpu')) as DawnModule;
    } catch (e) {
      return { ok: false, missing: 'package', detail: e instanceof Error ? e.message : String(e) };
    }
    // GPUBufferUsage, GPUMapMode, … are globals in a browser; tfjs-backend-webgpu reads them so.
    for (const [key, value] of Object.entries(dawn.globals)) {
      if (!(key in globalThis))
        Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
    }
    gpu = dawn.create([]);
    created = true;
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  const info = adapter ? describeGpuAdapter(adapter.info ?? {}) : null;
  if (info === null || (requireHardware && info.software)) {
    return info === null
      ? { ok: false, missing: 'adapter', detail: 'navigator.gpu.requestAdapter() returned null' }
      : { ok: false, missing: 'hardware', detail: `only a software adapter (${info.label})` };
  }
  if (created) {
    setNavigatorGpu(gpu);
    installedGpu = gpu;
  }
  releaseOnExit();
  return { ok: true, adapter: info };
}

/**
 * Registers the `'webgpu'` backend factory from tfjs-backend-webgpu's `WebGPUBackend` class, as
 * the package itself does at import — which it skips when it is imported before navigator.gpu
 * exists (a static `import '@tensorflow/tfjs-backend-webgpu'` in Node always is).
 */
export function registerWebGpuFactory(module: unknown): boolean {
  const Backend = (module as Partial<WebGpuBackendModule> | null)?.WebGPUBackend;
  const gpu = currentGpu();
  if (typeof Backend !== 'function' || gpu === undefined) return false;
  tf.registerBackend(
    'webgpu',
    async () => {
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (adapter === null) throw new Error('navigator.gpu.requestAdapter() returned null');
      const l = adapter.limits;
      const device = await adapter.requestDevice({
        requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
        // tfjs-backend-webgpu asks for the adapter's limits, not WebGPU's defaults.
        requiredLimits: {
          maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
          maxBufferSize: l.maxBufferSize,
          maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
        },
      });
      return new Backend(device, adapter.info);
    },
    3,
  );
  return true;
}

/** The adapter of an initialised tfjs-backend-webgpu backend (its device's, else its own record). */
export function webGpuAdapterOf(backend: unknown): GpuAdapter | null {
  const b = backend as { device?: { adapterInfo?: GpuAdapterInfoLike }; adapterInfo?: GpuAdapterInfoLike };
  const info = b.device?.adapterInfo ?? b.adapterInfo;
  return info ? describeGpuAdapter(info) : null;
}
