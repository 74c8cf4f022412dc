export { imageFolder } from './image-folder';
export type { NodeImageFolderOptions } from './image-folder';
export { DecodePool } from './decode-pool';
export { decodeRgba, decodeImageFile, loadDecoder, NODE_DECODER_FORMATS } from './decode-image';
export type { DecodeSpec, DecoderLibs, DecoderModulePaths, NodeDecoder } from './decode-image';
export { scanImageFolder } from './scan-image-folder';
export type { FolderScan } from './scan-image-folder';
export type { ImageFolder, ImageFolderOptions, SkippedFile } from '../image-folder';
