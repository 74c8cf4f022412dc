import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { assertImages } from './assert-images';
import { rangeTrusted, withTrustedRange } from './trusted-range';

describe('withTrustedRange', () => {
  it('skips only the [0, 1] value check of assertImages, nests, and ends with its scope', () => {
    const bright = tf.fill([1, 2, 2, 3], 2);
    const rank3 = tf.zeros([2, 2, 3]);
    expect(() => assertImages('f', 'images', bright)).toThrow(/expected values in \[0, 1\]/);
    const inner = withTrustedRange(() =>
      withTrustedRange(() => {
        assertImages('f', 'images', bright); // trusted: no value check
        return rangeTrusted();
      }),
    );
    expect(inner).toBe(true);
    // Shape checks still run inside the scope.
    expect(() => withTrustedRange(() => assertImages('f', 'images', rank3))).toThrow(/rank 4/);
    // A throw inside the scope does not leave it open.
    expect(rangeTrusted()).toBe(false);
    expect(() => assertImages('f', 'images', bright)).toThrow(/expected values in \[0, 1\]/);
    tf.dispose([bright, rank3]);
  });
});
