import {
  assertImages,
  assertPerSample,
  assertTargets,
  type Batch,
  describeValue,
  TricksError,
} from '@tftricks/core';

/** Throws unless `batch` is a valid {@link Batch}; returns N. */
export function checkBatch(fn: string, batch: Batch): number {
  if (batch === null || typeof batch !== 'object')
    throw new TricksError(fn, 'batch', '{ images, targets }', describeValue(batch));
  assertImages(fn, 'batch.images', batch.images);
  const n = batch.images.shape[0];
  assertTargets(fn, 'batch.targets', batch.targets, n);
  return n;
}

/** Throws unless the parameters' per-sample arrays fit a batch of `n` images. */
export function checkParamsLength(
  fn: string,
  arg: string,
  values: ArrayLike<unknown> | undefined,
  n: number,
): void {
  if (!values || typeof values.length !== 'number')
    throw new TricksError(fn, arg, `${n} per-sample values`, describeValue(values));
  assertPerSample(fn, arg, values, n);
}
