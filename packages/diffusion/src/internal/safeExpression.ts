/**
 * Schedule expressions g(t) as a restricted grammar, safe on untrusted model
 * files (issue #20): numbers, the variable `t`, the constants `pi` and `e`,
 * + − × ÷ ^ (and implicit multiplication), parentheses, and a whitelist of
 * scalar functions of one argument. Parsing uses an isolated mathjs instance
 * holding the parser only — no `evaluate`, `import`, `createUnit`, matrices or
 * units exist in it, and the shared mathjs instance is never touched —
 * and the tree is compiled here into a closure over `Math`, so nothing of mathjs
 * runs at evaluation time. Expressions are limited in length and node count.
 *
 * mathjs takes about a second to load, so it loads on the first expression
 * (issue #14), never on importing the package: synchronously through Node's
 * `require` where Node has `process.getBuiltinModule` (Node ≥ 20.16), else
 * (browsers, bundlers) after `await loadExpressionParser()`.
 */
import type { FactoryFunctionMap, MathNode } from 'mathjs';

/** Longest expression accepted (characters). */
export const MAX_EXPRESSION_LENGTH = 500;
/** Most nodes accepted in the parsed tree. */
export const MAX_EXPRESSION_NODES = 200;
/** Highest polynomial degree integrated symbolically (beyond it: quadrature). */
export const MAX_POLYNOMIAL_DEGREE = 64;

/** The scalar functions allowed, each of one argument. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
};

const UNARY: Readonly<Record<string, (a: number) => number>> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
};

/** The part of mathjs used here. */
type MathJs = Pick<typeof import('mathjs'), 'create' | 'parseDependencies'>;

/** The parser alone, in its own mathjs instance (numbers as float64). */
interface Parser {
  parse(expression: string): MathNode;
}

/** The parser once loaded (one per process). */
let isolated: Parser | undefined;

const parserOf = (mathjs: MathJs): Parser =>
  mathjs.create({ parseDependencies: mathjs.parseDependencies as FactoryFunctionMap }, { number: 'number' });

/**
 * Loads the schedule-expression parser (mathjs) ahead of use; resolves when
 * `makeSchedule` can parse expressions. Needed only outside Node (a browser or
 * bundler has no synchronous `require`); in Node the first expression loads it.
 *
 * @example
 * ```ts
 * import { loadExpressionParser, makeSchedule } from '@softmax-ntk/diffusion';
 *
 * // In a browser, load the parser once before makeSchedule reads an expression g(t)
 * await loadExpressionParser();
 * const s = makeSchedule({ spec: '0.1 + 19.9*t' });
 * console.log(s.spec.kind, s.g(0.5).toFixed(2)); // expression 10.05
 * ```
 */
export async function loadExpressionParser(): Promise<void> {
  isolated ??= parserOf(await import('mathjs'));
}

/** The parser, loaded synchronously on first use in Node; a one-line error elsewhere until preloaded. */
function parser(): Parser {
  if (isolated) return isolated;
  const nodeModule = (
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  ).process?.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  if (!nodeModule)
    throw new ExpressionError(
      'the expression parser (mathjs) is not loaded: call `await loadExpressionParser()` first (needed outside Node ≥ 20.16)',
    );
  isolated = parserOf(nodeModule.createRequire(import.meta.url)('mathjs') as MathJs);
  return isolated;
}

/** A compiled expression: g(t) and, when g is a polynomial in t, its coefficients c₀, c₁, … (g = Σ c_k t^k). */
export interface SafeExpression {
  evaluate: (t: number) => number;
  polynomial: number[] | undefined;
}

/** Why an expression was refused: one line (the caller names the field). */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

type Fn = (t: number) => number;

interface Compiled {
  fn: Fn;
  /** Polynomial coefficients, or undefined when the node is not a polynomial of degree ≤ MAX_POLYNOMIAL_DEGREE. */
  poly: number[] | undefined;
}

const addPoly = (a: number[], b: number[], sign: number): number[] =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, k) => (a[k] ?? 0) + sign * (b[k] ?? 0));

function mulPoly(a: number[], b: number[]): number[] | undefined {
  if (a.length + b.length - 2 > MAX_POLYNOMIAL_DEGREE) return undefined;
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => (out[i + j]! += x * y)));
  return out;
}

const constantOf = (p: number[] | undefined): number | undefined =>
  p && p.slice(1).every((c) => c === 0) ? (p[0] ?? 0) : undefined;

