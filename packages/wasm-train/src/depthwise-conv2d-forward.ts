import * as tf from '@tensorflow/tfjs-core';
import { depthwiseGeometry } from './depthwise-geometry';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { assertNhwc, type KernelArgs, runStock } from './wasm-kernel-calls';

/**
 * `DepthwiseConv2dNative` with channel multiplier 1 (MobileNet, EfficientNet) by the C kernel
 * (csrc/depthwise_forward.c: one output row per thread item, SIMD across channels) on
 * wasm-train's thread pool; other multipliers, dtypes, and a backend without the C kernels yet
 * run the stock XNNPACK kernel. x [N, H, W, C], filter [KH, KW, C, 1] → [N, OH, OW, C].
 */
function depthwiseConv2d(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
  assertNhwc('DepthwiseConv2dNative', attrs.dataFormat);
  const rt = kernelRuntime(backend);
  if (!rt || x.dtype !== 'float32' || filter.dtype !== 'float32' || filter.shape[3] !== 1)
    return runStock(tf.DepthwiseConv2dNative, args);
  // tfjs-layers' DepthwiseConv2D passes dilations null (the stock kernel reads it as 1).
  const g = depthwiseGeometry(x.shape, filter.shape, { ...attrs, dilations: attrs.dilations ?? [1, 1] });
  const out = backend.makeOutput([g.n, g.oh, g.ow, g.c], 'float32');
  if (g.n * g.oh * g.ow * g.c === 0) return out;
  rt.exports.depthwise_forward(
    rt.pool,
    addressOf(backend, x),
    addressOf(backend, filter),
    addressOf(backend, out),
    g.n,
    g.h,
    g.w,
    g.c,
    g.oh,
    g.ow,
    g.kh,
    g.kw,
    g.sh,
    g.sw,
    g.dh,
    g.dw,
    g.pt,
    g.pl,
  );
  return out;
}

/** `DepthwiseConv2dNative` for the wasm backend: the C kernel for multiplier 1, else stock. */
export const depthwiseConv2dConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2d as unknown as tf.KernelFunc,
};
