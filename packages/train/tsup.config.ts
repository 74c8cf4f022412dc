import { packageBuild } from '../../tsup.base';

// `node` holds the Node-only parts (recipe files, data folders, the report on disk, the train
// command); `cli` is the `tftricks` bin, the one entry that loads backends. The browser entry
// (`index`) imports neither.
export default packageBuild({ index: 'src/index.ts', node: 'src/node/index.ts', cli: 'src/cli.ts' });
