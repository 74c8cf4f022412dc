import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { conv3x3Winograd, winogradApplies } from './conv3x3-winograd';
import { addressOf, type KernelRuntime, kernelRuntime } from './kernel-runtime';
import { free, type KernelArgs, runStock } from './wasm-kernel-calls';

/** Activations the C kernel fuses (csrc/conv2d_forward.c); others run the stock kernel. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2 };

/**
 * y = act(conv2d(x, W) + bias) by the C kernels: Winograd F(2×2, 3×3) for 3×3 stride-1 filters
 * with channel counts that suit it, else 4-pixel × 8-channel micro-kernels summed over every tap,
 * one output row per thread item. Returns undefined where it does not apply (the caller runs the stock kernel).
 */
function convForwardDirect(
  backend: BackendWasm,
  rt: KernelRuntime,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  attrs: tf.FusedConv2DAttrs,
): tf.TensorInfo | undefined {
  const act = ACTIVATIONS[attrs.activation ?? 'linear'];
  const nhwc = attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC';
  if (act === undefined || !nhwc || x.dtype !== 'float32' || filter.dtype !== 'float32') return undefined;
  const [co] = filter.shape.slice(3) as [number];
  if (bias && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== co)) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const strides = [info.strideHeight, info.strideWidth] as const;
  const dilations = [info.dilationHeight, info.dilationWidth] as const;
  if (
    winogradApplies('forward', info.filterHeight, info.filterWidth, strides, dilations, info.inChannels, co)
  ) {
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: k, outHeight: oh, outWidth: ow } = info;
    const g = { n, h, w, k, oh, ow, c: co, pt: info.padInfo.top, pl: info.padInfo.left };
    return conv3x3Winograd(backend, rt, x, filter, bias, g, act, false);
  }
  const y = backend.makeOutput(info.outShape, 'float32');
  const taps = backend.makeOutput(
    [rt.exports.conv2d_taps_size(info.filterHeight, info.filterWidth)],
    'int32',
  );
  rt.exports.conv2d_forward(
    rt.pool,
    addressOf(backend, x),
    addressOf(backend, filter),
    bias ? addressOf(backend, bias) : 0,
    addressOf(backend, y),
    addressOf(backend, taps),
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
    act,
  );
  free(backend, taps);
  return y;
}

function conv2d(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const rt = kernelRuntime(backend);
  const attrs = { ...(args.attrs as unknown as tf.Conv2DAttrs), activation: 'linear' } as tf.FusedConv2DAttrs;
  return (rt && convForwardDirect(backend, rt, x, filter, undefined, attrs)) ?? runStock(tf.Conv2D, args);
}

function fusedConv2d(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, filter, bias, preluActivationWeights } = args.inputs as Record<
    string,
    tf.TensorInfo | undefined
  >;
  const rt = kernelRuntime(backend);
  const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
  const direct =
    rt && !preluActivationWeights
      ? convForwardDirect(backend, rt, x as tf.TensorInfo, filter as tf.TensorInfo, bias, attrs)
      : undefined;
  return direct ?? runStock(tf.FusedConv2D, args);
}

/** `Conv2D` on wasm by the C kernel (NHWC float32), else the stock XNNPACK kernel. */
export const conv2dConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: 'wasm',
  kernelFunc: conv2d as unknown as tf.KernelFunc,
};

/** `FusedConv2D` on wasm by the C kernel (bias; linear / ReLU / ReLU6), else the stock kernel. */
export const fusedConv2dConfig: tf.KernelConfig = {
  kernelName: tf.FusedConv2D,
  backendName: 'wasm',
  kernelFunc: fusedConv2d as unknown as tf.KernelFunc,
};
