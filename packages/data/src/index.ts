export type { BatchesOptions, LabelledBatch } from './batches';
export { batchCount, batches, makeBatch } from './batches';
export { convertChannels } from './convert-channels';
export { decodeBlob } from './decode-blob';
export type { DecodedRgba } from './decoded-rgba';
export type { FashionMnist, FashionMnistFiles } from './fashion-mnist';
export {
  DEBIAN_FASHION_MNIST_DIR,
  embeddedFashionMnistDir,
  FASHION_MNIST_CLASSES,
  fashionMnistFromBytes,
  loadFashionMnist,
} from './fashion-mnist';
export type { ImageDataset } from './image-dataset';
export { assertDataset, datasetSize, subsetDataset } from './image-dataset';
export type { ImageFolderOptions, SkippedFile } from './image-folder';
export { ImageFolder } from './image-folder';
export type { FilesImageFolderOptions } from './image-folder-from-files';
export { imageFolderFromFiles } from './image-folder-from-files';
export type { ImageFormat } from './image-format';
export { DEFAULT_IMAGE_EXTENSIONS, fileExtension, sniffImageFormat } from './image-format';
export type { Fold, KFoldOptions } from './k-fold';
export { kFold } from './k-fold';
export { LruCache } from './lru-cache';
export { prefetch } from './prefetch';
export type { IdxArray, IdxDtype } from './read-idx';
export { readIdx } from './read-idx';
export type { ResizeMode } from './resize-image';
export { resizeImage } from './resize-image';
export type { Split } from './stratified-split';
export { indicesByClass, stratifiedSplit } from './stratified-split';
export type { AsyncImageSource, StreamBatchesOptions } from './stream-batches';
export { streamBatches } from './stream-batches';
