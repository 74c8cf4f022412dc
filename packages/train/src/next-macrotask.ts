/**
 * Resolves on the next macrotask turn. A training loop that only awaits already-resolved
 * promises never gives the event loop a turn, so a Ctrl-C (SIGINT handler) or a UI event would
 * wait until the next file write; awaiting this once per step lets them in.
 */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
