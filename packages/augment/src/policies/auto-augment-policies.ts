import type { PolicyStep } from './policy-ops';

/** A sub-policy row as published: `[op, probability, magnitude bin | null]` per step. */
type Row = readonly (readonly [PolicyStep['op'], number, number | null])[];

/** The ImageNet policy of Cubuk et al. 2019, as torchvision 0.14 `AutoAugmentPolicy.IMAGENET` (25 sub-policies, magnitude bins of 10). */
export const IMAGENET_POLICY: readonly Row[] = [
  [
    ['Posterize', 0.4, 8],
    ['Rotate', 0.6, 9],
  ],
  [
    ['Solarize', 0.6, 5],
    ['AutoContrast', 0.6, null],
  ],
  [
    ['Equalize', 0.8, null],
    ['Equalize', 0.6, null],
  ],
  [
    ['Posterize', 0.6, 7],
    ['Posterize', 0.6, 6],
  ],
  [
    ['Equalize', 0.4, null],
    ['Solarize', 0.2, 4],
  ],
  [
    ['Equalize', 0.4, null],
    ['Rotate', 0.8, 8],
  ],
  [
    ['Solarize', 0.6, 3],
    ['Equalize', 0.6, null],
  ],
  [
    ['Posterize', 0.8, 5],
    ['Equalize', 1.0, null],
  ],
  [
    ['Rotate', 0.2, 3],
    ['Solarize', 0.6, 8],
  ],
  [
    ['Equalize', 0.6, null],
    ['Posterize', 0.4, 6],
  ],
  [
    ['Rotate', 0.8, 8],
    ['Color', 0.4, 0],
  ],
  [
    ['Rotate', 0.4, 9],
    ['Equalize', 0.6, null],
  ],
  [
    ['Equalize', 0.0, null],
    ['Equalize', 0.8, null],
  ],
  [
    ['Invert', 0.6, null],
    ['Equalize', 1.0, null],
  ],
  [
    ['Color', 0.6, 4],
    ['Contrast', 1.0, 8],
  ],
  [
    ['Rotate', 0.8, 8],
    ['Color', 1.0, 2],
  ],
  [
    ['Color', 0.8, 8],
    ['Solarize', 0.8, 7],
  ],
  [
    ['Sharpness', 0.4, 7],
    ['Invert', 0.6, null],
  ],
  [
    ['ShearX', 0.6, 5],
    ['Equalize', 1.0, null],
  ],
  [
    ['Color', 0.4, 0],
    ['Equalize', 0.6, null],
  ],
  [
    ['Equalize', 0.4, null],
    ['Solarize', 0.2, 4],
  ],
  [
    ['Solarize', 0.6, 5],
    ['AutoContrast', 0.6, null],
  ],
  [
    ['Invert', 0.6, null],
    ['Equalize', 1.0, null],
  ],
  [
    ['Color', 0.6, 4],
    ['Contrast', 1.0, 8],
  ],
  [
    ['Equalize', 0.8, null],
    ['Equalize', 0.6, null],
  ],
];

