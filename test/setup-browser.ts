// Real headless Chromium, WebGL backend (SwiftShader in software on these machines).
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setupBackend } from '@tftricks/core';

const name = await setupBackend('webgl');
if (name !== 'webgl') throw new Error(`browser project: expected webgl backend, got ${name}`);
