import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, type BlockActivation, convBn } from './conv-bn';
import { DropPath } from './drop-path';
import type { SeedSequence } from './seed-sequence';

/**
 * Joins a residual branch to its shortcut: optional drop-path on the branch, a 1×1
 * conv + BN projection when shape changes (ResNet option B), the sum, then an optional
 * activation. Layer names `${name}_drop_path`, `${name}_shortcut_conv|bn`, `${name}_add`, `${name}_out`.
 */
export function residualJoin(
  input: tfl.SymbolicTensor,
  branch: tfl.SymbolicTensor,
  o: {
    inChannels: number;
    outChannels: number;
    strides: number;
    dropPath: number;
    activation: BlockActivation | null;
    name: string;
    seeds: SeedSequence;
  },
): tfl.SymbolicTensor {
  let shortcut = input;
  if (o.strides !== 1 || o.inChannels !== o.outChannels) {
    shortcut = convBn(input, {
      filters: o.outChannels,
      kernelSize: 1,
      strides: o.strides,
      activation: null,
      name: `${o.name}_shortcut`,
      seeds: o.seeds,
    });
  }
  let b = branch;
  if (o.dropPath > 0)
    b = new DropPath({ rate: o.dropPath, seed: o.seeds.next(), name: `${o.name}_drop_path` }).apply(
      b,
    ) as tfl.SymbolicTensor;
  let y = tfl.layers.add({ name: `${o.name}_add` }).apply([shortcut, b]) as tfl.SymbolicTensor;
  if (o.activation) y = activationLayer(o.activation, `${o.name}_out`).apply(y) as tfl.SymbolicTensor;
  return y;
}

/** timm's linear stochastic-depth rule: block i of B gets rate · i / (B − 1). */
export function dropPathRates(rate: number, blocks: number): number[] {
  return Array.from({ length: blocks }, (_, i) => (blocks > 1 ? (rate * i) / (blocks - 1) : rate));
}
