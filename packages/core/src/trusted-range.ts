let depth = 0;

/**
 * Runs `f` with the [0, 1] value check of {@link assertImages} switched off, for library code
 * that validated its input once and then composes ops that keep values in [0, 1] (each check
 * is a min/max/NaN reduction plus a sync read, which would otherwise run once per op of a
 * pipeline). Shape, dtype and channel checks still run. Synchronous `f` only; nests.
 */
export function withTrustedRange<T>(f: () => T): T {
  depth++;
  try {
    return f();
  } finally {
    depth--;
  }
}

/** Whether the caller is inside {@link withTrustedRange}. */
export function rangeTrusted(): boolean {
  return depth > 0;
}
