// Registers tfjs-core's gradients for every test file of a package that has tfjs-core (tests of tf.grad
// need them; tfjs-node used to do it on load, tfjs-core alone does not). A package without tfjs-core is
// left alone. Resolved from the package under test so the registration reaches the tfjs-core it uses.
// tfjs-core's main entry loads first, as in a test that imports it and then the registry: loaded the
// other way round, the registry's ES modules would create the engine and leave the main entry's
// tensors without their op handler.
const paths = [process.cwd()];
let core;
let gradients;
try {
  core = require.resolve('@tensorflow/tfjs-core', { paths });
  gradients = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients', { paths });
} catch {
  core = undefined;
}
if (core && gradients) {
  require(core);
  require(gradients);
}
