import { describeValue, TricksError } from '@tftricks/core';
import { convertChannels } from './convert-channels';
import { decodeBlob } from './decode-blob';
import {
  buildImageFolder,
  type FolderEntry,
  type FolderIo,
  type ImageFolder,
  type ImageFolderOptions,
  resolveFolderOptions,
} from './image-folder';
import { resizeImage } from './resize-image';

/** Options of {@link imageFolderFromFiles}: the shared image-folder options plus where paths come from. */
export interface FilesImageFolderOptions extends ImageFolderOptions {
  /**
   * The `/`-separated relative path of a file. Default: `file.webkitRelativePath` (set by
   * `<input type="file" webkitdirectory>`); pass your own for drag-and-drop entries
   * (`FileSystemEntry.fullPath`).
   */
  pathOf?: (file: File) => string;
}

const FN = 'imageFolderFromFiles';

/**
 * An image folder from browser `File`s (`<input webkitdirectory>` or drag-and-drop): the class
 * of a file is the name of its parent folder in its relative path
 * (`photos/cat/1.jpg` → `cat`). Decoding uses `createImageBitmap` + `OffscreenCanvas`, then
 * the same channel conversion and resize as `imageFolder` in Node, so both give the same
 * float32 `Images` [B, H, W, C] in [0, 1] through `folder.batches(...)`.
 *
 * @example
 * input.onchange = async () => {
 *   const folder = await imageFolderFromFiles(input.files!, { size: 64 });
 *   for await (const { images, targets } of folder.batches({ batchSize: 32, rng: createRng(0) })) { … }
 * };
 */
export async function imageFolderFromFiles(
  files: FileList | File[],
  options: FilesImageFolderOptions,
): Promise<ImageFolder> {
  if (!files || typeof (files as ArrayLike<File>).length !== 'number')
    throw new TricksError(FN, 'files', 'a FileList or an array of File', describeValue(files));
  const resolved = resolveFolderOptions(FN, options);
  const pathOf = options.pathOf ?? ((f: File) => f.webkitRelativePath);
  if (typeof pathOf !== 'function')
    throw new TricksError(FN, 'options.pathOf', 'a function (file) => relative path', describeValue(pathOf));
  const byPath = new Map<string, File>();
  const entries: FolderEntry[] = [];
  Array.from(files).forEach((file, i) => {
    if (typeof Blob === 'undefined' || !(file instanceof Blob))
      throw new TricksError(FN, `files[${i}]`, 'a File', describeValue(file));
    const path = String(pathOf(file) ?? '')
      .replace(/\\/g, '/')
      .replace(/^\/+/, '');
    const parts = path.split('/');
    if (parts.length < 2 || parts.some((p) => p === '')) {
      throw new TricksError(
        FN,
        `files[${i}]`,
        'a relative path "<class>/<name>" (webkitRelativePath, or options.pathOf)',
        `${JSON.stringify(path)} for ${JSON.stringify(file.name)}`,
      );
    }
    // Hidden files (.DS_Store) are not images; skip them like the Node scanner does.
    if (parts[parts.length - 1]!.startsWith('.')) return;
    byPath.set(path, file);
    entries.push({ path, className: parts[parts.length - 2]! });
  });
  const [h, w, c] = resolved.imageShape;
  const io: FolderIo = {
    decoder: 'createImageBitmap',
    formats: ['png', 'jpeg', 'webp', 'gif'],
    readHead: async (e) => new Uint8Array(await byPath.get(e.path)!.slice(0, 16).arrayBuffer()),
    decode: async (e) => {
      const rgba = await decodeBlob(byPath.get(e.path)!);
      return resizeImage(
        convertChannels(rgba.data, c),
        [rgba.height, rgba.width, c],
        [h, w],
        resolved.resize,
      );
    },
  };
  return buildImageFolder(FN, entries, resolved, io);
}
