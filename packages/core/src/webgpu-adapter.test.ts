import { describe, expect, it } from 'vitest';
import { describeGpuAdapter } from './webgpu-adapter';

describe('describeGpuAdapter', () => {
  it('names SwiftShader (Dawn in Node, Chromium) and marks it software', () => {
    // What Dawn's webgpu 0.6.2 reports for Debian chromium's vk_swiftshader_icd.json.
    const a = describeGpuAdapter({
      vendor: 'google',
      architecture: 'swiftshader',
      device: 'swiftshader-device-subzero-',
      description: 'SwiftShader driver 5.0.0',
      isFallbackAdapter: true,
    });
    expect(a).toEqual({
      vendor: 'google',
      architecture: 'swiftshader',
      device: 'swiftshader-device-subzero-',
      description: 'SwiftShader driver 5.0.0',
      software: true,
      label: 'SwiftShader',
    });
  });

  it('takes a hardware adapter as hardware, labelled by description or vendor and architecture', () => {
    const nvidia = describeGpuAdapter({
      vendor: 'nvidia',
      architecture: 'hopper',
      description: 'NVIDIA H200',
    });
    expect(nvidia).toMatchObject({ software: false, label: 'NVIDIA H200' });
    // Browsers may hide the description: vendor and architecture remain.
    expect(describeGpuAdapter({ vendor: 'intel', architecture: 'gen-12lp' })).toMatchObject({
      software: false,
      label: 'intel gen-12lp',
      description: '',
    });
    expect(describeGpuAdapter({}).label).toBe('unnamed');
  });

  it('marks Mesa llvmpipe / lavapipe, WARP and any fallback adapter as software', () => {
    expect(
      describeGpuAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).software,
    ).toBe(true);
    expect(describeGpuAdapter({ description: 'Microsoft Basic Render Driver' }).software).toBe(true);
    expect(
      describeGpuAdapter({ vendor: 'amd', architecture: 'rdna-3', isFallbackAdapter: true }).software,
    ).toBe(true);
  });
});
