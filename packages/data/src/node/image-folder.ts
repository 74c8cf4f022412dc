import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import {
  buildImageFolder,
  type FolderEntry,
  type FolderIo,
  type ImageFolder,
  type ImageFolderOptions,
  resolveFolderOptions,
} from '../image-folder';
import { decodeImageFile, loadDecoder, NODE_DECODER_FORMATS, type NodeDecoder } from './decode-image';
import { DecodePool } from './decode-pool';
import { scanImageFolder } from './scan-image-folder';

/** Options of {@link imageFolder}: the shared image-folder options plus Node's decoder choices. */
export interface NodeImageFolderOptions extends ImageFolderOptions {
  /** `'auto'` (default): sharp when it loads, else pure-JS pngjs + jpeg-js. */
  decoder?: 'auto' | NodeDecoder;
  /**
   * Worker threads that decode while the main thread trains, ≥ 0. 0 decodes in this thread.
   * Default: available cores − 1, at least 1.
   */
  workers?: number;
}

const FN = 'imageFolder';

/**
 * Opens a folder of images laid out one subfolder per class (`dir/<class>/…/<image>`, like
 * torchvision's `ImageFolder` and Keras' `image_dataset_from_directory`), in Node.
 *
 * Scanning is eager and cheap (directory listing + 16 bytes per file); images are decoded
 * lazily, batch by batch, by worker threads into an LRU cache, then converted to `channels`,
 * resized to `size` (`'shorter-side-center-crop'` or `'stretch'`) and handed out as float32
 * `Images` [B, H, W, C] in [0, 1] by `folder.batches(...)`.
 *
 * @example
 * const folder = await imageFolder('photos', { size: 64 });
 * const { train, test } = stratifiedSplit(folder.labels, { testFraction: 0.2, rng: createRng(0) });
 * for await (const { images, targets } of folder.batches({ batchSize: 32, indices: train, rng })) { … }
 * await folder.close();
 */
export async function imageFolder(dir: string, options: NodeImageFolderOptions): Promise<ImageFolder> {
  if (typeof dir !== 'string' || dir === '')
    throw new TricksError(FN, 'dir', 'a folder path', describeValue(dir));
  const resolved = resolveFolderOptions(FN, options);
  const prefer = options.decoder ?? 'auto';
  assertOneOf(FN, 'options.decoder', prefer, ['auto', 'sharp', 'js'] as const);
  const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
  assertInteger(FN, 'options.workers', workers, 0);

  const root = resolve(dir);
  let scan: Awaited<ReturnType<typeof scanImageFolder>>;
  try {
    scan = await scanImageFolder(root);
  } catch (e) {
    throw new TricksError(
      FN,
      'dir',
      'a readable folder with one subfolder per class',
      `${JSON.stringify(dir)} (${(e as Error).message})`,
    );
  }
  if (scan.classFolders.length === 0)
    throw new TricksError(
      FN,
      'dir',
      'a folder with one subfolder per class',
      `${JSON.stringify(dir)} with no subfolders`,
    );

  const decoder = loadDecoder(FN, prefer);
  const spec = { imageShape: resolved.imageShape, resize: resolved.resize };
  const pool = workers > 0 ? new DecodePool(workers, decoder.paths, spec) : null;
  const io: FolderIo = {
    decoder: decoder.name === 'sharp' ? 'sharp' : 'pngjs/jpeg-js',
    formats: NODE_DECODER_FORMATS[decoder.name],
    readHead: (e: FolderEntry) => readHead(join(root, e.path)),
    decode: (e: FolderEntry) =>
      pool ? pool.decode(join(root, e.path)) : decodeImageFile(join(root, e.path), spec, decoder.libs),
    close: async () => pool?.close(),
  };
  return buildImageFolder(FN, scan.files, resolved, io, scan.classFolders);
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
