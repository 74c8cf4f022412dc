// The benchmark models, in tfjs-layers (input size×size×1, 28 by default; 10 logits). torch_step.py does not
// re-implement them: run.ts writes each one's layer graph and initial weights (twin-spec.ts) and
// the PyTorch side builds its twin from that, so both start from the same weights.
import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { efficientNetLite, resnet, seResNeXt } from '@tftricks/models';

type Sym = tfl.SymbolicTensor;
const L = tfl.layers;

/** Fixed initialiser seeds, one per layer, so every run builds bit-identical weights. */
function seeds(base: number): () => Initializer {
  let next = base;
  return () => tfl.initializers.glorotUniform({ seed: next++ });
}

/** conv3×3(32, same)+ReLU → maxpool2 → conv3×3(64, same)+ReLU → maxpool2 → dense128+ReLU → dense10. */
export function referenceCnn(size = 28): tfl.LayersModel {
  const init = seeds(100);
  const inp = tfl.input({ shape: [size, size, 1] });
  const conv = (filters: number) =>
    L.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() });
  let h = conv(32).apply(inp) as Sym;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as Sym;
  h = conv(64).apply(h) as Sym;
  h = L.maxPooling2d({ poolSize: 2 }).apply(h) as Sym;
  h = L.flatten().apply(h) as Sym;
  h = L.dense({ units: 128, activation: 'relu', kernelInitializer: init() }).apply(h) as Sym;
  h = L.dense({ units: 10, kernelInitializer: init() }).apply(h) as Sym;
  return tfl.model({ inputs: inp, outputs: h });
}

/** conv (no bias, 'same') → BN (PyTorch's defaults: ε 1e-5, momentum 0.1 = Keras 0.9) → ReLU. */
function convBn(
  x: Sym,
  init: () => Initializer,
  filters: number,
  kernelSize: number,
  strides: number,
  relu: boolean,
): Sym {
  let h = L.conv2d({
    filters,
    kernelSize,
    strides,
    padding: 'same',
    useBias: false,
    kernelInitializer: init(),
  }).apply(x) as Sym;
  h = L.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }).apply(h) as Sym;
  return relu ? (L.reLU().apply(h) as Sym) : h;
}

/** Two 3×3 conv-BN (ReLU between), 1×1 conv-BN projection where the shape changes, add, ReLU. */
function basicBlock(x: Sym, init: () => Initializer, filters: number, strides: number): Sym {
  let h = convBn(x, init, filters, 3, strides, true);
  h = convBn(h, init, filters, 3, 1, false);
  const inFilters = x.shape[3] as number;
  const shortcut = strides !== 1 || inFilters !== filters ? convBn(x, init, filters, 1, strides, false) : x;
  return L.reLU().apply(L.add().apply([h, shortcut]) as Sym) as Sym;
}

/** Stem conv3×3+BN+ReLU → one basic block per stage (stride 1, then 2) → GAP → dense10. */
function smallResnet(stem: number, widths: number[], seed: number, size: number): tfl.LayersModel {
  const init = seeds(seed);
  const inp = tfl.input({ shape: [size, size, 1] });
  let h = convBn(inp, init, stem, 3, 1, true);
  widths.forEach((w, i) => {
    h = basicBlock(h, init, w, i === 0 ? 1 : 2);
  });
  h = L.globalAveragePooling2d({}).apply(h) as Sym;
  h = L.dense({ units: 10, kernelInitializer: init() }).apply(h) as Sym;
  return tfl.model({ inputs: inp, outputs: h });
}

/** The bench's first BN ResNet: stem 16, basic blocks 16 (s1), 32 (s2), 64 (s2). */
export const resnetBn = (size = 28): tfl.LayersModel => smallResnet(16, [16, 32, 64], 200, size);

/** CIFAR-style ResNet-8: stem 32, basic blocks 32 (s1), 64 (s2), 128 (s2), projections. */
export const resnet8 = (size = 28): tfl.LayersModel => smallResnet(32, [32, 64, 128], 300, size);

/** Plain BN CNN: (conv3×3-BN-ReLU ×2) per stage at 32/64/128, 2×2 max-pool between, GAP, dense10. */
export function bnCnn(size = 28): tfl.LayersModel {
  const init = seeds(400);
  const inp = tfl.input({ shape: [size, size, 1] });
  let h: Sym = inp;
  [32, 64, 128].forEach((w, i) => {
    if (i > 0) h = L.maxPooling2d({ poolSize: 2 }).apply(h) as Sym;
    h = convBn(h, init, w, 3, 1, true);
    h = convBn(h, init, w, 3, 1, true);
  });
  h = L.globalAveragePooling2d({}).apply(h) as Sym;
  h = L.dense({ units: 10, kernelInitializer: init() }).apply(h) as Sym;
  return tfl.model({ inputs: inp, outputs: h });
}

/**
 * MobileNet-style: stem conv3×3(32)+BN+ReLU, then depthwise-separable blocks (depthwise 3×3 +
 * BN + ReLU, pointwise 1×1 + BN + ReLU) 32→64 (s1), 64→128 (s2), 128→128 (s1), 128→256 (s2),
 * GAP, dense10.
 */
export function mobileNet(size = 28): tfl.LayersModel {
  const init = seeds(500);
  const inp = tfl.input({ shape: [size, size, 1] });
  let h = convBn(inp, init, 32, 3, 1, true);
  for (const [filters, strides] of [
    [64, 1],
    [128, 2],
    [128, 1],
    [256, 2],
  ] as const) {
    h = L.depthwiseConv2d({
      kernelSize: 3,
      strides,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: init(),
    }).apply(h) as Sym;
    h = L.reLU().apply(L.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }).apply(h) as Sym) as Sym;
    h = convBn(h, init, filters, 1, 1, true);
  }
  h = L.globalAveragePooling2d({}).apply(h) as Sym;
  h = L.dense({ units: 10, kernelInitializer: init() }).apply(h) as Sym;
  return tfl.model({ inputs: inp, outputs: h });
}

// The builders seed their initialisers only when given `seed` (unseeded otherwise), so it is
// passed; every other option stays at its default.
const builderOptions = (size: number) => ({
  inputShape: [size, size, 1] as [number, number, number],
  numClasses: 10,
  seed: 1,
});

/** Every bench model by name; `size` is the input's side (28 in the bench, smaller in tests). */
export const MODELS: Record<
  | 'cnn'
  | 'resnet'
  | 'bncnn'
  | 'resnet8'
  | 'mobilenet'
  | 'models-resnet'
  | 'models-efficientnet'
  | 'models-seresnext',
  (size?: number) => tfl.LayersModel
> = {
  cnn: referenceCnn,
  resnet: resnetBn,
  bncnn: bnCnn,
  resnet8,
  mobilenet: mobileNet,
  'models-resnet': (size = 28) => resnet(builderOptions(size)),
  'models-efficientnet': (size = 28) => efficientNetLite(builderOptions(size)),
  'models-seresnext': (size = 28) => seResNeXt(builderOptions(size)),
};
export type ModelName = keyof typeof MODELS;
export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(MODELS, name);
}
