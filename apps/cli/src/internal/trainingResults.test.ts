/** The one training-results writer of `train` and `attention train`: the history's text forms and the failure rule. */
import { existsSync, readFileSync } from 'node:fs';
import { tempDir } from '../../test/tmp';
import { CliError } from './errors';
import { historyCsv, outputBase, writeTrainingResults, type TrainingRun } from './trainingResults';

const tmp = tempDir();
const BUILTIN = ['step', 'loss', 'phase', 'stepGradNorm'];

function run(status: string): TrainingRun {
  return {
    status,
    steps: 2,
    loss: 0.25,
    eta: 0.5,
    lambdaMax: undefined,
    resumed: false,
    message: `${status}: test`,
    // recorder column first in insertion order, a null where it did not run, a non-finite loss
    history: {
      lambdaMin: [0.1, null, 0.3],
      step: [0, 1, 2],
      loss: [1, 0.5, Infinity],
      phase: [1, 2, 1],
      stepGradNorm: [3, 2, 1],
    },
  };
}

describe('training results', () => {
  test('CSV: the built-in columns first, then recorder columns; an empty cell for null; String() of each number', () => {
    expect(historyCsv(run('budget').history, BUILTIN)).toBe(
      'step,loss,phase,stepGradNorm,lambdaMin\n0,1,1,3,0.1\n1,0.5,2,2,\n2,Infinity,1,1,0.3\n',
    );
    expect(outputBase('dir/run.JSON')).toBe('dir/run');
    expect(outputBase('run.out')).toBe('run.out');
  });

  test('writes model, history and plots in order and returns the summary; non-finite numbers are strings in JSON', () => {
    const out = tmp.path('r.json');
    const { files, summary } = writeTrainingResults({
      out,
      run: run('budget'),
      writeModel: (p) => void expect(p).toBe(out),
      columns: BUILTIN,
      plots: (base) => [`${base}.plot.svg`],
    });
    const base = tmp.path('r');
    expect(files).toEqual([out, `${base}.history.csv`, `${base}.history.json`, `${base}.plot.svg`]);
    expect(JSON.parse(readFileSync(`${base}.history.json`, 'utf8'))).toEqual({
      step: [0, 1, 2],
      loss: [1, 0.5, 'Infinity'],
      phase: [1, 2, 1],
      stepGradNorm: [3, 2, 1],
      lambdaMin: [0.1, null, 0.3],
    });
    expect(summary).toEqual({
      out,
      status: 'budget',
      steps: 2,
      loss: 0.25,
      eta: 0.5,
      lambdaMax: null,
      resumed: false,
      message: 'budget: test',
      files,
    });
  });

  test('a diverged run writes its files, then fails in one line naming the file with the last finite state', () => {
    const out = tmp.path('d.json');
    let err: unknown;
    try {
      writeTrainingResults({
        out,
        run: run('diverged'),
        writeModel: () => undefined,
        columns: BUILTIN,
        plots: () => [],
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toBe(
      `training diverged: diverged: test (the last finite state was written to ${out})`,
    );
    expect(existsSync(tmp.path('d.history.csv'))).toBe(true);
  });

  test('with stepSizeOption, the divergence line names the option to lower (found by the options property test)', () => {
    const out = tmp.path('d2.json');
    const o = { out, run: run('diverged'), writeModel: () => undefined, columns: BUILTIN, plots: () => [] };
    expect(() => writeTrainingResults({ ...o, stepSizeOption: '--eta-scale' })).toThrow(
      `training diverged: diverged: test (the last finite state was written to ${out}); lower --eta-scale`,
    );
  });
});
