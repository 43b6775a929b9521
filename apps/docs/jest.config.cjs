module.exports = {
  preset: '@softmax-ntk/jest-preset',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The browser test waits for demos; its own timeouts are per step.
  testTimeout: 240000,
};
