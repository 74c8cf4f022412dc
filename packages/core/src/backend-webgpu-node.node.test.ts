import { describe, expect, it } from 'vitest';
import { probeNodeWebGpu, registerWebGpuFactory } from './backend-webgpu-node';

const hasGpu = () => (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !== undefined;

// In the node-webgpu project navigator.gpu is already installed, so the package is never loaded.
describe.runIf(!hasGpu())('probeNodeWebGpu without navigator.gpu', () => {
  it("reports the missing 'webgpu' package and installs nothing", async () => {
    const probe = await probeNodeWebGpu(false, async (name) => {
      throw new Error(`Cannot find package '${name}'`);
    });
    expect(probe).toEqual({ ok: false, missing: 'package', detail: "Cannot find package 'webgpu'" });
    expect(hasGpu()).toBe(false);
  });

  it('leaves navigator.gpu alone when the adapter is refused (no adapter, or software for auto)', async () => {
    const gpu = (info: object | null) => ({
      requestAdapter: async () =>
        info && { info, features: { has: () => false }, limits: {}, requestDevice: async () => ({}) },
    });
    const dawn = (info: object | null) => async () => ({ create: () => gpu(info), globals: {} });
    expect(await probeNodeWebGpu(false, dawn(null))).toMatchObject({ ok: false, missing: 'adapter' });
    const swiftshader = { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };
    expect(await probeNodeWebGpu(true, dawn(swiftshader))).toEqual({
      ok: false,
      missing: 'hardware',
      detail: 'only a software adapter (SwiftShader)',
    });
    expect(hasGpu()).toBe(false);
  });

  it('registers no factory without navigator.gpu or without a WebGPUBackend class', () => {
    expect(registerWebGpuFactory({ WebGPUBackend: class {} })).toBe(false);
    expect(registerWebGpuFactory(null)).toBe(false);
  });
});
