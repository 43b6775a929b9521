export { default } from './tooling/eslint-config/index.mjs';
