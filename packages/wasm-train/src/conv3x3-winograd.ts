import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';
import { addressOf, type KernelRuntime } from './kernel-runtime';
import { free } from './wasm-kernel-calls';

/** Geometry of a 3×3 stride-1 convolution the Winograd kernel (csrc/conv3x3_winograd.c) runs. */
export interface Winograd3x3Geometry {
  n: number;
  /** Input height and width, channels K. */
  h: number;
  w: number;
  k: number;
  /** Output height and width, channels C. */
  oh: number;
  ow: number;
  c: number;
  /** Top and left padding (may be negative: the input is cropped there). */
  pt: number;
  pl: number;
}

/** The geometry in the C kernels' argument order: n, h, w, k, oh, ow, c, pt, pl. */
function geometryArgs(g: Winograd3x3Geometry): number[] {
  return [g.n, g.h, g.w, g.k, g.oh, g.ow, g.c, g.pt, g.pl];
}

let enabled = true;
let filterGradient = true;

/** Options of {@link useWinograd}. */
export interface WinogradOptions {
  /**
   * Also the filter gradient (dW), 1.2–1.9× faster than the direct kernel; default true. Its
   * transforms cancel large terms, so its rounding is a few times the direct sums' (still
   * ≤ 1e-4 of the largest entry against the cpu backend, tested). `false` keeps the direct dW.
   * It was off by default until the 30-step trajectory check stopped amplifying rounding noise
   * (Adam's epsilon there: bench/train-step/trajectory.ts); with it on, every bench model
   * follows cpu within 1e-5.
   */
  filterGradient?: boolean;
}

/**
 * Turns the Winograd F(2×2, 3×3) kernels for 3×3 stride-1 convolutions on (the default, for the
 * forward, the input gradient and, unless `options.filterGradient` is false, the filter gradient) or off (the direct kernels for every convolution). Their
 * results differ from the direct sums only by rounding (≤ 1e-4 relative), but not bit for bit:
 * a run that must continue exactly as it began on the direct kernels (a resumed checkpoint of an
 * older version) turns them off; benches use it to compare. Like `torch.backends.cudnn`'s
 * algorithm choice.
 */
export function useWinograd(on: boolean, options: WinogradOptions = {}): void {
  enabled = on;
  filterGradient = options.filterGradient ?? true;
}

/** Whether {@link useWinograd} has the Winograd kernels on, and for the filter gradient too. */
export function winogradEnabled(): { forward: boolean; filterGradient: boolean } {
  return { forward: enabled, filterGradient: enabled && filterGradient };
}

/**
 * Whether F(2×2, 3×3) is on for `kind` (the forward and dx, or dW; {@link useWinograd}) and
 * applies and pays: a 3×3 filter, stride and dilation 1, both channel counts
 * multiples of 4 and at least 8 (below that the transforms cost more than the 2.25× fewer
 * multiplies save; the direct kernel takes those).
 */
export function winogradApplies(
  kind: 'forward' | 'filterGradient',
  kh: number,
  kw: number,
  strides: readonly [number, number],
  dilations: readonly [number, number],
  k: number,
  c: number,
): boolean {
  const channels = (m: number) => m >= 8 && m % 4 === 0;
  return (
    enabled &&
    (kind === 'forward' || filterGradient) &&
    kh === 3 &&
    kw === 3 &&
    strides[0] === 1 &&
    strides[1] === 1 &&
    dilations[0] === 1 &&
    dilations[1] === 1 &&
    channels(k) &&
    channels(c)
  );
}

/**
 * y [N, OH, OW, C] = act(bias + x ⊛ g) by Winograd F(2×2, 3×3), x [N, H, W, K] float32, with
 * g = filter [3, 3, K, C] (`rotated` false: a forward convolution) or filter [3, 3, C, K] rotated
 * by 180° with its channel axes swapped (`rotated` true: an input gradient, x = dy).
 * `activation`: 0 linear, 1 ReLU, 2 ReLU6.
 */
export function conv3x3Winograd(
  backend: BackendWasm,
  rt: KernelRuntime,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  g: Winograd3x3Geometry,
  activation: number,
  rotated: boolean,
): tf.TensorInfo {
  const y = backend.makeOutput([g.n, g.oh, g.ow, g.c], 'float32');
  const scratch = backend.makeOutput(
    [rt.exports.conv3x3_winograd_scratch(g.k, g.c, g.ow, rt.threads)],
    'float32',
  );
  rt.exports.conv3x3_winograd(
    rt.pool,
    addressOf(backend, x),
    addressOf(backend, filter),
    bias ? addressOf(backend, bias) : 0,
    addressOf(backend, y),
    addressOf(backend, scratch),
    ...geometryArgs(g),
    activation,
    rotated ? 1 : 0,
  );
  free(backend, scratch);
  return y;
}

/**
 * dW [3, 3, Ci, Co] of a 3×3 stride-1 convolution by Winograd F(2×2, 3×3): x [N, H, W, Ci] and
 * dy [N, OH, OW, Co] float32, `g` with k = Ci and c = Co.
 */
export function conv3x3WinogradFilterGrad(
  backend: BackendWasm,
  rt: KernelRuntime,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: Winograd3x3Geometry,
): tf.TensorInfo {
  const dw = backend.makeOutput([3, 3, g.k, g.c], 'float32');
  const floats = rt.exports.conv3x3_winograd_filter_grad_scratch(g.n, g.oh, g.ow, g.k, g.c, rt.threads);
  const scratch = backend.makeOutput([floats], 'float32');
  rt.exports.conv3x3_winograd_filter_grad(
    rt.pool,
    addressOf(backend, x),
    addressOf(backend, dy),
    addressOf(backend, dw),
    addressOf(backend, scratch),
    ...geometryArgs(g),
  );
  free(backend, scratch);
  return dw;
}
