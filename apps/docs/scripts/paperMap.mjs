// The paper-to-code map: every numbered definition, claim, lemma, theorem and
// assumption of Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of
// Softmax" (2024) that the code implements or checks. `prepare.mjs` renders it
// into site/paper-map.md and fails the build when a listed file does not
// exist or a listed export is not in its package's src/index.ts.
//
// code: [package, export, file under packages/<package>/] — the function or
// class that implements the item; cli: the command that runs it; check: the
// `softmax-ntk verify` check id that measures it (null when none does).

/** @typedef {{ id: string, title: string, statement: string, code: [string, string, string][], cli: string | null, check: string | null, note?: string }} PaperItem */

/** @type {PaperItem[]} */
export const PAPER_MAP = [
  {
    id: 'Definition 3.1',
    title: String.raw`$F(\tau)$, dynamic prediction (Eq. 1)`,
    statement: String.raw`$F_\ell(x_i) = m\,\langle a_\ell, \exp(W^\top x_i)\rangle \cdot \langle \exp(W^\top x_i), \mathbf{1}_m\rangle^{-1} = m\,\langle a_\ell, \mathcal{S}_i\rangle$`,
    code: [
      ['network', 'forward', 'src/network/forward.ts'],
      ['verify', 'reference', 'src/reference/index.ts'],
    ],
    cli: 'softmax-ntk eval --problem p.json',
    check: 'claim-3.4',
  },
  {
    id: 'Definition 3.2',
    title: 'Loss function over time',
    statement: String.raw`$L(W(\tau)) = \frac12 \sum_{i=1}^n \sum_{\ell=1}^d (F_{\ell,i}(\tau) - y_{\ell,i})^2$`,
    code: [['network', 'evaluate', 'src/network/evaluate.ts']],
    cli: 'softmax-ntk eval --problem p.json',
    check: 'claim-3.4',
  },
  {
    id: 'Definition 3.3',
    title: String.raw`$\Delta w_r(\tau)$, the gradient`,
    statement: String.raw`$\Delta w_r = \frac{\partial L}{\partial w_r} = \sum_i \sum_\ell (F_{\ell,i} - y_{\ell,i})\, \frac{\partial F_{\ell,i}}{\partial w_r}$ (with Eq. 2)`,
    code: [
      ['network', 'gradient', 'src/network/gradient.ts'],
      ['network', 'jacobianTransposeVector', 'src/network/jacobianTransposeVector.ts'],
    ],
    cli: 'softmax-ntk eval --problem p.json',
    check: 'claim-3.4',
  },
  {
    id: 'Claim 3.4 / Claim A.1',
    title: 'Closed form of the gradient',
    statement: String.raw`$\Delta w_r = m \sum_i \sum_\ell (F_{\ell,i} - y_{\ell,i})\, \langle a_{\ell,r}\mathbf{1}_m - a_\ell, \mathcal{S}_i\rangle\, \mathcal{S}_{i,r}\, x_i$`,
    code: [
      ['network', 'gradient', 'src/network/gradient.ts'],
      ['verify', 'checkClaim34', 'src/checks/claim34.ts'],
    ],
    cli: 'softmax-ntk verify --only claim-3.4',
    check: 'claim-3.4',
  },
  {
    id: 'Definition 3.5',
    title: 'Gradient descent',
    statement: String.raw`$W(\tau+1) = W(\tau) - \eta\,\Delta W(\tau)$, $a$ fixed`,
    code: [
      ['network', 'train', 'src/train/train.ts'],
      ['network', 'estimateLambdaMax', 'src/train/estimateLambdaMax.ts'],
    ],
    cli: 'softmax-ntk train --problem p.json --out trained.json',
    check: 'theorem-4.2',
  },
  {
    id: 'Definition 3.6',
    title: String.raw`Kernel function, the NTK Gram matrix $H(W)$`,
    statement: String.raw`$[H_{\ell_1,\ell_2}]_{i,j} = \frac1m\, x_i^\top x_j \sum_{r=1}^m \langle v_{\ell_1,r}, \mathcal{S}_i\rangle\, m\,\mathcal{S}_{i,r}\, \langle v_{\ell_2,r}, \mathcal{S}_j\rangle\, m\,\mathcal{S}_{j,r}$ with $v_{\ell,r} = a_{\ell,r}\mathbf{1}_m - a_\ell$; $\lambda = \lambda_{\min}(H^*)$`,
    code: [
      ['ntk', 'gram', 'src/gram/gram.ts'],
      ['ntk', 'spectrum', 'src/spectrum/spectrum.ts'],
      ['ntk', 'gramOperator', 'src/gram/gramOperator.ts'],
      ['network', 'jacobianFactors', 'src/network/jacobianFactors.ts'],
    ],
    cli: 'softmax-ntk ntk --problem p.json',
    check: 'lemma-5.1',
  },
  {
    id: 'Definition 3.7',
    title: 'Symmetric initialisation',
    statement: String.raw`$w_{2r-1} = w_{2r} \sim \mathcal{N}(0, \sigma^2 I)$, $a_{2r-1} = -a_{2r}$ uniform in $\{\pm 1\}^d$, so $F(W(0), x) = 0$`,
    code: [
      ['network', 'initWeights', 'src/init/initWeights.ts'],
      ['network', 'makeProblem', 'src/problem/makeProblem.ts'],
    ],
    cli: 'softmax-ntk init --n 8 --d 4 --m 256 --out p.json',
    check: 'lemma-d.3',
  },
  {
    id: 'Definition 4.1',
    title: String.raw`The parameter $B$`,
    statement: String.raw`$B = \max\{C\sigma\sqrt{\log(nd/\delta)},\, 1\}$`,
    code: [['verify', 'parameterB', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: 'lemma-5.1',
  },
  {
    id: 'Theorem 4.2 / Theorem C.1',
    title: 'Main result: GD converges',
    statement: String.raw`$m = \Omega(\lambda^{-2}n^2d^2\exp(18B)\log^2(nd/\delta))$, $\eta = 0.1\lambda/(mn^2d^2\exp(16B))$, $\hat T = \Omega((m\eta\lambda)^{-1}\log(nd/\epsilon))$ $\Rightarrow$ $\lVert F(\hat T) - Y\rVert_F^2 \le \epsilon$ with probability $1 - \delta$`,
    code: [
      ['verify', 'theoryConstants', 'src/constants/theoryConstants.ts'],
      ['verify', 'checkTheorem42', 'src/checks/theorem42.ts'],
      ['network', 'train', 'src/train/train.ts'],
    ],
    cli: 'softmax-ntk verify --only theorem-4.2',
    check: 'theorem-4.2',
  },
  {
    id: 'Corollary 4.3',
    title: String.raw`Width and steps in terms of $n$, $d$, $\lambda$`,
    statement: String.raw`the constants of Theorem 4.2 with $B$ substituted`,
    code: [['verify', 'theoryConstants', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: null,
  },
  {
    id: 'Lemma 5.1 / Lemma B.2',
    title: 'Weight perturbation ⇒ kernel perturbation',
    statement: String.raw`$\max_r \lVert w_r - \tilde w_r\rVert_2 \le R \Rightarrow \lVert H(W) - H(\tilde W)\rVert_F \le R\, nd\, \exp(10B)$`,
    code: [
      ['ntk', 'kernelDrift', 'src/drift/kernelDrift.ts'],
      ['verify', 'checkLemma51', 'src/checks/lemma51.ts'],
    ],
    cli: 'softmax-ntk verify --only lemma-5.1',
    check: 'lemma-5.1',
  },
  {
    id: 'Lemma 5.3 (with Lemmas C.2–C.4)',
    title: 'Induction: weights, loss, gradient',
    statement: String.raw`$\lVert F(\tau) - Y\rVert_F^2 \le (1 - m\eta\lambda/2)^\tau \lVert F(0) - Y\rVert_F^2$, $\lVert w_r(\tau) - w_r(0)\rVert_2 \le R$, $\eta\lVert \Delta w_r(\tau)\rVert_2 \le 0.01$`,
    code: [
      ['ntk', 'kernelRecorders', 'src/drift/kernelRecorders.ts'],
      ['verify', 'checkLemma53', 'src/checks/lemma53.ts'],
    ],
    cli: 'softmax-ntk train --problem p.json --out t.json --track-kernel 10',
    check: 'lemma-5.3',
    note: 'The [live training demo](/demos/training) plots this bound against the measured loss.',
  },
  {
    id: 'Definition A.2',
    title: String.raw`The radius $D$`,
    statement: String.raw`$D = 4m^{-1}\lambda^{-1}\exp(3B)\sqrt{nd}\,\lVert F(0) - Y\rVert_F$`,
    code: [['verify', 'theoryConstants', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: 'lemma-5.3',
  },
  {
    id: 'Fact A.4',
    title: String.raw`$\langle \mathbf{1}_m, \mathcal{S}_i\rangle = 1$`,
    statement: 'softmax rows sum to one (used to simplify Claim 3.4)',
    code: [['verify', 'reference', 'src/reference/index.ts']],
    cli: null,
    check: 'claim-3.4',
  },
  {
    id: 'Lemma D.1',
    title: 'Gradient bound',
    statement: String.raw`$\lVert \Delta w_r(\tau)\rVert_2 \le \exp(3B)\sqrt{nd}\,\lVert F(\tau) - Y\rVert_F$`,
    code: [['verify', 'checkLemma53', 'src/checks/lemma53.ts']],
    cli: 'softmax-ntk verify --only lemma-5.3',
    check: 'lemma-5.3',
  },
  {
    id: 'Lemma D.3',
    title: 'Initial loss',
    statement: String.raw`$F(W(0)) = 0$ under Definition 3.7, so $\lVert F(0) - Y\rVert_F = \lVert Y\rVert_F = O(\sqrt{nd})$`,
    code: [
      ['verify', 'checkLemmaD3', 'src/checks/lemmaD3.ts'],
      ['network', 'initWeights', 'src/init/initWeights.ts'],
    ],
    cli: 'softmax-ntk verify --only lemma-d.3',
    check: 'lemma-d.3',
  },
  {
    id: 'Lemma E.2',
    title: String.raw`The radius $R$`,
    statement: String.raw`$R = \lambda / (2nd\exp(10B))$ keeps $\lambda_{\min}(H(W)) \ge \lambda/2$`,
    code: [['verify', 'theoryConstants', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: 'lemma-5.3',
  },
  {
    id: 'Claim E.5',
    title: String.raw`$\lambda_{\min}(H(\tau)) \ge \lambda/2$ along the run`,
    statement: String.raw`while the weights stay within $R$ of $W(0)$`,
    code: [
      ['ntk', 'kernelRecorders', 'src/drift/kernelRecorders.ts'],
      ['ntk', 'spectrum', 'src/spectrum/spectrum.ts'],
    ],
    cli: 'softmax-ntk train --problem p.json --out t.json --track-kernel 10',
    check: 'lemma-5.3',
    note: String.raw`The [live training demo](/demos/training) plots $\lambda_{\min}(H(\tau))$ against $\lambda/2$.`,
  },
  {
    id: 'Definition F.1',
    title: 'NTK regression predictor',
    statement: String.raw`$F_{\mathrm{ntk}}(x) = K^*(x)\,(H^*)^{-1}\operatorname{vec}(Y)$, and its GD dynamics with parameter $\gamma(\tau)$ (Eq. 25)`,
    code: [
      ['ntk', 'ntkRegression', 'src/regression/ntkRegression.ts'],
      ['ntk', 'ntkDynamics', 'src/regression/ntkDynamics.ts'],
      ['ntk', 'crossGram', 'src/gram/crossGram.ts'],
    ],
    cli: 'softmax-ntk ntk --problem p.json --test x.json',
    check: 'theorem-f.2',
  },
  {
    id: 'Theorem F.2',
    title: 'Kernel perturbation ⇒ prediction perturbation',
    statement: String.raw`$\lVert F_{\mathrm{ntk}}(x) - F_{\mathrm{nn}}(x)\rVert$ small when $\lVert H(\tau) - H^*\rVert_F \le \epsilon_H \le \lambda/2$`,
    code: [
      ['verify', 'checkTheoremF2', 'src/checks/theoremF2.ts'],
      ['ntk', 'ntkDynamics', 'src/regression/ntkDynamics.ts'],
    ],
    cli: 'softmax-ntk verify --only theorem-f.2',
    check: 'theorem-f.2',
  },
  {
    id: 'Table 1',
    title: 'Softmax vs ReLU [MOSW22] vs exp [GMS23]',
    statement: String.raw`width $m^*$ and steps $T^*$ needed, as functions of $n$`,
    code: [
      ['network', 'forward', 'src/network/forward.ts'],
      ['verify', 'checkTable1', 'src/checks/table1.ts'],
    ],
    cli: 'softmax-ntk verify --only table-1',
    check: 'table-1',
  },
  {
    id: 'Eq. 3 and Assumption 6.3',
    title: String.raw`VP forward SDE and its schedule $g(t)$`,
    statement: String.raw`$\mathrm{d}x = -\frac12 g(t)\,x\,\mathrm{d}t + \sqrt{g(t)}\,\mathrm{d}B$, $\alpha_t = \exp(-\frac12\int_0^t g)$, $\sigma_t^2 = 1 - \alpha_t^2$`,
    code: [
      ['diffusion', 'makeSchedule', 'src/sde/schedule.ts'],
      ['diffusion', 'forwardPaths', 'src/sde/forwardPaths.ts'],
    ],
    cli: 'softmax-ntk diffusion train --target t.json --out model.json',
    check: null,
  },
  {
    id: 'Section 6.1 (Assumptions 6.1–6.2)',
    title: 'Denoising data and the score as a regression target',
    statement: String.raw`$x(t) = \alpha_t x(0) + \sigma_t \epsilon$; the network input is $(x(t), t)$, the label $x(0)$`,
    code: [
      ['diffusion', 'makeDenoisingData', 'src/data/denoisingData.ts'],
      ['diffusion', 'networkInput', 'src/data/networkInput.ts'],
      ['diffusion', 'denoiserScore', 'src/model/scoreModel.ts'],
    ],
    cli: 'softmax-ntk diffusion train --target t.json --out model.json',
    check: 'theorem-6.5',
  },
  {
    id: 'Eq. 4',
    title: 'Reverse SDE and probability-flow ODE sampling',
    statement: String.raw`$\mathrm{d}y = \big(\frac12 g(T-t)\,y + g(T-t)\nabla\log p_{T-t}(y)\big)\mathrm{d}t + \sqrt{g(T-t)}\,\mathrm{d}\bar B$`,
    code: [['diffusion', 'sample', 'src/sample/sample.ts']],
    cli: 'softmax-ntk diffusion sample --model model.json --out samples.csv',
    check: 'theorem-6.5',
    note: 'The [live diffusion demo](/demos/diffusion) animates this sampler.',
  },
  {
    id: 'Theorem 6.5 / Theorem G.2',
    title: 'Score estimation and generalisation',
    statement: String.raw`$\frac1T\int_0^T \lambda(t)\,\mathbb{E}\lVert s_{W(\hat T)}(t, x(t)) - \nabla\log p_t(X_t)\rVert_2^2\,\mathrm{d}t \le O\big(\frac{1}{\lambda\sqrt n} + \epsilon(n, \hat T) + \dots\big)$ for the softmax score network`,
    code: [
      ['diffusion', 'trainScoreModel', 'src/model/trainScoreModel.ts'],
      ['diffusion', 'scoreError', 'src/metrics/scoreError.ts'],
      ['diffusion', 'exactScore', 'src/model/exactScore.ts'],
      ['verify', 'checkTheorem65', 'src/checks/theorem65.ts'],
    ],
    cli: 'softmax-ntk verify --only theorem-6.5',
    check: 'theorem-6.5',
  },
];
