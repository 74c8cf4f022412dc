// Records which tfjs kernels each test file runs (setup file of the WebGPU projects when
// TFTRICKS_KERNEL_COVERAGE names a folder). scripts/webgpu-subset.mjs reads the records to
// choose the browser-webgpu subset: the fewest seconds that still run every kernel once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect } from 'vitest';

const dir = process.env.TFTRICKS_KERNEL_COVERAGE;
if (dir) {
  const seen = new Set<string>();
  const engine = tf.engine() as unknown as { runKernelFunc(p: { kernelName?: string }): unknown };
  const original = engine.runKernelFunc.bind(engine);
  engine.runKernelFunc = (params) => {
    if (params.kernelName && tf.getKernel(params.kernelName, tf.getBackend())) seen.add(params.kernelName);
    return original(params);
  };
  afterAll(() => {
    const file = expect.getState().testPath ?? 'unknown';
    mkdirSync(dir, { recursive: true });
    const name = `${basename(file)}-${Buffer.from(file).toString('base64url').slice(-24)}.json`;
    writeFileSync(join(dir, name), JSON.stringify({ file, kernels: [...seen].sort() }));
  });
}
