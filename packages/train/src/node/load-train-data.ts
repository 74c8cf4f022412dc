import { readdir, stat } from 'node:fs/promises';
import { assertNumberInRange, createRng, describeValue, TricksError } from '@tftricks/core';
import {
  type ImageDataset,
  loadFashionMnist,
  type SkippedFile,
  stratifiedSplit,
  subsetDataset,
} from '@tftricks/data';
import { imageFolder } from '@tftricks/data/node';
import { fitDataset } from '../fit-dataset';
import type { TrainData } from '../train-options';

/** Options of {@link loadTrainData}. */
export interface LoadTrainDataOptions {
  /**
   * A folder of the four Fashion-MNIST-style IDX files (`train-images-idx3-ubyte[.gz]`, …), or
   * of images in one subfolder per class (JPEG, PNG, WebP; any size, grey or RGB). Absent: the
   * Fashion-MNIST subset embedded in @tftricks/data (`full`: Debian's 60k/10k set).
   */
  dir?: string;
  /** Without `dir`: the full Fashion-MNIST of Debian's `dataset-fashion-mnist` (else the embedded subset, with a warning). */
  full?: boolean;
  /** An image folder of validation images with the same class folders as `dir` (image folders only). */
  val?: string;
  /**
   * Share of the training images held out (stratified, seeded) for validation, in (0, 1).
   * Default 0.1 for an image folder without `val`; IDX data uses its own test files unless
   * this is given.
   */
  valSplit?: number;
  /** Image size, S for S×S or [H, W]: image folders decode to it (default 64); IDX images are resized to it when given. */
  size?: number | [number, number];
  /** Channels: 1 grey or 3 RGB; image folders default to 3, IDX data keeps its own unless given. */
  channels?: 1 | 3;
  /** Any unreadable image is an error naming it (default: skipped, each named in a warning). */
  strict?: boolean;
  /** Seed of the validation split; default 0. */
  seed?: number;
  /** Receives warnings (unreadable images that were skipped). Default `console.warn`. */
  onWarning?: (message: string) => void;
  /** Decode worker threads for image folders (default: cores − 1, at least 1). */
  workers?: number;
  /** An image folder's `size`, `channels` and `valSplit` when those are not given (default 64, 3, 0.1). */
  folderDefaults?: { size?: number; channels?: 1 | 3; valSplit?: number };
}

/** Training and validation data from {@link loadTrainData}, and where they came from. */
export interface LoadedTrainData extends TrainData {
  /** `image folder DIR`, `embedded`, `debian` or the IDX folder. */
  source: string;
  /** What `test` is: the data's own test files (`'test'`) or held-out / given validation images (`'val'`). */
  testName: 'test' | 'val';
  /** Image-folder files that were left out as unreadable. */
  skipped: SkippedFile[];
  /** Image-folder files that are not images by their extension (not read). */
  ignored: string[];
}

const FN = 'loadTrainData';

async function isImageFolder(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.some((e) => e.isDirectory()) && !entries.some((e) => /idx\d-ubyte/.test(e.name));
}

function sizeOf(size: LoadTrainDataOptions['size'], fallback: [number, number]): [number, number] {
  if (size === undefined) return fallback;
  return typeof size === 'number' ? [size, size] : size;
}

/** Splits `all` into a stratified training part and a `share` validation part. */
function holdOut(all: ImageDataset, share: number, seed: number): TrainData {
  const split = stratifiedSplit(all.labels, { testFraction: share, rng: createRng(seed) });
  return { train: subsetDataset(all, split.train), test: subsetDataset(all, split.test) };
}

/**
 * Node: training and validation data for `train` from a folder — four IDX files, or an image
 * folder (one subfolder per class, decoded to `size` × `channels`: resized by the shorter side
 * and centre-cropped, grey replicated to RGB or RGB reduced to luma) — or the embedded
 * Fashion-MNIST subset. Unreadable images are reported through `onWarning` and left out, or,
 * with `strict`, are a TricksError naming every one.
 */
export async function loadTrainData(options: LoadTrainDataOptions = {}): Promise<LoadedTrainData> {
  const seed = options.seed ?? 0;
  if (options.valSplit !== undefined)
    assertNumberInRange(FN, 'options.valSplit', options.valSplit, 1e-9, 1 - 1e-9);
  if (options.channels !== undefined && options.channels !== 1 && options.channels !== 3)
    throw new TricksError(FN, 'options.channels', '1 or 3', describeValue(options.channels));
  const dir = options.dir;
  if (dir !== undefined) {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory())
      throw new TricksError(
        FN,
        'options.dir',
        'a folder of IDX files or of class folders',
        JSON.stringify(dir),
      );
  }
  if (dir !== undefined && (await isImageFolder(dir))) {
    const defaults = options.folderDefaults ?? {};
    const [h, w] = sizeOf(options.size ?? defaults.size, [64, 64]);
    const open = (path: string, classNames?: string[]) =>
      imageFolder(path, {
        size: [h, w],
        channels: options.channels ?? defaults.channels ?? 3,
        strict: options.strict ?? false,
        ...(classNames ? { classNames } : {}),
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
      });
    const folder = await open(dir);
    try {
      const all = await folder.toDataset();
      let data: TrainData;
      const ignored = [...folder.ignored];
      if (options.val !== undefined) {
        const valFolder = await open(options.val, folder.classNames);
        try {
          data = { train: all, test: await valFolder.toDataset() };
          ignored.push(...valFolder.ignored.map((f) => `${options.val}/${f}`));
        } finally {
          await valFolder.close();
        }
      } else data = holdOut(all, options.valSplit ?? defaults.valSplit ?? 0.1, seed);
      return {
        ...data,
        source: `image folder ${dir}`,
        testName: 'val',
        skipped: [...folder.skipped],
        ignored,
      };
    } finally {
      await folder.close();
    }
  }
  if (options.val !== undefined)
    throw new TricksError(
      FN,
      'options.val',
      'no validation folder for IDX data (it has its own test files; or give valSplit)',
      JSON.stringify(options.val),
    );
  const fm = await loadFashionMnist(dir !== undefined ? { dir } : { subset: !options.full });
  if (options.full && dir === undefined && fm.source === 'embedded')
    (options.onWarning ?? console.warn)(
      'warning: the full Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); using the embedded subset',
    );
  let data: TrainData =
    options.valSplit !== undefined
      ? holdOut(fm.train, options.valSplit, seed)
      : { train: fm.train, test: fm.test };
  if (options.size !== undefined || options.channels !== undefined) {
    const [h0, w0, c0] = fm.train.imageShape;
    const shape: [number, number, number] = [...sizeOf(options.size, [h0, w0]), options.channels ?? c0];
    data = { train: fitDataset(data.train, shape), test: fitDataset(data.test, shape) };
  }
  return {
    ...data,
    source: fm.source === 'dir' ? fm.dir : fm.source,
    testName: options.valSplit !== undefined ? 'val' : 'test',
    skipped: [],
    ignored: [],
  };
}
