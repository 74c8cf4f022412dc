import * as tf from '@tensorflow/tfjs-core';

/** What {@link patchCovariance} returns: statistics of the d = kh·kw·C patch entries. */
export interface PatchStatistics {
  /** Number of patches (every kh×kw window at stride 1, no padding, of every image). */
  count: number;
  /** Mean patch, d entries. */
  mean: Float64Array;
  /** d×d row-major: the covariance (`center`) or the second moment E[x xᵀ] (not centred). */
  matrix: Float64Array;
}

/**
 * Statistics of all kh×kw patches of `images` [N, H, W, C] (H ≥ kh, W ≥ kw). A patch is
 * flattened in conv-kernel order, entry (dy·kw + dx)·C + c, so an eigenvector reshaped to
 * [kh, kw, C] is a filter of a tfjs Conv2D kernel [kh, kw, C, filters].
 *
 * Patches are extracted by one conv with a one-hot [kh, kw, C, d] kernel, a chunk of images
 * at a time (about `budget` floats of patches each), and their sums accumulated in float64 on
 * the CPU around the per-channel image mean (so centring does not cancel digits). One read
 * back per chunk.
 */
export async function patchCovariance(
  images: tf.Tensor4D,
  kh: number,
  kw: number,
  center: boolean,
  budget = 1 << 22,
): Promise<PatchStatistics> {
  const [n, h, w, c] = images.shape;
  const d = kh * kw * c;
  const positions = (h - kh + 1) * (w - kw + 1);
  const per = Math.max(1, Math.floor(budget / (positions * d)));
  const channelMean = tf.tidy(() => tf.mean(images, [0, 1, 2]));
  const meanValues = await channelMean.data();
  const shift = Float64Array.from({ length: d }, (_, e) => meanValues[e % c]!);
  const sum = new Float64Array(d);
  const cross = new Float64Array(d * d);
  const eye = tf.tidy(() => tf.reshape(tf.eye(d), [kh, kw, c, d]) as tf.Tensor4D);
  try {
    for (let start = 0; start < n; start += per) {
      const m = Math.min(per, n - start);
      const [s, xx] = tf.tidy(() => {
        const x = start === 0 && m === n ? images : tf.slice(images, [start, 0, 0, 0], [m, h, w, c]);
        // Shift the pixels, not the patches: on WebGL (tfjs 4.22) a broadcast sub on [M, d] with
        // M odd leaves −shift in the packed texture's padding row, and matMul(transposeA) sums it.
        const patches = tf.reshape(tf.conv2d(tf.sub(x, channelMean) as tf.Tensor4D, eye, 1, 'valid'), [
          -1,
          d,
        ]);
        return [tf.sum(patches, 0), tf.matMul(patches, patches, true, false)];
      });
      const [sd, xd] = await Promise.all([s!.data(), xx!.data()]);
      tf.dispose([s!, xx!]);
      for (let i = 0; i < d; i++) sum[i]! += sd[i]!;
      for (let i = 0; i < d * d; i++) cross[i]! += xd[i]!;
    }
  } finally {
    tf.dispose([eye, channelMean]);
  }
  const count = n * positions;
  // Sums are of x − shift: mean = shift + Σ/M; E[(x−a)(x−a)ᵀ] for a = mean (centred) or 0.
  const offset = Float64Array.from(sum, (v) => v / count);
  const mean = Float64Array.from(offset, (v, i) => v + shift[i]!);
  const matrix = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      const second = cross[i * d + j]! / count;
      matrix[i * d + j] = center
        ? second - offset[i]! * offset[j]!
        : second + shift[i]! * offset[j]! + offset[i]! * shift[j]! + shift[i]! * shift[j]!;
    }
  return { count, mean, matrix };
}
