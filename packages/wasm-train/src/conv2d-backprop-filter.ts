import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { conv3x3WinogradFilterGrad, winogradApplies } from './conv3x3-winograd';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { assertFloat32, assertNhwc, callWasm, free, type KernelArgs } from './wasm-kernel-calls';

type Pair = [number, number];

/**
 * dW of a 2-D convolution, as one forward convolution that runs on XNNPACK.
 *
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh·d − p, ow·s + kw·d − p, ci] · dy[n, oh, ow, co].
 * Read with `ci` as the batch, `n` as the input channel and dy[oh, ow, n, co] as a filter of
 * size OH×OW, that is a convolution with stride d and dilation s over x with the same padding.
 *
 * @param x  [N, H, W, Ci] float32 (NHWC).
 * @param dy [N, OH, OW, Co] float32.
 * @returns  [KH, KW, Ci, Co] float32.
 */
export function convBackpropFilterAsConv(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  filterShape: [number, number, number, number],
  strides: Pair,
  dilations: Pair,
  padInfo: { top: number; bottom: number; left: number; right: number },
): tf.TensorInfo {
  const [kh, kw, ci, co] = filterShape;
  const xT = callWasm('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const dyT = callWasm('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  let out: tf.TensorInfo;
  try {
    out = callWasm(
      'Conv2D',
      backend,
      { x: xT, filter: dyT },
      {
        strides: dilations,
        dilations: strides,
        pad: [
          [0, 0],
          [padInfo.top, padInfo.bottom],
          [padInfo.left, padInfo.right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dimRoundingMode: undefined as unknown as string,
      },
    );
  } finally {
    free(backend, xT);
    free(backend, dyT);
  }
  // The derived convolution may produce extra rows/columns when the forward pass skipped
  // some input at the bottom/right (floor rounding); they are not part of dW.
  if (out.shape[1] !== kh || out.shape[2] !== kw) {
    const cut = callWasm('Slice', backend, { x: out }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
    free(backend, out);
    out = cut;
  }
  const dw = callWasm('Transpose', backend, { x: out }, { perm: [1, 2, 0, 3] });
  free(backend, out);
  return dw;
}

function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  assertNhwc('Conv2DBackpropFilter', dataFormat);
  assertFloat32('Conv2DBackpropFilter', 'x', x);
  assertFloat32('Conv2DBackpropFilter', 'dy', dy);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const rt = kernelRuntime(backend);
  if (rt) {
    const [n, h, w, ci] = x.shape as [number, number, number, number];
    const [kh, kw, , co] = filterShape;
    const { outHeight: oh, outWidth: ow } = info;
    if (
      winogradApplies(
        'filterGradient',
        kh,
        kw,
        [info.strideHeight, info.strideWidth],
        [info.dilationHeight, info.dilationWidth],
        ci,
        co,
      )
    ) {
      const g = { n, h, w, k: ci, oh, ow, c: co, pt: info.padInfo.top, pl: info.padInfo.left };
      return conv3x3WinogradFilterGrad(backend, rt, x, dy, g);
    }
    const dw = backend.makeOutput(filterShape, 'float32');
    const scratch = backend.makeOutput(
      [Math.max(1, rt.exports.conv2d_filter_grad_scratch(n, info.outHeight, kh, kw, ci, co))],
      'float32',
    );
    rt.exports.conv2d_filter_grad(
      rt.pool,
      addressOf(backend, x),
      addressOf(backend, dy),
      addressOf(backend, dw),
      addressOf(backend, scratch),
      n,
      h,
      w,
      ci,
      info.outHeight,
      info.outWidth,
      co,
      kh,
      kw,
      info.strideHeight,
      info.strideWidth,
      info.dilationHeight,
      info.dilationWidth,
      info.padInfo.top,
      info.padInfo.left,
    );
    free(backend, scratch);
    return dw;
  }
  // No C kernels yet (a browser main thread before setup awaited them): XNNPACK's convolution.
  return convBackpropFilterAsConv(
    backend,
    x,
    dy,
    filterShape,
    [info.strideHeight, info.strideWidth],
    [info.dilationHeight, info.dilationWidth],
    info.padInfo,
  );
}

/** `Conv2DBackpropFilter` for the wasm backend (stock wasm has none). */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
