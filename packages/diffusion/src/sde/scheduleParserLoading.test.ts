/**
 * mathjs loads on the first schedule expression, not on import (issue #14):
 * in Node synchronously (process.getBuiltinModule → require), elsewhere after
 * `loadExpressionParser()`. Each test loads a fresh copy of the modules, so
 * the parser state of one test does not leak into the next.
 */
import { withoutGetBuiltinModule } from '@softmax-ntk/test-helpers';

type ScheduleModule = typeof import('./schedule');
type ParserModule = typeof import('../internal/safeExpression');

function freshModules(): { schedule: ScheduleModule; parser: ParserModule } {
  let schedule: ScheduleModule | undefined;
  let parser: ParserModule | undefined;
  jest.isolateModules(() => {
    schedule = jest.requireActual<ScheduleModule>('./schedule');
    parser = jest.requireActual<ParserModule>('../internal/safeExpression');
  });
  return { schedule: schedule as ScheduleModule, parser: parser as ParserModule };
}

describe('the schedule-expression parser loads lazily', () => {
  it('in Node, the first expression loads mathjs synchronously: ∫₀¹ (1 + 2t) = 2', () => {
    const { schedule } = freshModules();
    const s = schedule.makeSchedule({ spec: '1 + 2*t' });
    expect(s.integration).toBe('symbolic (polynomial)');
    expect(s.integral(1)).toBe(2);
  });

  it('without a synchronous require, an expression is refused in one line naming loadExpressionParser', () => {
    const { schedule } = freshModules();
    withoutGetBuiltinModule(() => {
      let err: unknown;
      try {
        schedule.makeSchedule({ spec: '1 + 2*t' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(schedule.ScheduleError);
      expect((err as Error).message).toMatch(/^invalid schedule: .*`await loadExpressionParser\(\)`/);
      expect((err as Error).message).not.toContain('\n');
    });
  });

  it('the built-in schedules need no parser: linear works without one', () => {
    const { schedule } = freshModules();
    withoutGetBuiltinModule(() => {
      // ∫₀¹ (0.1 + 19.9 t) dt = 0.1 + 9.95
      expect(schedule.makeSchedule({ spec: 'linear' }).integral(1)).toBeCloseTo(10.05, 12);
    });
  });

  it('after loadExpressionParser(), expressions parse without a synchronous require', async () => {
    const { schedule, parser } = freshModules();
    await withoutGetBuiltinModule(async () => {
      await parser.loadExpressionParser();
      const s = schedule.makeSchedule({ spec: '3*t^2 + 1' });
      // ∫₀² (3s² + 1) ds = 8 + 2
      expect(s.integral(2)).toBe(10);
    });
  });
});
