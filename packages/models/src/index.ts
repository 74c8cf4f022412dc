export { type ClassifierOptions } from './classifier-options';
export { simpleCnn, type SimpleCnnOptions } from './simple-cnn';
