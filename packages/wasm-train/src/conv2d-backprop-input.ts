import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { conv3x3Winograd, winogradApplies } from './conv3x3-winograd';
import { addressOf, type KernelRuntime, kernelRuntime } from './kernel-runtime';
import { assertFloat32, assertNhwc, callWasm, f32, free, type KernelArgs } from './wasm-kernel-calls';

/**
 * Rotates a filter by 180° and swaps its channel axes: [KH, KW, Ci, Co] → [KH, KW, Co, Ci],
 * so that dx is a forward convolution of dy with it.
 */
function rotatedSwappedFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  const w = f32(backend, filter);
  const r = f32(backend, out);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      const src = (y * kw + x) * ci * co;
      const dst = ((kh - 1 - y) * kw + (kw - 1 - x)) * co * ci;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) r[dst + o * ci + i] = w[src + i * co + o] as number;
      }
    }
  }
  return out;
}

/**
 * Spreads dy onto a zero grid with stride s and pads/crops it, so that a stride-1 'valid'
 * convolution with the rotated filter gives dx: grid[n, top + oh·s, left + ow·s, :] = dy[n, oh, ow, :].
 */
function spreadGrid(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  gh: number,
  gw: number,
  sh: number,
  sw: number,
  top: number,
  left: number,
): tf.TensorInfo {
  const [n, oh, ow, c] = dy.shape as [number, number, number, number];
  const out = backend.makeOutput([n, gh, gw, c], 'float32');
  const g = f32(backend, out);
  const d = f32(backend, dy);
  g.fill(0);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const gy = top + y * sh;
      if (gy < 0 || gy >= gh) continue;
      for (let x = 0; x < ow; x++) {
        const gx = left + x * sw;
        if (gx < 0 || gx >= gw) continue;
        const src = ((b * oh + y) * ow + x) * c;
        g.set(d.subarray(src, src + c), ((b * gh + gy) * gw + gx) * c);
      }
    }
  }
  return out;
}

/**
 * dx of a 2-D convolution as one forward convolution on XNNPACK: dy (spread by the stride)
 * convolved with the filter rotated by 180° and with its channel axes swapped.
 *
 * @param dy     [N, OH, OW, Co] float32.
 * @param filter [KH, KW, Ci, Co] float32.
 * @returns      [N, H, W, Ci] float32 = inputShape.
 */
export function convBackpropInputAsConv(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const {
    inHeight: h,
    inWidth: w,
    filterHeight: kh,
    filterWidth: kw,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const { dilationHeight: dh, dilationWidth: dw, outHeight: oh, outWidth: ow } = info;
  // Padding of dy before the stride-1 convolution with the rotated filter.
  const top = (kh - 1) * dh - info.padInfo.top;
  const left = (kw - 1) * dw - info.padInfo.left;
  const bottom = h + info.padInfo.top - (oh - 1) * sh - 1;
  const right = w + info.padInfo.left - (ow - 1) * sw - 1;
  const rot = rotatedSwappedFilter(backend, filter);
  try {
    if (sh === 1 && sw === 1 && top >= 0 && left >= 0 && bottom >= 0 && right >= 0) {
      // XNNPACK pads on the fly: no copy of dy.
      return callWasm(
        'Conv2D',
        backend,
        { x: dy, filter: rot },
        {
          strides: [1, 1],
          dilations: [dh, dw],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        },
      );
    }
    const grid = spreadGrid(backend, dy, h + (kh - 1) * dh, w + (kw - 1) * dw, sh, sw, top, left);
    try {
      return callWasm(
        'Conv2D',
        backend,
        { x: grid, filter: rot },
        { strides: [1, 1], dilations: [dh, dw], pad: 'valid', dataFormat: 'NHWC' },
      );
    } finally {
      free(backend, grid);
    }
  } finally {
    free(backend, rot);
  }
}

/**
 * dx by the C kernels: Winograd F(2×2, 3×3) on dy and the rotated filter for 3×3 stride-1
 * convolutions that suit it; else per output row and stride phase, micro-kernels sum dy · Wᵀ over
 * every tap that reaches the pixels (no zero-spreading for strides).
 */
export function convBackpropInputDirect(
  backend: BackendWasm,
  rt: KernelRuntime,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const strides = [info.strideHeight, info.strideWidth] as const;
  if (winogradApplies('forward', kh, kw, strides, [info.dilationHeight, info.dilationWidth], co, ci)) {
    // dx = dy ⊛ (W rotated by 180°, channels swapped), dy padded by 2 − pad.
    const { batchSize: n, outHeight: h, outWidth: w, inHeight: oh, inWidth: ow } = info;
    const g = { n, h, w, k: co, oh, ow, c: ci, pt: 2 - info.padInfo.top, pl: 2 - info.padInfo.left };
    return conv3x3Winograd(backend, rt, dy, filter, undefined, g, 0, true);
  }
  const dx = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  const scratch = backend.makeOutput(
    [Math.max(1, rt.exports.conv2d_input_grad_scratch(kh, kw, ci, co, rt.threads))],
    'float32',
  );
  rt.exports.conv2d_input_grad(
    rt.pool,
    addressOf(backend, dy),
    addressOf(backend, filter),
    addressOf(backend, dx),
    addressOf(backend, scratch),
    info.batchSize,
    info.inHeight,
    info.inWidth,
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
  return dx;
}

function conv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
    args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  assertNhwc('Conv2DBackpropInput', dataFormat);
  assertFloat32('Conv2DBackpropInput', 'dy', dy);
  assertFloat32('Conv2DBackpropInput', 'filter', filter);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const rt = kernelRuntime(backend);
  if (rt) return convBackpropInputDirect(backend, rt, dy, filter, info);
  return convBackpropInputAsConv(backend, dy, filter, info);
}

/** `Conv2DBackpropInput` for the wasm backend, replacing the stock direct loop. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
