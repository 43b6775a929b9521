// Brings the workspace's custom jest matcher types (`toBeAllClose`, declared in
// the jest setup file of @softmax-ntk/test-helpers) into this package's
// type-check, which does not otherwise see the setup file.
/// <reference path="../../../../../tooling/test-helpers/src/setup.ts" />
