export { expectNoLeaks, countTensors, disposeAll } from './expect-no-leaks';
