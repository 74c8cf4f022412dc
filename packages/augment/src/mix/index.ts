export type { MixMode, MixParams } from './batch-mix';
export type { CutmixOptions } from './cutmix';
export { cutmix } from './cutmix';
export type { MixupOptions } from './mixup';
export { mixup } from './mixup';
export type { MixupOrCutmixOptions } from './mixup-or-cutmix';
export { mixupOrCutmix } from './mixup-or-cutmix';
