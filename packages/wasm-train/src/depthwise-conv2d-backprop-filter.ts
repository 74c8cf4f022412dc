import * as tf from '@tensorflow/tfjs-core';
import { depthwiseGeometry } from './depthwise-geometry';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { assertFloat32, f32, free, type KernelArgs } from './wasm-kernel-calls';

/**
 * dW of a depthwise convolution with channel multiplier m:
 * dW[kh, kw, c, q] = Σ_{n, oh, ow} x[n, oh·s + kh·d − p, ow·s + kw·d − p, c] · dy[n, oh, ow, c·m + q].
 * C/SIMD across channels (multiplier 1), in fixed row groups added in order (any thread count
 * gives the same result); the JS fallback sums in float64.
 *
 * Inputs x [N, H, W, C], dy [N, OH, OW, C·m]; output [KH, KW, C, m].
 */
function depthwiseConv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  assertFloat32('DepthwiseConv2dNativeBackpropFilter', 'x', x);
  assertFloat32('DepthwiseConv2dNativeBackpropFilter', 'dy', dy);
  const { n, h, w, c, oh, ow, oc, m, kh, kw, sh, sw, dh, dw, pt, pl } = depthwiseGeometry(
    x.shape,
    attrs.filterShape,
    attrs,
  );
  const out = backend.makeOutput([kh, kw, c, m], 'float32');
  const rt = kernelRuntime(backend);
  if (rt) {
    const scratch = backend.makeOutput(
      [Math.max(1, rt.exports.depthwise_filter_grad_scratch(n, oh, kh, kw, c, m))],
      'float32',
    );
    const at = (t: tf.TensorInfo) => addressOf(backend, t);
    rt.exports.depthwise_filter_grad(
      rt.pool,
      at(x),
      at(dy),
      at(out),
      at(scratch),
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
    free(backend, scratch);
    return out;
  }
  // No C kernels yet (a browser main thread before setup awaited them): float64 sums in JS.
  const acc = new Float64Array(kh * kw * oc);
  const xs = f32(backend, x);
  const ds = f32(backend, dy);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let fy = 0; fy < kh; fy++) {
        const iy = y * sh + fy * dh - pt;
        if (iy < 0 || iy >= h) continue;
        for (let xo = 0; xo < ow; xo++) {
          const dOff = ((b * oh + y) * ow + xo) * oc;
          for (let fx = 0; fx < kw; fx++) {
            const ix = xo * sw + fx * dw - pl;
            if (ix < 0 || ix >= w) continue;
            const xOff = ((b * h + iy) * w + ix) * c;
            const aOff = (fy * kw + fx) * oc;
            if (m === 1) {
              for (let ch = 0; ch < c; ch++)
                acc[aOff + ch] =
                  (acc[aOff + ch] as number) + (xs[xOff + ch] as number) * (ds[dOff + ch] as number);
            } else {
              for (let ch = 0; ch < c; ch++) {
                const xv = xs[xOff + ch] as number;
                for (let q = 0; q < m; q++)
                  acc[aOff + ch * m + q] =
                    (acc[aOff + ch * m + q] as number) + xv * (ds[dOff + ch * m + q] as number);
              }
            }
          }
        }
      }
    }
  }
  // [KH, KW, C, m] flattens to the same order as [KH, KW, C·m].
  f32(backend, out).set(acc);
  return out;
}

/** `DepthwiseConv2dNativeBackpropFilter` for the wasm backend (stock wasm has none). */
export const depthwiseConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter as unknown as tf.KernelFunc,
};
