/** float32 work before `initBackend()` fails with a message that says what to do (no backend is initialised in this file). */
import { forward } from '../src/index';
import { randomProblem } from './fixtures';

it('float32 without an initialised backend names the fix', () => {
  const p = randomProblem({ n: 2, dIn: 2, dOut: 1, m: 2, seed: 1 });
  expect(() => forward({ ...p, precision: 'float32' })).toThrow(
    'float32 precision needs an initialised tfjs backend: `await initBackend()` (exported by @softmax-ntk/network and @softmax-ntk/linalg) first',
  );
  // float64 needs no backend.
  expect(forward(p).rows).toBe(2);
});
