import { packageConfig } from '../../tooling/tsconfig/tsup';

export default packageConfig();
