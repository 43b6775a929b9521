import { Rng, ValidationError } from '@softmax-ntk/linalg';
import { exactMessage } from '@softmax-ntk/test-helpers';
import type { CheckpointState } from '../train/types';
import { CheckpointError, parseCheckpoint, serializeCheckpoint } from './checkpoint';

/** A valid checkpoint's JSON, as `serializeCheckpoint` writes it. */
function valid(): Record<string, unknown> {
  const state: CheckpointState = {
    format: 'softmax-ntk/checkpoint',
    version: 1,
    problemHash: 'abc',
    precision: 'float64',
    eta: 0.5,
    lambdaMax: 2,
    momentum: 0,
    step: 3,
    lossStart: 1.25,
    risingSteps: 0,
    rng: new Rng(7).getState(),
    w: { rows: 2, cols: 2, data: Float64Array.from([0.1, -0.2, 0.3, 0.4]) },
    velocity: undefined,
    history: { loss: [1.25, NaN, 0.5] } as unknown as CheckpointState['history'],
  };
  return JSON.parse(serializeCheckpoint(state)) as Record<string, unknown>;
}

const parse = (doc: unknown) => () => parseCheckpoint(JSON.stringify(doc), 'ck.json');

describe('checkpoint reader (the validation layer: `checkpoint "<file>": <field path>: <detail>`)', () => {
  it('round-trips a valid checkpoint (NaN history values included)', () => {
    const c = parseCheckpoint(JSON.stringify(valid()), 'ck.json');
    expect(c.step).toBe(3);
    expect(Array.from(c.w.data)).toEqual([0.1, -0.2, 0.3, 0.4]);
    expect(c.history['loss' as keyof typeof c.history]).toEqual([1.25, NaN, 0.5]);
  });

  it.each([
    ['eta', -1, 'checkpoint "ck.json": eta: expected a number > 0, got -1'],
    ['step', -5, 'checkpoint "ck.json": step: expected a number ≥ 0, got -5'],
    ['step', 1.5, 'checkpoint "ck.json": step: expected an integer, got 1.5'],
    ['momentum', 1, 'checkpoint "ck.json": momentum: expected a number < 1, got 1'],
    ['precision', 'float16', 'checkpoint "ck.json": precision: expected one of "float32", "float64", got "float16"'],
    ['problemHash', undefined, 'checkpoint "ck.json": problemHash: missing (expected a string)'],
  ])('%s = %p is refused in one line naming the field', (field, value, message) => {
    const doc = valid();
    doc[field] = value;
    expect(parse(doc)).toThrow(exactMessage(message));
  });

  it('names the entry of a matrix and the row of the wrong length', () => {
    const doc = valid();
    (doc['w'] as unknown[][])[1]![0] = '1';
    expect(parse(doc)).toThrow(exactMessage('checkpoint "ck.json": w[1][0]: expected a finite number, got "1"'));
    const ragged = valid();
    (ragged['w'] as unknown[][])[1] = [0.3];
    expect(parse(ragged)).toThrow(exactMessage('checkpoint "ck.json": w[1]: expected 2 entries (as w[0] has), got 1'));
  });

  it('a foreign file, an empty one and a bad rng state: one line each, a CheckpointError (a ValidationError) with its field', () => {
    const foreign = { ...valid(), format: 'other' };
    expect(parse(foreign)).toThrow(
      exactMessage('checkpoint "ck.json": format: not a softmax-ntk checkpoint (version 1)'),
    );
    expect(() => parseCheckpoint('  ', 'ck.json')).toThrow(
      /^checkpoint "ck\.json": json: empty: .*; remove it to start afresh$/,
    );
    // a repeated key (JSON.parse would keep the last): refused naming it, not resumed from silently
    const text = JSON.stringify(valid());
    expect(() => parseCheckpoint(text.replace(/^\{/, '{"step": 0, '), 'ck.json')).toThrow(
      /^checkpoint "ck\.json": json: duplicate key "step"/,
    );
    let err: unknown;
    try {
      parse({ ...valid(), rng: [] })();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CheckpointError);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as CheckpointError).field).toBe('rng');
    expect((err as Error).message).toMatch(/^checkpoint "ck\.json": rng: expected a generator state .*, got \[\]$/);
  });
});
