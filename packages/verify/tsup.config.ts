import { packageConfig } from '../../tooling/tsconfig/tsup';

// The float64 reference is a private workspace package (one implementation for every package's tests):
// bundled into verify's build, code and types, so the published verify carries it.
export default packageConfig({
  noExternal: ['@softmax-ntk/reference'],
  dts: { resolve: ['@softmax-ntk/reference'] },
});
