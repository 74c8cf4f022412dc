import { assertInteger, describeValue, TricksError } from '@tftricks/core';

/**
 * Wraps an async iterable so its next `depth` items are already being produced while the
 * consumer works on the current one (e.g. decoding + augmenting batch k+1 while training on
 * batch k). Items arrive in the source's order; breaking out of the loop closes the source.
 *
 * The source must not invalidate an item when the next one is requested: read tensor batches
 * with `dispose: 'manual'` and dispose each one yourself (image folders already prefetch
 * their pixels through the `prefetch` option of `batches`).
 *
 * @param depth items requested ahead of the consumer, ≥ 1 (default 1).
 * @param onDrop called on items produced ahead but never handed out because the consumer
 *   stopped early, e.g. `(b) => tf.dispose([b.images, b.targets])`.
 */
export async function* prefetch<T>(
  source: AsyncIterable<T>,
  depth = 1,
  onDrop?: (item: T) => void,
): AsyncGenerator<T, void, undefined> {
  if (
    !source ||
    typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function'
  ) {
    throw new TricksError('prefetch', 'source', 'an async iterable', describeValue(source));
  }
  assertInteger('prefetch', 'depth', depth, 1);
  const it = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  const pull = () => {
    const p = it.next();
    // A failure ahead of the consumer is rethrown when reached, not reported as unhandled.
    p.catch(() => undefined);
    queue.push(p);
  };
  let finished = false;
  try {
    for (let i = 0; i <= depth; i++) pull();
    while (true) {
      const r = await queue.shift()!;
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
      pull();
    }
  } finally {
    if (!finished) {
      // Items already requested still arrive; hand them to onDrop so nothing leaks.
      for (const p of queue) {
        const r = await p.catch(() => null);
        if (r && !r.done) onDrop?.(r.value);
      }
      await it.return?.();
    }
  }
}
