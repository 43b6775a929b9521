const preset = require('@softmax-ntk/jest-preset');

module.exports = {
  preset: '@softmax-ntk/jest-preset',
  // The tf.grad test of gram.test.ts loads tfjs-core's gradient registry, which ships only as
  // ES modules: let @swc/jest compile tfjs-core's ESM files.
  transformIgnorePatterns: [
    '/node_modules/(?!(\\.pnpm/@tensorflow\\+tfjs-core[^/]*/node_modules/)?@tensorflow/tfjs-core/dist/)',
  ],
  transform: preset.transform,
};
