import { packageConfig } from '../../tooling/tsconfig/tsup';

// `node` is the Node-only entry (attention files, checkpoints on disk); the main entry runs anywhere.
export default packageConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' } });
