import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, type BlockActivation, convBn } from './conv-bn';
import { DropPath } from './drop-path';
import type { SeedSequence } from './seed-sequence';
import { squeezeExcitation } from './squeeze-excitation';

/** Options of {@link mbConvBlock}. */
export interface MbConvOptions {
  inChannels: number;
  outChannels: number;
  /** Expansion ratio t of the inverted bottleneck (1 skips the expansion conv). */
  expandRatio: number;
  /** Depthwise kernel side (3 or 5 in EfficientNet). */
  kernelSize: number;
  strides: number;
  /** SE squeeze width = max(1, ⌊inChannels · seRatio⌋); 0 disables SE (EfficientNet-Lite proper). */
  seRatio: number;
  activation: BlockActivation;
  /** Drop-path rate of the residual branch (only used when the block is residual). */
  dropPath: number;
  /** Layer-name prefix. */
  name: string;
  seeds: SeedSequence;
}

/**
 * MBConv (MobileNetV2 inverted residual + SE, as in EfficientNet) on a symbolic NHWC map:
 * 1×1 expand to t·C_in (BN, act) → k×k depthwise (stride, BN, act) → SE → 1×1 project to
 * C_out (BN, linear) → + input (with drop-path) when stride 1 and C_in = C_out.
 * Parameters: expand C_in·tC_in + 4tC_in, depthwise k²·tC_in + 4tC_in, SE, project tC_in·C_out + 4C_out.
 */
export function mbConvBlock(x: tfl.SymbolicTensor, o: MbConvOptions): tfl.SymbolicTensor {
  const expanded = o.inChannels * o.expandRatio;
  let y = x;
  if (o.expandRatio !== 1) {
    y = convBn(y, {
      filters: expanded,
      kernelSize: 1,
      activation: o.activation,
      name: `${o.name}_expand`,
      seeds: o.seeds,
    });
  }
  y = tfl.layers
    .depthwiseConv2d({
      kernelSize: o.kernelSize,
      strides: o.strides,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: tfl.initializers.heNormal({ seed: o.seeds.next() }),
      name: `${o.name}_dw_conv`,
    })
    .apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.batchNormalization({ name: `${o.name}_dw_bn` }).apply(y) as tfl.SymbolicTensor;
  y = activationLayer(o.activation, `${o.name}_dw_act`).apply(y) as tfl.SymbolicTensor;
  if (o.seRatio > 0) {
    const squeeze = Math.max(1, Math.floor(o.inChannels * o.seRatio));
    y = squeezeExcitation(y, {
      channels: expanded,
      squeezeChannels: squeeze,
      activation: o.activation,
      name: `${o.name}_se`,
      seeds: o.seeds,
    });
  }
  y = convBn(y, {
    filters: o.outChannels,
    kernelSize: 1,
    activation: null,
    name: `${o.name}_project`,
    seeds: o.seeds,
  });
  if (o.strides === 1 && o.inChannels === o.outChannels) {
    if (o.dropPath > 0)
      y = new DropPath({ rate: o.dropPath, seed: o.seeds.next(), name: `${o.name}_drop_path` }).apply(
        y,
      ) as tfl.SymbolicTensor;
    y = tfl.layers.add({ name: `${o.name}_add` }).apply([x, y]) as tfl.SymbolicTensor;
  }
  return y;
}
