export type { Augmentation, ImageShape } from './augmentation';
export * from './color/index';
export * from './containers/index';
export * from './geometric/index';
export * from './mix/index';
export * from './photometric/index';
export * from './policies/index';
export * from './random/index';
export * from './tta/index';
