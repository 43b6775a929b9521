/**
 * float32 implementation of `Ops` on tfjs tensors. Callers run it inside
 * `tf.tidy`; no op here uses a transpose flag.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Ops } from './ops';

export const ops32: Ops<tf.Tensor2D> = {
  matMul: (a, b) => tf.matMul(a, b),
  mul: (a, b) => tf.mul(a, b),
  sub: (a, b) => tf.sub(a, b),
  scale: (a, s) => tf.mul(a, tf.scalar(s, 'float32')),
  subCol: (a, c) => tf.sub(a, c),
  mulCol: (a, c) => tf.mul(a, c),
  rowSum: (a) => tf.sum(a, 1, true),
  // The backends' Softmax kernels shift each row by its max before exp
  // (wasm: XNNPACK's softmax; cpu: max-subtract in JS; node: TensorFlow's),
  // so exp never overflows; one fused kernel is ~2× faster than the five ops
  // max, sub, exp, sum, div. Stability is tested with logits of ±1000.
  softmaxRows: (a) => tf.softmax(a),
  mulSubCol: (d, a, c) => tf.mul(d, tf.sub(a, c)),
  exp: (a) => tf.exp(a),
  expShifted: (a) => ({ e: tf.exp(a), shift: undefined }),
  // Form: sign(a)·exp(c + log|a|) (|a| = 0 gives exp(−∞) = 0).
  mulExpCol: (a, c) => tf.mul(tf.sign(a), tf.exp(tf.add(c, tf.log(tf.abs(a))))),
  relu: (a) => tf.relu(a),
  step: (a) => tf.cast(tf.greater(a, 0), 'float32') as tf.Tensor2D,
};
