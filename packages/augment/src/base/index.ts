export { augment, augmentImages } from './augment';
export type { Augmentation, ImageShape } from './augmentation';
export type { Box } from './box';
export type { GatedParams, GateOptions } from './gate';
export type { PixelWindows } from './pixel-windows';
