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
    title: 'F(τ), dynamic prediction (Eq. 1)',
    statement: 'F_ℓ(x_i) = m·⟨a_ℓ, exp(Wᵀx_i)⟩ / ⟨exp(Wᵀx_i), 1_m⟩ = m·⟨a_ℓ, S_i⟩',
    code: [
      ['network', 'forward', 'src/network/forward.ts'],
      ['verify', 'reference', 'src/reference/reference.ts'],
    ],
    cli: 'softmax-ntk eval --problem p.json',
    check: 'claim-3.4',
  },
  {
    id: 'Definition 3.2',
    title: 'Loss function over time',
    statement: 'L(W(τ)) = ½ Σ_i Σ_ℓ (F_{ℓ,i}(τ) − y_{ℓ,i})²',
    code: [['network', 'evaluate', 'src/network/evaluate.ts']],
    cli: 'softmax-ntk eval --problem p.json',
    check: 'claim-3.4',
  },
  {
    id: 'Definition 3.3',
    title: 'Δw_r(τ), the gradient',
    statement: 'Δw_r = ∂L/∂w_r = Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i})·∂F_{ℓ,i}/∂w_r (with Eq. 2)',
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
    statement: 'Δw_r = m Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i})·⟨a_{ℓ,r}1_m − a_ℓ, S_i⟩·S_{i,r}·x_i',
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
    statement: 'W(τ+1) = W(τ) − η·ΔW(τ), a fixed',
    code: [
      ['network', 'train', 'src/train/train.ts'],
      ['network', 'estimateLambdaMax', 'src/train/estimateLambdaMax.ts'],
    ],
    cli: 'softmax-ntk train --problem p.json --out trained.json',
    check: 'theorem-4.2',
  },
  {
    id: 'Definition 3.6',
    title: 'Kernel function, the NTK Gram matrix H(W)',
    statement:
      '[H_{ℓ1,ℓ2}]_{i,j} = (1/m)·x_iᵀx_j·Σ_r ⟨v_{ℓ1,r}, S_i⟩·m·S_{i,r}·⟨v_{ℓ2,r}, S_j⟩·m·S_{j,r}; λ = λ_min(H*)',
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
    statement: 'w_{2r−1} = w_{2r} ~ N(0, σ²I), a_{2r−1} = −a_{2r} uniform in {±1}^d, so F(W(0), x) = 0',
    code: [
      ['network', 'initWeights', 'src/init/initWeights.ts'],
      ['network', 'makeProblem', 'src/problem/makeProblem.ts'],
    ],
    cli: 'softmax-ntk init --n 8 --d 4 --m 256 --out p.json',
    check: 'lemma-d.3',
  },
  {
    id: 'Definition 4.1',
    title: 'The parameter B',
    statement: 'B = max{C·σ·√(log(nd/δ)), 1}',
    code: [['verify', 'parameterB', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: 'lemma-5.1',
  },
  {
    id: 'Theorem 4.2 / Theorem C.1',
    title: 'Main result: GD converges',
    statement:
      'm = Ω(λ⁻²n²d²exp(18B)log²(nd/δ)), η = 0.1λ/(mn²d²exp(16B)), T̂ = Ω((mηλ)⁻¹log(nd/ε)) ⇒ ‖F(T̂) − Y‖²_F ≤ ε w.p. 1 − δ',
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
    title: 'Width and steps in terms of n, d, λ',
    statement: 'the constants of Theorem 4.2 with B substituted',
    code: [['verify', 'theoryConstants', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: null,
  },
  {
    id: 'Lemma 5.1 / Lemma B.2',
    title: 'Weight perturbation ⇒ kernel perturbation',
    statement: 'max_r ‖w_r − w̃_r‖₂ ≤ R ⇒ ‖H(W) − H(W̃)‖_F ≤ R·nd·exp(10B)',
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
    statement: '‖F(τ) − Y‖²_F ≤ (1 − mηλ/2)^τ‖F(0) − Y‖²_F, ‖w_r(τ) − w_r(0)‖₂ ≤ R, η‖Δw_r(τ)‖₂ ≤ 0.01',
    code: [
      ['ntk', 'kernelRecorders', 'src/drift/kernelRecorders.ts'],
      ['verify', 'checkLemma53', 'src/checks/lemma53.ts'],
    ],
    cli: 'softmax-ntk train --problem p.json --out t.json --track-kernel 10',
    check: 'lemma-5.3',
    note: 'The live training demo plots this bound.',
  },
  {
    id: 'Definition A.2',
    title: 'The radius D',
    statement: 'D = 4m⁻¹λ⁻¹exp(3B)√(nd)·‖F(0) − Y‖_F',
    code: [['verify', 'theoryConstants', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: 'lemma-5.3',
  },
  {
    id: 'Fact A.4',
    title: '⟨1_m, S_i⟩ = 1',
    statement: 'softmax rows sum to one (used to simplify Claim 3.4)',
    code: [['verify', 'reference', 'src/reference/reference.ts']],
    cli: null,
    check: 'claim-3.4',
  },
  {
    id: 'Lemma D.1',
    title: 'Gradient bound',
    statement: '‖Δw_r(τ)‖₂ ≤ exp(3B)·√(nd)·‖F(τ) − Y‖_F',
    code: [['verify', 'checkLemma53', 'src/checks/lemma53.ts']],
    cli: 'softmax-ntk verify --only lemma-5.3',
    check: 'lemma-5.3',
  },
  {
    id: 'Lemma D.3',
    title: 'Initial loss',
    statement: 'F(W(0)) = 0 under Definition 3.7, so ‖F(0) − Y‖_F = ‖Y‖_F = O(√(nd))',
    code: [
      ['verify', 'checkLemmaD3', 'src/checks/lemmaD3.ts'],
      ['network', 'initWeights', 'src/init/initWeights.ts'],
    ],
    cli: 'softmax-ntk verify --only lemma-d.3',
    check: 'lemma-d.3',
  },
  {
    id: 'Lemma E.2',
    title: 'The radius R',
    statement: 'R = λ / (n·d·exp(10B)) keeps λ_min(H(W)) ≥ λ/2',
    code: [['verify', 'theoryConstants', 'src/constants/theoryConstants.ts']],
    cli: 'softmax-ntk bounds --n 8 --d 4 --lambda 0.1',
    check: 'lemma-5.3',
  },
  {
    id: 'Claim E.5',
    title: 'λ_min(H(τ)) ≥ λ/2 along the run',
    statement: 'while the weights stay within R of W(0)',
    code: [
      ['ntk', 'kernelRecorders', 'src/drift/kernelRecorders.ts'],
      ['ntk', 'spectrum', 'src/spectrum/spectrum.ts'],
    ],
    cli: 'softmax-ntk train --problem p.json --out t.json --track-kernel 10',
    check: 'lemma-5.3',
    note: 'The live training demo plots λ_min(H(τ)) against λ/2.',
  },
  {
    id: 'Definition F.1',
    title: 'NTK regression predictor',
    statement: 'F_ntk(x) = K*(x)·(H*)⁻¹·vec(Y), and its GD dynamics with parameter γ(τ) (Eq. 25)',
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
    statement: '‖F_ntk(x) − F_nn(x)‖ small when ‖H(τ) − H*‖ ≤ ε_H ≤ λ/2',
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
    statement: 'width m* and steps T* needed, as functions of n',
    code: [
      ['network', 'forward', 'src/network/forward.ts'],
      ['verify', 'checkTable1', 'src/checks/table1.ts'],
    ],
    cli: 'softmax-ntk verify --only table-1',
    check: 'table-1',
  },
  {
    id: 'Eq. 3 and Assumption 6.3',
    title: 'VP forward SDE and its schedule g(t)',
    statement: 'dx = −½ g(t)x dt + √g(t) dB, α_t = exp(−½∫₀ᵗ g), σ_t² = 1 − α_t²',
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
    statement: 'x(t) = α_t x(0) + σ_t ε; the network input is (x(t), t), the label x(0)',
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
    statement: 'dy = (½g(T−t)y + g(T−t)∇log p_{T−t}(y))dt + √g(T−t) dB̄',
    code: [['diffusion', 'sample', 'src/sample/sample.ts']],
    cli: 'softmax-ntk diffusion sample --model model.json --out samples.csv',
    check: 'theorem-6.5',
    note: 'The live diffusion demo animates this sampler.',
  },
  {
    id: 'Theorem 6.5 / Theorem G.2',
    title: 'Score estimation and generalisation',
    statement: '(1/(T−T₀))∫_{T₀}^T E‖s_W(t, x) − ∇log p_t(x)‖² dt = O(n^{−1/2}·…) for the softmax score network',
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
