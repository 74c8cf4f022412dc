export type { Schedule } from './schedule';
