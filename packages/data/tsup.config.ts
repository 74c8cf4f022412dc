import { packageBuild } from '../../tsup.base';

// `node` holds the Node-only image-folder loader (fs, worker_threads, sharp), kept out of the
// browser entry.
export default packageBuild({ index: 'src/index.ts', node: 'src/node/index.ts' });
