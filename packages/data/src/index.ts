export { readIdx } from './read-idx';
export type { IdxArray, IdxDtype } from './read-idx';
export { datasetSize, assertDataset, subsetDataset } from './image-dataset';
export type { ImageDataset } from './image-dataset';
export { batches, batchCount, makeBatch } from './batches';
export type { BatchesOptions, LabelledBatch } from './batches';
export { stratifiedSplit, indicesByClass } from './stratified-split';
export type { Split } from './stratified-split';
export { kFold } from './k-fold';
export type { Fold, KFoldOptions } from './k-fold';
export {
  loadFashionMnist,
  fashionMnistFromBytes,
  embeddedFashionMnistDir,
  FASHION_MNIST_CLASSES,
  DEBIAN_FASHION_MNIST_DIR,
} from './fashion-mnist';
export type { FashionMnist, FashionMnistFiles } from './fashion-mnist';
export { ImageFolder } from './image-folder';
export type { ImageFolderOptions, SkippedFile } from './image-folder';
export { imageFolderFromFiles } from './image-folder-from-files';
export type { FilesImageFolderOptions } from './image-folder-from-files';
export { streamBatches } from './stream-batches';
export type { AsyncImageSource, StreamBatchesOptions } from './stream-batches';
export { prefetch } from './prefetch';
export { LruCache } from './lru-cache';
export { resizeImage } from './resize-image';
export type { ResizeMode } from './resize-image';
export { convertChannels } from './convert-channels';
export { decodeBlob } from './decode-blob';
export type { DecodedRgba } from './decoded-rgba';
export { sniffImageFormat, fileExtension, DEFAULT_IMAGE_EXTENSIONS } from './image-format';
export type { ImageFormat } from './image-format';
