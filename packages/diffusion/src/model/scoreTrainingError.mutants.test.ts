import { ValidationError } from '@softmax-ntk/linalg';
import { ScoreTrainingError } from './scoreTrainingError';

// The error class on its own, in milliseconds (scoreTrainingError.test.ts reaches it through training runs): its
// name, the message's `invalid argument: <field>: ` prefix, and the field, value and detail it keeps.
describe('ScoreTrainingError', () => {
  it.each([
    ['eta', 1e40],
    ['relativeRidge', 0],
  ] as const)('field %s, value %p: name, message, field, value, detail', (field, value) => {
    const e = new ScoreTrainingError(field, value, 'training diverged: the loss at step 1 is NaN');
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.name).toBe('ScoreTrainingError');
    expect(e.message).toBe(`invalid argument: ${field}: training diverged: the loss at step 1 is NaN`);
    expect(String(e)).toBe(
      `ScoreTrainingError: invalid argument: ${field}: training diverged: the loss at step 1 is NaN`,
    );
    expect([e.field, e.value, e.detail]).toEqual([field, value, 'training diverged: the loss at step 1 is NaN']);
  });
});
