import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';

/**
 * A batch of exact pixel windows: output image i at (y, x) is input image i at
 * `(top[i] + (flipY[i] ? height − 1 − y : y), left[i] + (flipX[i] ? width − 1 − x : x))`, and
 * zero where that lies outside the input. Crops (with zero padding), centre crops and flips are
 * all windows, and a window of a window is a window — so a chain of them is one copy.
 */
export interface PixelWindows {
  /** Output height and width (the same for every image). */
  height: number;
  width: number;
  /** Per image: the window's first source row and column (integers, may be negative). */
  top: readonly number[];
  left: readonly number[];
  /** Per image: whether rows / columns are read in reverse. */
  flipY: readonly boolean[];
  flipX: readonly boolean[];
}

/** Unflipped `height`×`width` windows at per-image (`top[i]`, `left[i]`): plain crops. */
export function cropWindowsOf(
  top: readonly number[],
  left: readonly number[],
  height: number,
  width: number,
): PixelWindows {
  const unflipped = new Array<boolean>(top.length).fill(false);
  return { height, width, top, left, flipY: unflipped, flipX: unflipped };
}

/** Whole-image windows of `h`×`w` images, mirrored left↔right / top↔bottom where asked. */
export function flipWindowsOf(
  h: number,
  w: number,
  horizontal: readonly boolean[],
  vertical: readonly boolean[],
): PixelWindows {
  const zeros = new Array<number>(horizontal.length).fill(0);
  return { height: h, width: w, top: zeros, left: zeros, flipY: vertical, flipX: horizontal };
}

/**
 * `second ∘ first` as one window set, or null when `second` reads outside `first`'s output
 * (there the chain is zero but the fused window could read real pixels).
 */
export function composeWindows(first: PixelWindows, second: PixelWindows): PixelWindows | null {
  const n = first.top.length;
  const inside = (start: readonly number[], len: number, full: number) =>
    start.every((s) => s >= 0 && s + len <= full);
  if (!inside(second.top, second.height, first.height) || !inside(second.left, second.width, first.width))
    return null;
  // Along one axis: reading `first` reversed turns the second offset around its far end.
  const axis = (a: number, aLen: number, aFlip: boolean, b: number, bLen: number): number =>
    aFlip ? a + aLen - b - bLen : a + b;
  const top: number[] = [];
  const left: number[] = [];
  const flipY: boolean[] = [];
  const flipX: boolean[] = [];
  for (let i = 0; i < n; i++) {
    top.push(axis(first.top[i]!, first.height, first.flipY[i]!, second.top[i]!, second.height));
    left.push(axis(first.left[i]!, first.width, first.flipX[i]!, second.left[i]!, second.width));
    flipY.push(first.flipY[i] !== second.flipY[i]);
    flipX.push(first.flipX[i] !== second.flipX[i]);
  }
  return { height: second.height, width: second.width, top, left, flipY, flipX };
}

/**
 * Copies the windows out of `[N, H, W, C]` images. A shared in-bounds unflipped window is a
 * slice; otherwise one nearest-neighbour `tf.image.cropAndResize` (a gather is ~10× slower on
 * wasm). Sample points sit on whole pixels, contracted towards the image centre by (1 − η): an
 * edge pixel is then sampled a little inside (cropAndResize treats even 1 ulp outside as
 * outside), pixels past the border stay outside (extrapolation 0, torchvision's zero padding),
 * and rounding lands on the intended pixel, so the copy is exact. The contraction also keeps
 * tfjs-backend-wasm 4.22 off its row-memcpy shortcut for exact unflipped boxes, which ignores
 * the box's left edge and copies the wrong columns (a 4×5 image cropped to columns 1..2
 * returns columns 0..1 on wasm, 1..2 on cpu). Images or windows 1 pixel
 * high or wide (where that mapping degenerates) take a gather. Internal: callers validate.
 *
 * @returns `[N, height, width, C]` float32.
 */
export function sampleWindows(images: Images, win: PixelWindows): Images {
  const [n, h, w, c] = images.shape;
  const t0 = win.top[0]!;
  const l0 = win.left[0]!;
  const same =
    win.top.every((t) => t === t0) &&
    win.left.every((l) => l === l0) &&
    !win.flipY.some(Boolean) &&
    !win.flipX.some(Boolean);
  if (same && t0 >= 0 && l0 >= 0 && t0 + win.height <= h && l0 + win.width <= w)
    return tf.slice(images, [0, t0, l0, 0], [n, win.height, win.width, c]);
  if (h < 2 || w < 2 || win.height < 2 || win.width < 2) return gatherWindows(images, win);
  const span = (start: number, len: number, full: number, flip: boolean): [number, number] => {
    const centre = (full - 1) / 2;
    const eta = Math.min(1e-3, 0.25 / Math.max(centre, 1));
    const at = (r: number) => (centre + (r - centre) * (1 - eta)) / (full - 1);
    const first = at(start);
    const last = at(start + len - 1);
    return flip ? [last, first] : [first, last];
  };
  const boxes = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const [y1, y2] = span(win.top[i]!, win.height, h, win.flipY[i]!);
    const [x1, x2] = span(win.left[i]!, win.width, w, win.flipX[i]!);
    boxes.set([y1, x1, y2, x2], i * 4);
  }
  return tf.tidy(
    () =>
      tf.image.cropAndResize(
        images,
        tf.tensor2d(boxes, [n, 4]),
        tf.range(0, n, 1, 'int32') as tf.Tensor1D,
        [win.height, win.width],
        'nearest',
        0,
      ) as Images,
  );
}

/** {@link sampleWindows} as one gather; index N·H·W is an extra zero row for outside pixels. */
function gatherWindows(images: Images, win: PixelWindows): Images {
  const [n, h, w, c] = images.shape;
  const { height, width } = win;
  const outside = n * h * w;
  const idx = new Int32Array(n * height * width);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < height; y++) {
      const sy = win.top[i]! + (win.flipY[i] ? height - 1 - y : y);
      for (let x = 0; x < width; x++) {
        const sx = win.left[i]! + (win.flipX[i] ? width - 1 - x : x);
        idx[k++] = sy >= 0 && sy < h && sx >= 0 && sx < w ? (i * h + sy) * w + sx : outside;
      }
    }
  }
  return tf.tidy(() => {
    const flat = tf.concat([tf.reshape(images, [n * h * w, c]), tf.zeros([1, c])], 0);
    return tf.reshape(tf.gather(flat, tf.tensor1d(idx, 'int32')), [n, height, width, c]) as Images;
  });
}
