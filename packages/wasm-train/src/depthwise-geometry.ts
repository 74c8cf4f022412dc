import * as tf from '@tensorflow/tfjs-core';

/** The sizes a depthwise-convolution gradient loops over (names as in the kernels' formulas). */
export interface DepthwiseGeometry {
  /** Batch, input height, width and channels. */
  n: number;
  h: number;
  w: number;
  c: number;
  /** Output height and width; output channels oc = c·m with channel multiplier m. */
  oh: number;
  ow: number;
  oc: number;
  m: number;
  /** Filter size, strides, dilations, and the top / left padding. */
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  pt: number;
  pl: number;
}

/** {@link DepthwiseGeometry} of a depthwise conv of `[N, H, W, C]` by `[KH, KW, C, m]` (tfjs's own shape rules). */
export function depthwiseGeometry(
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: Pick<tf.DepthwiseConv2dNativeAttrs, 'strides' | 'dilations' | 'pad' | 'dimRoundingMode'>,
): DepthwiseGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const c = info.inChannels;
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    c,
    oh: info.outHeight,
    ow: info.outWidth,
    oc: info.outChannels,
    m: info.outChannels / c,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    dh: info.dilationHeight,
    dw: info.dilationWidth,
    pt: info.padInfo.top,
    pl: info.padInfo.left,
  };
}
