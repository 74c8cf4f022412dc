import { packageBuild } from '../../tsup.base';

export default packageBuild({ index: 'src/index.ts', search: 'src/search/index.ts' });