/** The CIFAR-10 policy of Cubuk et al. 2019, as torchvision 0.14 `AutoAugmentPolicy.CIFAR10` (25 sub-policies, magnitude bins of 10). */
export const CIFAR10_POLICY: readonly Row[] = [
  [
    ['Invert', 0.1, null],
    ['Contrast', 0.2, 6],
  ],
  [
    ['Rotate', 0.7, 2],
    ['TranslateX', 0.3, 9],
  ],
  [
    ['Sharpness', 0.8, 1],
    ['Sharpness', 0.9, 3],
  ],
  [
    ['ShearY', 0.5, 8],
    ['TranslateY', 0.7, 9],
  ],
  [
    ['AutoContrast', 0.5, null],
    ['Equalize', 0.9, null],
  ],
  [
    ['ShearY', 0.2, 7],
    ['Posterize', 0.3, 7],
  ],
  [
    ['Color', 0.4, 3],
    ['Brightness', 0.6, 7],
  ],
  [
    ['Sharpness', 0.3, 9],
    ['Brightness', 0.7, 9],
  ],
  [
    ['Equalize', 0.6, null],
    ['Equalize', 0.5, null],
  ],
  [
    ['Contrast', 0.6, 7],
    ['Sharpness', 0.6, 5],
  ],
  [
    ['Color', 0.7, 7],
    ['TranslateX', 0.5, 8],
  ],
  [
    ['Equalize', 0.3, null],
    ['AutoContrast', 0.4, null],
  ],
  [
    ['TranslateY', 0.4, 3],
    ['Sharpness', 0.2, 6],
  ],
  [
    ['Brightness', 0.9, 6],
    ['Color', 0.2, 8],
  ],
  [
    ['Solarize', 0.5, 2],
    ['Invert', 0.0, null],
  ],
  [
    ['Equalize', 0.2, null],
    ['AutoContrast', 0.6, null],
  ],
  [
    ['Equalize', 0.2, null],
    ['Equalize', 0.6, null],
  ],
  [
    ['Color', 0.9, 9],
    ['Equalize', 0.6, null],
  ],
  [
    ['AutoContrast', 0.8, null],
    ['Solarize', 0.2, 8],
  ],
  [
    ['Brightness', 0.1, 3],
    ['Color', 0.7, 0],
  ],
  [
    ['Solarize', 0.4, 5],
    ['AutoContrast', 0.9, null],
  ],
  [
    ['TranslateY', 0.9, 9],
    ['TranslateY', 0.7, 9],
  ],
  [
    ['AutoContrast', 0.9, null],
    ['Solarize', 0.8, 3],
  ],
  [
    ['Equalize', 0.8, null],
    ['Invert', 0.1, null],
  ],
  [
    ['TranslateY', 0.7, 9],
    ['AutoContrast', 0.9, null],
  ],
];

/** The SVHN policy of Cubuk et al. 2019, as torchvision 0.14 `AutoAugmentPolicy.SVHN` (25 sub-policies, magnitude bins of 10). */
export const SVHN_POLICY: readonly Row[] = [
  [
    ['ShearX', 0.9, 4],
    ['Invert', 0.2, null],
  ],
  [
    ['ShearY', 0.9, 8],
    ['Invert', 0.7, null],
  ],
  [
    ['Equalize', 0.6, null],
    ['Solarize', 0.6, 6],
  ],
  [
    ['Invert', 0.9, null],
    ['Equalize', 0.6, null],
  ],
  [
    ['Equalize', 0.6, null],
    ['Rotate', 0.9, 3],
  ],
  [
    ['ShearX', 0.9, 4],
    ['AutoContrast', 0.8, null],
  ],
  [
    ['ShearY', 0.9, 8],
    ['Invert', 0.4, null],
  ],
  [
    ['ShearY', 0.9, 5],
    ['Solarize', 0.2, 6],
  ],
  [
    ['Invert', 0.9, null],
    ['AutoContrast', 0.8, null],
  ],
  [
    ['Equalize', 0.6, null],
    ['Rotate', 0.9, 3],
  ],
  [
    ['ShearX', 0.9, 4],
    ['Solarize', 0.3, 3],
  ],
  [
    ['ShearY', 0.8, 8],
    ['Invert', 0.7, null],
  ],
  [
    ['Equalize', 0.9, null],
    ['TranslateY', 0.6, 6],
  ],
  [
    ['Invert', 0.9, null],
    ['Equalize', 0.6, null],
  ],
  [
    ['Contrast', 0.3, 3],
    ['Rotate', 0.8, 4],
  ],
  [
    ['Invert', 0.8, null],
    ['TranslateY', 0.0, 2],
  ],
  [
    ['ShearY', 0.7, 6],
    ['Solarize', 0.4, 8],
  ],
  [
    ['Invert', 0.6, null],
    ['Rotate', 0.8, 4],
  ],
  [
    ['ShearY', 0.3, 7],
    ['TranslateX', 0.9, 3],
  ],
  [
    ['ShearX', 0.1, 6],
    ['Invert', 0.6, null],
  ],
  [
    ['Solarize', 0.7, 2],
    ['TranslateY', 0.6, 7],
  ],
  [
    ['ShearY', 0.8, 4],
    ['Invert', 0.8, null],
  ],
  [
    ['ShearX', 0.7, 9],
    ['TranslateY', 0.8, 3],
  ],
  [
    ['ShearY', 0.8, 5],
    ['AutoContrast', 0.7, null],
  ],
  [
    ['ShearX', 0.7, 2],
    ['Invert', 0.1, null],
  ],
];
