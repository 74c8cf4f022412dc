import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, type BlockActivation } from './conv-bn';
import type { SeedSequence } from './seed-sequence';

/** Options of {@link squeezeExcitation}. */
export interface SqueezeExcitationOptions {
  /** Channels C of the input map. */
  channels: number;
  /** Bottleneck width (C / reduction in SENet, C_in · 0.25 in EfficientNet), ≥ 1. */
  squeezeChannels: number;
  /** Activation of the squeeze layer; default 'relu'. */
  activation?: BlockActivation;
  /** Layer-name prefix: `${name}_pool`, `_reshape`, `_reduce`, `_expand`, `_scale`. */
  name: string;
  seeds: SeedSequence;
}

/**
 * Squeeze-and-excitation (Hu et al. 2018) on a symbolic `[N, H, W, C]` map: global average
 * pool → 1×1 conv to `squeezeChannels` (+ activation) → 1×1 conv to C → sigmoid, multiplied
 * channel-wise onto the input. Parameters: 2·C·S + S + C.
 */
export function squeezeExcitation(x: tfl.SymbolicTensor, o: SqueezeExcitationOptions): tfl.SymbolicTensor {
  let s = tfl.layers.globalAveragePooling2d({ name: `${o.name}_pool` }).apply(x) as tfl.SymbolicTensor;
  s = tfl.layers
    .reshape({ targetShape: [1, 1, o.channels], name: `${o.name}_reshape` })
    .apply(s) as tfl.SymbolicTensor;
  s = tfl.layers
    .conv2d({
      filters: o.squeezeChannels,
      kernelSize: 1,
      kernelInitializer: tfl.initializers.heNormal({ seed: o.seeds.next() }),
      name: `${o.name}_reduce`,
    })
    .apply(s) as tfl.SymbolicTensor;
  s = activationLayer(o.activation ?? 'relu', `${o.name}_reduce_act`).apply(s) as tfl.SymbolicTensor;
  s = tfl.layers
    .conv2d({
      filters: o.channels,
      kernelSize: 1,
      activation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: o.seeds.next() }),
      name: `${o.name}_expand`,
    })
    .apply(s) as tfl.SymbolicTensor;
  return tfl.layers.multiply({ name: `${o.name}_scale` }).apply([x, s]) as tfl.SymbolicTensor;
}
