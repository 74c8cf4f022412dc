import * as tf from '@tensorflow/tfjs-core';
import { depthwiseGeometry } from './depthwise-geometry';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { assertFloat32, f32, type KernelArgs } from './wasm-kernel-calls';

/**
 * dx of a depthwise convolution with channel multiplier m:
 * dx[n, ih, iw, c] = Σ_{kh, kw, q} dy[n, oh, ow, c·m + q] · W[kh, kw, c, q] over the (oh, ow)
 * with oh·s + kh·d − p = ih (likewise for columns). C/SIMD across channels, one dx row per
 * thread item; the JS fallback gathers per input pixel in float64.
 *
 * Inputs dy [N, OH, OW, C·m], filter [KH, KW, C, m]; output [N, H, W, C] = inputShape.
 */
function depthwiseConv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  assertFloat32('DepthwiseConv2dNativeBackpropInput', 'dy', dy);
  assertFloat32('DepthwiseConv2dNativeBackpropInput', 'filter', filter);
  const { n, h, w, c, oh, ow, oc, m, kh, kw, sh, sw, dh, dw, pt, pl } = depthwiseGeometry(
    attrs.inputShape,
    filter.shape,
    attrs,
  );
  const out = backend.makeOutput([n, h, w, c], 'float32');
  const rt = kernelRuntime(backend);
  if (rt) {
    const at = (t: tf.TensorInfo) => addressOf(backend, t);
    rt.exports.depthwise_input_grad(
      rt.pool,
      at(dy),
      at(filter),
      at(out),
      n,
      h,
      w,
      c,
      oh,
      ow,
      m,
      kh,
      kw,
      sh,
      sw,
      dh,
      dw,
      pt,
      pl,
    );
    return out;
  }
  // No C kernels yet (a browser main thread before setup awaited them): float64 sums in JS.
  const acc = new Float64Array(c);
  const ds = f32(backend, dy);
  const ws = f32(backend, filter);
  const xs = f32(backend, out);
  for (let b = 0; b < n; b++) {
    for (let iy = 0; iy < h; iy++) {
      for (let ix = 0; ix < w; ix++) {
        acc.fill(0);
        for (let fy = 0; fy < kh; fy++) {
          const ty = iy + pt - fy * dh;
          if (ty < 0 || ty % sh !== 0) continue;
          const y = ty / sh;
          if (y >= oh) continue;
          for (let fx = 0; fx < kw; fx++) {
            const tx = ix + pl - fx * dw;
            if (tx < 0 || tx % sw !== 0) continue;
            const xo = tx / sw;
            if (xo >= ow) continue;
            const dOff = ((b * oh + y) * ow + xo) * oc;
            const wOff = (fy * kw + fx) * oc;
            if (m === 1) {
              for (let ch = 0; ch < c; ch++)
                acc[ch] = (acc[ch] as number) + (ds[dOff + ch] as number) * (ws[wOff + ch] as number);
            } else {
              for (let ch = 0; ch < c; ch++) {
                let s = 0;
                for (let q = 0; q < m; q++)
                  s += (ds[dOff + ch * m + q] as number) * (ws[wOff + ch * m + q] as number);
                acc[ch] = (acc[ch] as number) + s;
              }
            }
          }
        }
        xs.set(acc, ((b * h + iy) * w + ix) * c);
      }
    }
  }
  return out;
}

/** `DepthwiseConv2dNativeBackpropInput` for the wasm backend (stock wasm has none). */
export const depthwiseConv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInput as unknown as tf.KernelFunc,
};
