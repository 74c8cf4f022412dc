export { type ClassifierOptions } from './classifier-options';
export { simpleCnn, type SimpleCnnOptions } from './simple-cnn';
export { DropPath, dropPath, type DropPathArgs } from './drop-path';
export { DropBlock, dropBlock, dropBlockGamma, dropBlockMask, type DropBlockArgs } from './drop-block';
export { SpatialDropout2D, spatialDropout2d, type SpatialDropout2DArgs } from './spatial-dropout-2d';
