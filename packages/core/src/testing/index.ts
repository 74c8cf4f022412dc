export { countTensors, disposeAll, expectNoLeaks } from './expect-no-leaks';
export type { RelativeErrorOptions } from './max-relative-error';
export { maxRelativeError } from './max-relative-error';
