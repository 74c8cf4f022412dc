import * as tf from '@tensorflow/tfjs-core';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { assertFloat32, f32, type KernelArgs } from './wasm-kernel-calls';

/**
 * dx of 2-D max pooling: each window's dy goes to the first maximum of x in that window
 * (row-major scan, strict `>`: the cpu backend's tie rule), summed where windows overlap.
 * A window that lies wholly in the padding passes no gradient.
 *
 * Inputs dy [N, OH, OW, C], input x [N, H, W, C], output y (unused: the max is found again);
 * output dx [N, H, W, C] float32. The stock wasm kernel loops per input element over every
 * window; this one visits each window once, all channels at a time (C/SIMD, one sample per
 * thread item).
 */
function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  assertFloat32('MaxPoolGrad', 'dy', dy);
  assertFloat32('MaxPoolGrad', 'input', input);
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  const out = backend.makeOutput(input.shape, 'float32');
  const rt = kernelRuntime(backend);
  if (rt) {
    const at = (t: tf.TensorInfo) => addressOf(backend, t);
    rt.exports.max_pool_grad(rt.pool, at(input), at(dy), at(out), n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
    return out;
  }
  // No C kernels yet (a browser main thread before setup awaited them): the same rule in JS.
  const maxValue = new Float32Array(c);
  const maxIndex = new Int32Array(c);
  const xs = f32(backend, input);
  const ds = f32(backend, dy);
  const dx = f32(backend, out);
  dx.fill(0);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const y0 = Math.max(0, y * sh - pt);
      const y1 = Math.min(h, y * sh - pt + kh);
      for (let x = 0; x < ow; x++) {
        const x0 = Math.max(0, x * sw - pl);
        const x1 = Math.min(w, x * sw - pl + kw);
        maxValue.fill(Number.NEGATIVE_INFINITY);
        maxIndex.fill(-1);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const base = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xs[base + ch] as number;
              if (v > (maxValue[ch] as number)) {
                maxValue[ch] = v;
                maxIndex[ch] = base + ch;
              }
            }
          }
        }
        const o = ((b * oh + y) * ow + x) * c;
        for (let ch = 0; ch < c; ch++) {
          const at = maxIndex[ch] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (ds[o + ch] as number);
        }
      }
    }
  }
  return out;
}

/** `MaxPoolGrad` for the wasm backend, replacing the stock kernel (several times slower). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
