/**
 * The fields of a WebGPU `GPUAdapterInfo` that tftricks reads (Chromium, Dawn's `webgpu`
 * package for Node, and tfjs-backend-webgpu's own `AdapterInfo` all carry some of them).
 */
export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** What {@link backendInfo} reports about the WebGPU adapter in use. */
export interface GpuAdapter {
  /** As the adapter reports them (`''` where it says nothing, e.g. a browser hiding details). */
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /**
   * True for a software implementation (SwiftShader, llvmpipe / lavapipe, WARP) or an adapter
   * that calls itself a fallback: correct, but far slower than a GPU.
   */
  software: boolean;
  /** A short name for logs: `'SwiftShader'`, else the description, else vendor and architecture. */
  label: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/** Summarises an adapter's info; `software` from `isFallbackAdapter` or a known software name. */
export function describeGpuAdapter(info: GpuAdapterInfoLike): GpuAdapter {
  const field = (v: unknown) => (typeof v === 'string' ? v : '');
  const vendor = field(info.vendor);
  const architecture = field(info.architecture);
  const device = field(info.device);
  const description = field(info.description);
  const names = [vendor, architecture, device, description].join(' ');
  const software = info.isFallbackAdapter === true || SOFTWARE.test(names);
  const label = /swiftshader/i.test(names)
    ? 'SwiftShader'
    : description || [vendor, architecture].filter(Boolean).join(' ') || 'unnamed';
  return { vendor, architecture, device, description, software, label };
}
