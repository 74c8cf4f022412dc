export { countTensors, disposeAll, expectNoLeaks } from './expect-no-leaks';
