import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { assertInteger, assertOneOf, TricksError } from '@tftricks/core';

/** Arguments of {@link GroupedConv2D}. */
export interface GroupedConv2DArgs extends LayerArgs {
  /** Output channels; divisible by `groups`. */
  filters: number;
  /** Square kernel side. */
  kernelSize: number;
  /** Number of groups g ≥ 1; input channels must be divisible by g. */
  groups: number;
  /** Square stride; default 1. */
  strides?: number;
  /** Default 'same'. */
  padding?: 'same' | 'valid';
  /** Add a bias per output channel; default false (a BatchNorm follows). */
  useBias?: boolean;
  /** Seed of the He-normal kernel initialiser; omit for unseeded. */
  seed?: number;
}

/**
 * A grouped 2-D convolution (ResNeXt's "cardinality"), which tfjs-layers lacks: the input's
 * C channels are split into g groups of C/g, group i is convolved with its own
 * `[k, k, C/g, filters/g]` kernel, and the results are concatenated. Parameters:
 * k²·(C/g)·filters (+ filters bias). NHWC in and out. Serialised as `TricksGroupedConv2D`.
 */
export class GroupedConv2D extends tfl.layers.Layer {
  static className = 'TricksGroupedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly groups: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly useBias: boolean;
  readonly seed: number | undefined;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  constructor(args: GroupedConv2DArgs) {
    super(args);
    const fn = 'GroupedConv2D';
    assertInteger(fn, 'args.filters', args?.filters, 1);
    assertInteger(fn, 'args.kernelSize', args.kernelSize, 1);
    assertInteger(fn, 'args.groups', args.groups, 1);
    const strides = args.strides ?? 1;
    assertInteger(fn, 'args.strides', strides, 1);
    const padding = args.padding ?? 'same';
    assertOneOf(fn, 'args.padding', padding, ['same', 'valid'] as const);
    if (args.filters % args.groups !== 0) {
      throw new TricksError(fn, 'args.filters', `a multiple of groups = ${args.groups}`, `${args.filters}`);
    }
    if (args.seed !== undefined && args.seed !== null) assertInteger(fn, 'args.seed', args.seed, 0);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.groups = args.groups;
    this.strides = strides;
    this.padding = padding;
    this.useBias = args.useBias ?? false;
    this.seed = args.seed ?? undefined;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const c = s[3];
    if (s.length !== 4 || c == null || c % this.groups !== 0) {
      throw new TricksError(
        'GroupedConv2D',
        'inputs',
        `NHWC input with channels divisible by groups = ${this.groups}`,
        `shape [${s.join(', ')}]`,
      );
    }
    const k = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [k, k, c / this.groups, this.filters],
      'float32',
      tfl.initializers.heNormal({ seed: this.seed }),
    );
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const out = (d: number | null) =>
      d == null
        ? null
        : this.padding === 'same'
          ? Math.ceil(d / this.strides)
          : Math.ceil((d - this.kernelSize + 1) / this.strides);
    return [s[0] ?? null, out(s[1] ?? null), out(s[2] ?? null), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const kernel = this.kernel!.read() as tf.Tensor4D;
      let y: tf.Tensor;
      if (this.groups === 1) {
        y = tf.conv2d(x, kernel, this.strides, this.padding);
      } else {
        const xs = tf.split(x, this.groups, 3) as tf.Tensor4D[];
        const ks = tf.split(kernel, this.groups, 3) as tf.Tensor4D[];
        y = tf.concat(
          xs.map((xi, i) => tf.conv2d(xi, ks[i]!, this.strides, this.padding)),
          3,
        );
      }
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      groups: this.groups,
      strides: this.strides,
      padding: this.padding,
      useBias: this.useBias,
      seed: this.seed ?? null,
    };
  }
}
tf.serialization.registerClass(GroupedConv2D);
