import * as tf from '@tensorflow/tfjs-core';
import { ClassToken, ClassTokenReadout } from './class-token';
import { DropBlock } from './drop-block';
import { DropPath } from './drop-path';
import { GroupedConv2D } from './grouped-conv-2d';
import { MultiHeadSelfAttention } from './multi-head-self-attention';
import { PatchMerging } from './patch-merging';
import { PositionEmbedding } from './position-embedding';
import { SpatialDropout2D } from './spatial-dropout-2d';
import { WindowAttention } from './window-attention';

/**
 * Registers every tftricks layer with `tf.serialization` (class names `Tricks*`:
 * TricksDropPath, TricksDropBlock, TricksSpatialDropout2D, TricksGroupedConv2D,
 * TricksClassToken, TricksClassTokenReadout, TricksPositionEmbedding,
 * TricksMultiHeadSelfAttention, TricksWindowAttention, TricksPatchMerging). Each module registers its class when loaded; call this
 * before `tf.loadLayersModel` when a bundler may have dropped modules you never import.
 * Idempotent. Returns the registered class names.
 */
export function registerModelLayers(): string[] {
  const classes = [
    DropPath,
    DropBlock,
    SpatialDropout2D,
    GroupedConv2D,
    ClassToken,
    ClassTokenReadout,
    PositionEmbedding,
    MultiHeadSelfAttention,
    WindowAttention,
    PatchMerging,
  ];
  for (const c of classes) tf.serialization.registerClass(c);
  return classes.map((c) => c.className);
}
