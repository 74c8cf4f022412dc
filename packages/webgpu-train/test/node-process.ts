// A Node process as a user runs it (tsx on the sources): `setupBackend` on WebGPU through Dawn,
// one training-style computation read back with dataSync(), the backend summary as JSON on the
// last line. It ends on its own (no process.exit): a Dawn instance that kept the event loop
// alive would show as a process that never exits. argv[2]: 'webgpu' | 'auto'.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, setupBackend } from '@tftricks/core';
import { webgpuTrain } from '@tftricks/webgpu-train';

const prefer = process.argv[2] === 'auto' ? 'auto' : 'webgpu';
try {
  const name = await setupBackend(prefer, { webgpu: webgpuTrain });
  const x = tf.tensor2d([1, -2, 3, 4], [2, 2]);
  const g = tf.grad((w: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, w))))(tf.eye(2));
  const info = backendInfo();
  console.log(
    JSON.stringify({ name, summary: info.summary, adapter: info.adapter, grad: Array.from(g.dataSync()) }),
  );
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }));
  process.exitCode = 1;
}
