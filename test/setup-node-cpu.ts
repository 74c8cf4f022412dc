// Node, cpu backend. Gradients come from tfjs-layers' Node bundle (see core's ensureGradients).
import '@tensorflow/tfjs-backend-cpu';
import { setupBackend } from '@tftricks/core';

const name = await setupBackend('cpu');
if (name !== 'cpu') throw new Error(`node-cpu project: expected cpu backend, got ${name}`);
