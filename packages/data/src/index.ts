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
