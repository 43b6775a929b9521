module.exports = { preset: '@softmax-ntk/jest-preset' };
