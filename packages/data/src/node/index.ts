export type { ImageFolder, ImageFolderOptions, SkippedFile } from '../image-folder';
export type { DecoderLibs, DecoderModulePaths, DecodeSpec, NodeDecoder } from './decode-image';
export { decodeImageFile, decodeRgba, loadDecoder, NODE_DECODER_FORMATS } from './decode-image';
export { DecodePool } from './decode-pool';
export type { NodeImageFolderOptions } from './image-folder';
export { imageFolder } from './image-folder';
export type { FolderScan } from './scan-image-folder';
export { scanImageFolder } from './scan-image-folder';
