import * as tf from '@tensorflow/tfjs-core';

/**
 * The uint8 level of each value, as torchvision's `convert_image_dtype(img, torch.uint8)`:
 * `floor(x · (256 − 1e-3))`, so k/255 maps to k and [0, 1] splits into 256 equal bins.
 * Returned as float32 integers in [0, 255]. Call inside `tf.tidy`.
 */
export function toUint8Levels(x: tf.Tensor): tf.Tensor {
  return tf.floor(tf.mul(x, 256 - 1e-3));
}
