// Registers tfjs-core's gradients for every test file of a package that has tfjs-core (tests of tf.grad
// need them; tfjs-node used to do it on load, tfjs-core alone does not). A package without tfjs-core is
// left alone. Resolved from the package under test so the registration reaches the tfjs-core it uses.
let gradients;
try {
  gradients = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients', { paths: [process.cwd()] });
} catch {
  gradients = undefined;
}
if (gradients) require(gradients);
