import { Worker } from 'node:worker_threads';
const w = new Worker(new URL('./probe2.mjs', import.meta.url));
w.on('exit', c => console.log('worker exit', c));
