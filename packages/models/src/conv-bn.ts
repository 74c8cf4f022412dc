import * as tfl from '@tensorflow/tfjs-layers';
import { heNormal } from './classifier-options';
import { GroupedConv2D } from './grouped-conv-2d';
import type { SeedSequence } from './seed-sequence';

/** Activations the builders use. `relu6` is EfficientNet-Lite's quantisation-friendly choice. */
export type BlockActivation = 'relu' | 'relu6' | 'swish' | 'gelu';

/** An activation layer named `name`. */
export function activationLayer(activation: BlockActivation, name: string): tfl.layers.Layer {
  if (activation === 'relu') return tfl.layers.reLU({ name });
  if (activation === 'relu6') return tfl.layers.reLU({ maxValue: 6, name });
  return tfl.layers.activation({ activation, name });
}

export interface ConvBnOptions {
  filters: number;
  kernelSize: number;
  strides?: number;
  /** > 1: a {@link GroupedConv2D}. */
  groups?: number;
  /** Activation after BN, or `null` for none (projection convs). */
  activation: BlockActivation | null;
  /** Layer-name prefix: `${name}_conv`, `${name}_bn`, `${name}_act`. */
  name: string;
  seeds: SeedSequence;
}

/** Conv (no bias) → BatchNorm → activation: the unit every CNN builder is made of. */
export function convBn(x: tfl.SymbolicTensor, o: ConvBnOptions): tfl.SymbolicTensor {
  const common = {
    filters: o.filters,
    kernelSize: o.kernelSize,
    strides: o.strides ?? 1,
    padding: 'same' as const,
    useBias: false,
    name: `${o.name}_conv`,
  };
  const conv =
    (o.groups ?? 1) > 1
      ? new GroupedConv2D({ ...common, groups: o.groups!, seed: o.seeds.next() })
      : tfl.layers.conv2d({ ...common, kernelInitializer: heNormal(o.seeds) });
  let y = conv.apply(x) as tfl.SymbolicTensor;
  y = tfl.layers.batchNormalization({ name: `${o.name}_bn` }).apply(y) as tfl.SymbolicTensor;
  if (o.activation) y = activationLayer(o.activation, `${o.name}_act`).apply(y) as tfl.SymbolicTensor;
  return y;
}
