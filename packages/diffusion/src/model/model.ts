/**
 * A trained diffusion score model as stored in a model file: the network
 * (Eq. 1 of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax",
 * 2024) trained as a denoiser, or its NTK regression (Definition F.1), with
 * everything needed to sample again: schedule, times, normalisations, target
 * and seed.
 */
import type { Parameterization, TimeSampling } from '../data/denoisingData';
import type { InputFeatures } from '../data/networkInput';
import type { ScheduleSpec } from '../sde/schedule';
import type { Normalization } from '../target/normalization';
import type { TargetSpec } from '../target/target';

/**
 * The kind of score model: `"nn"`, the network trained by gradient descent on W; `"ntk"`, the NTK regression
 * predictor of Definition F.1.
 */
export type ModelKind = 'nn' | 'ntk';

/**
 * A trained score model as stored in a model file: its kind, schedule, normalisation and weights (or NTK regression
 * coefficients).
 */
export interface DiffusionModel {
  /** Always `softmax-ntk/diffusion-model`. */
  format: 'softmax-ntk/diffusion-model';
  /** The model file format's version (1). */
  version: 1;
  /** `"nn"`: the GD-trained network; `"ntk"`: the NTK regression predictor at W(0). */
  kind: ModelKind;
  /** What the network predicts: `x0` (the paper's), `eps` or `residual`. */
  parameterization: Parameterization;
  /** The noise schedule, every default filled in. */
  schedule: ScheduleSpec;
  /** $T_0$, the smallest training time. */
  t0: number;
  /** T, the time horizon. */
  T: number;
  /** The target file's content that the model was trained on. */
  target: TargetSpec;
  /** Data scaling to $\lVert y \rVert \le 1$ (Assumption 6.1). */
  normalization: Normalization;
  /** $R$ in the network input $(c_t t/T, c_\text{in}(t) x)/R$. */
  inputScale: number;
  /** $c_t$ and $c_\text{in}$'s second moment $v$; absent: the paper's $(t/T, x)/R$ (files written before this field). */
  input?: InputFeatures;
  /** `"residual"` only: $v$ in $c_\text{skip}(t) = \alpha_t v / (\alpha_t^2 v + \sigma_t^2)$. */
  skipSecondMoment?: number;
  /** Seed of the training data and W(0). */
  seed: number;
  /** The network: activation, W, a and (ntk) the regression coefficients U. */
  network: {
    activation: 'softmax';
    /** nn: the trained W ($m \times (d+1)$); ntk: $W(0)$. */
    w: number[][];
    /** $d \times m$, fixed. */
    a: number[][];
    /** ntk only: $U = J^\top (H^* + \rho I)^{-1} \operatorname{vec}(Y) / m$ ($m \times (d+1)$), so $F_\text{ntk}(x) = J(x) U$. */
    u?: number[][];
  };
  /**
   * How the model was trained: $n$, the time sampling, $m$, $\sigma$, and GD's steps, $\eta$, $\lambda_{\max}$ and loss curve or
   * NTK's ridge.
   */
  training: {
    /** Denoising pairs per regression (with `ensemble` $k$, $k$ sets of $n$). */
    n: number;
    /** ntk: $k$ NTK regressions from one $W(0)$ on $k$ sets of pairs, $U$ averaged (absent: 1). */
    ensemble?: number;
    /** How the $t_i$ were drawn (absent: `"uniform"`). */
    timeSampling?: TimeSampling;
    numNeurons: number;
    sigma: number;
    /** nn: GD steps done, $\eta$, $\lambda_{\max}$, the loss curve (every `lossEvery` steps); ntk: ridge. */
    steps?: number;
    eta?: number;
    /** Heavy-ball momentum (0 = the paper's plain GD). */
    momentum?: number;
    lambdaMax?: number | null;
    lossEvery?: number;
    loss?: number[];
    /** The final loss $\frac12\sum\lVert F(x_i) - y_i \rVert^2$ on the training pairs. */
    finalLoss: number;
    /** $\frac12\sum\lVert \mathbb{E}[y\mid x(t_i)] - y_i \rVert^2$, the posterior-mean floor (mixture targets). */
    lossFloor?: number | null;
    /** ntk: $\rho$ (absolute) and the relative ridge it came from. */
    ridge?: number;
    ridgeRelative?: number;
    /** ntk: the power $\gamma$ of the pairs' loss weight (`trainScoreModel`'s `lossWeightPower`; absent: 0, unweighted). */
    lossWeightPower?: number;
    /** The fraction of neuron pairs of W(0) centred on training inputs (`trainScoreModel`'s `dataCentres`; absent: 0). */
    dataCentres?: number;
    /** $\sigma'$ of the centred neurons (`centreScale`; present with `dataCentres`). */
    centreScale?: number;
    /** ntk: how the regression was solved (absent: `"dual"`). */
    solver?: 'dual' | 'primal';
    precision: 'float32' | 'float64';
    seconds: number;
  };
}