/** Parse and compile `expression` in the restricted grammar; throws `ExpressionError` naming what is not allowed. */
export function compileExpression(expression: string): SafeExpression {
  if (expression.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(
      `the expression is ${expression.length} characters long, more than ${MAX_EXPRESSION_LENGTH}`,
    );
  const mathParser = parser();
  let root: MathNode;
  try {
    root = mathParser.parse(expression);
  } catch (e) {
    throw new ExpressionError(`cannot parse ${JSON.stringify(expression)}: ${(e as Error).message}`);
  }
  let nodes = 0;
  const refuse = (what: string): never => {
    throw new ExpressionError(
      `${JSON.stringify(expression)} uses ${what}; allowed: numbers, t, pi, e, + - * / ^, parentheses and ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`,
    );
  };
  const walk = (node: MathNode): Compiled => {
    if (++nodes > MAX_EXPRESSION_NODES)
      throw new ExpressionError(`${JSON.stringify(expression)} has more than ${MAX_EXPRESSION_NODES} nodes`);
    const n = node as MathNode & {
      value?: unknown;
      name?: string;
      fn?: unknown;
      op?: string;
      args?: MathNode[];
      content?: MathNode;
    };
    switch (node.type) {
      case 'ParenthesisNode':
        return walk(n.content as MathNode);
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v !== 'number' || !Number.isFinite(v)) return refuse(`the constant ${JSON.stringify(v)}`);
        return { fn: () => v, poly: [v] };
      }
      case 'SymbolNode': {
        const name = n.name as string;
        if (name === 't') return { fn: (t) => t, poly: [0, 1] };
        const c = CONSTANTS[name];
        if (c !== undefined) return { fn: () => c, poly: [c] };
        throw new ExpressionError(
          `${JSON.stringify(expression)} uses ${JSON.stringify(name)}; the only variable allowed is t`,
        );
      }
      case 'OperatorNode': {
        const fnName = n.fn as string;
        const args = (n.args ?? []).map(walk);
        if (args.length === 1 && UNARY[fnName]) {
          const f = UNARY[fnName];
          const a = args[0]!;
          return { fn: (t) => f(a.fn(t)), poly: a.poly && (fnName === 'unaryMinus' ? a.poly.map((c) => -c) : a.poly) };
        }
        const op = BINARY[fnName];
        if (args.length !== 2 || !op) return refuse(`the operator ${JSON.stringify(n.op)}`);
        const [a, b] = args as [Compiled, Compiled];
        const fa = a.fn;
        const fb = b.fn;
        return { fn: (t) => op(fa(t), fb(t)), poly: polyOf(fnName, a.poly, b.poly) };
      }
      case 'FunctionNode': {
        const fnNode = n.fn as MathNode & { type: string; name?: string };
        const name = fnNode.type === 'SymbolNode' ? fnNode.name : undefined;
        const f =
          name !== undefined && Object.prototype.hasOwnProperty.call(EXPRESSION_FUNCTIONS, name)
            ? EXPRESSION_FUNCTIONS[name]
            : undefined;
        if (!f) return refuse(`the function ${JSON.stringify(name ?? fnNode.type)}`);
        const args = (n.args ?? []).map(walk);
        if (args.length !== 1)
          throw new ExpressionError(`${JSON.stringify(expression)}: ${name}() takes one argument, got ${args.length}`);
        const a = args[0]!;
        const c = constantOf(a.poly);
        return { fn: (t) => f(a.fn(t)), poly: c === undefined ? undefined : [f(c)] };
      }
      default:
        return refuse(`a ${node.type.replace(/Node$/, '').toLowerCase()} expression`);
    }
  };
  const { fn, poly } = walk(root);
  const polynomial = poly && poly.every(Number.isFinite) ? poly : undefined;
  return { evaluate: fn, polynomial };
}

function polyOf(op: string, a: number[] | undefined, b: number[] | undefined): number[] | undefined {
  if (!a || !b) return undefined;
  switch (op) {
    case 'add':
      return addPoly(a, b, 1);
    case 'subtract':
      return addPoly(a, b, -1);
    case 'multiply':
      return mulPoly(a, b);
    case 'divide': {
      const c = constantOf(b);
      return c === undefined || c === 0 ? undefined : a.map((x) => x / c);
    }
    case 'pow': {
      const k = constantOf(b);
      const degree = a.length - 1;
      if (k === undefined || !Number.isInteger(k) || k < 0 || degree * k > MAX_POLYNOMIAL_DEGREE) {
        const base = constantOf(a);
        return base !== undefined && k !== undefined ? [Math.pow(base, k)] : undefined;
      }
      let out: number[] | undefined = [1];
      for (let i = 0; i < k && out; i++) out = mulPoly(out, a);
      return out;
    }
    default:
      return undefined;
  }
}
