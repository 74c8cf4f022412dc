// The two benchmark models, in tfjs-layers. torch_step.py builds the same ones in PyTorch.
import * as tfl from '@tensorflow/tfjs-layers';

type Sym = tfl.SymbolicTensor;
const L = tfl.layers;

/** conv3×3(32, same)+ReLU → maxpool2 → conv3×3(64, same)+ReLU → maxpool2 → dense128+ReLU → dense10. */
export function referenceCnn(): tfl.LayersModel {
  const inp = tfl.input({ shape: [28, 28, 1] });
  let h = L.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(inp) as Sym;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as Sym;
  h = L.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(h) as Sym;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as Sym;
  h = L.flatten().apply(h) as Sym;
  h = L.dense({ units: 128, activation: 'relu' }).apply(h) as Sym;
  h = L.dense({ units: 10 }).apply(h) as Sym;
  return tfl.model({ inputs: inp, outputs: h });
}

function convBn(x: Sym, filters: number, kernelSize: number, strides: number, relu: boolean): Sym {
  let h = L.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x) as Sym;
  h = L.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }).apply(h) as Sym;
  return relu ? (L.reLU().apply(h) as Sym) : h;
}

function basicBlock(x: Sym, filters: number, strides: number): Sym {
  let h = convBn(x, filters, 3, strides, true);
  h = convBn(h, filters, 3, 1, false);
  const inFilters = x.shape[3] as number;
  const shortcut = strides !== 1 || inFilters !== filters ? convBn(x, filters, 1, strides, false) : x;
  return L.reLU().apply(L.add().apply([h, shortcut]) as Sym) as Sym;
}

/**
 * ResNet-ish with BatchNorm: stem conv3×3(16)+BN+ReLU → basic blocks 16 (s1), 32 (s2), 64 (s2)
 * (1×1 conv + BN projections where the shape changes) → global average pool → dense10.
 */
export function resnetBn(): tfl.LayersModel {
  const inp = tfl.input({ shape: [28, 28, 1] });
  let h = convBn(inp, 16, 3, 1, true);
  h = basicBlock(h, 16, 1);
  h = basicBlock(h, 32, 2);
  h = basicBlock(h, 64, 2);
  h = L.globalAveragePooling2d({}).apply(h) as Sym;
  h = L.dense({ units: 10 }).apply(h) as Sym;
  return tfl.model({ inputs: inp, outputs: h });
}

export const MODELS = { cnn: referenceCnn, resnet: resnetBn } as const;
export type ModelName = keyof typeof MODELS;
