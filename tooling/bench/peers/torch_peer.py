"""
The PyTorch peer of softmax-ntk's benchmark workloads (tooling/bench/peers).

Written the way a competent PyTorch user would write them — autograd for the
gradient-descent step, torch.autograd.functional.jacobian then J Jᵀ for the
generic NTK, the closed form of Definition 3.6 (Gu, Li, Liang, Shi, Song —
"Exploring the Frontiers of Softmax", 2024) in tensor ops, numpy.linalg.eigvalsh
(LAPACK) for the spectrum, and a batched reverse-SDE loop for sampling — on
the same problem files the TypeScript side reads.

Protocol (one JSON object per line on stdin, one answer per line on stdout):
  {"cmd": "setup", "workload": id, "dir": work dir}  -> {"ok": true, ...}
  {"cmd": "run"}                                      -> {"ms": wall time of the work}
  {"cmd": "result", "path": p}                        -> writes the result (float64 LE) to p
  {"cmd": "peak"}                                     -> {"peakRssMb": process high-water mark}
  {"cmd": "gemm-peak"}                                -> float32 GEMM GFLOP/s (torch and numpy, all cores)
  {"cmd": "quit"}
or, as the cross-check of the timed numbers, `python3 torch_peer.py bare WORKLOAD DIR REPS`: a warm-up, then REPS runs
of the job with a clock around each and nothing else; prints {"wall": [ms…], "threads": …}.
Threads: TORCH_NUM_THREADS (default all cores); denormals are flushed (torch.set_flush_denormal(True)).
Run with Debian's /usr/bin/python3 (python3-torch, python3-numpy).
"""
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch

# TORCH_NUM_THREADS (run.ts sets 1 and all cores for the GD step and keeps the better), else all cores, as
# OpenBLAS uses by default (Debian's torch would otherwise start with 1 intra-op thread here). Denormals flushed,
# as a PyTorch user tuning CPU speed would.
torch.set_num_threads(int(os.environ.get("TORCH_NUM_THREADS", os.cpu_count() or 1)))
torch.set_flush_denormal(True)
DT = torch.float32


def load_problem(path):
    with open(path) as f:
        p = json.load(f)
    t = lambda k: torch.tensor(p[k], dtype=DT)
    return p, t("x"), t("y"), t("w"), t("a")


def read_f64(path, shape):
    return np.fromfile(path, dtype="<f8").reshape(shape)


# ---------------------------------------------------------------- the network (Definition 3.1)
def forward(x, w, a):
    """F = m · softmax(X Wᵀ) aᵀ, n × d_out (w: m × d_in, a: d_out × m); m scales the n × d_out product, not the
    n × m softmax (`m * softmax(…) @ a.T` would scale, and differentiate, an n × m tensor)."""
    m = w.shape[0]
    return (torch.softmax(x @ w.T, dim=1) @ a.T) * m


class GdStep:
    """One GD step by autograd: L = ½‖F − Y‖², W ← W − η ∇_W L (from W(0) each run)."""

    def __init__(self, d):
        meta = json.load(open(os.path.join(d, "meta.json")))
        _, self.x, self.y, w, self.a = load_problem(os.path.join(d, "problem.json"))
        self.w0 = w
        self.eta = meta["eta"]

    def run(self):
        w = self.w0.clone().requires_grad_(True)
        loss = 0.5 * ((forward(self.x, w, self.a) - self.y) ** 2).sum()
        (g,) = torch.autograd.grad(loss, w)
        with torch.no_grad():
            self.out = w.detach().sub_(self.eta * g)
        return loss.item()

    def result(self):
        return self.out.double().numpy()


class Gd1000:
    """1,000 GD steps by autograd, recording per step what `train` records: loss, max_r ‖w_r − w_r(0)‖, max_r η‖Δw_r‖."""

    def __init__(self, d):
        meta = json.load(open(os.path.join(d, "meta.json")))
        _, self.x, self.y, self.w0, self.a = load_problem(os.path.join(d, "problem.json"))
        self.eta = meta["eta"]
        self.steps = meta["steps"]

    def run(self):
        w = self.w0.clone().requires_grad_(True)
        hist = []
        for _ in range(self.steps):
            w.grad = None
            loss = 0.5 * ((forward(self.x, w, self.a) - self.y) ** 2).sum()
            loss.backward()
            with torch.no_grad():
                change = (w - self.w0).norm(dim=1).max()
                step = self.eta * w.grad.norm(dim=1).max()
                w -= self.eta * w.grad
            hist.append((loss.item(), change.item(), step.item()))
        with torch.no_grad():
            final = 0.5 * ((forward(self.x, w, self.a) - self.y) ** 2).sum().item()
        self.out = np.concatenate([[final], w.detach().double().numpy().ravel()])
        self.hist = hist

    def result(self):
        return self.out


def closed_form_gram(x, w, a):
    """Definition 3.6: H = m·(G Gᵀ) ⊙ (X Xᵀ ⊗ 1_{d×d}), G_{(ℓ,i),r} = S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩); output-major."""
    n = x.shape[0]
    d, m = a.shape
    S = torch.softmax(x @ w.T, dim=1)                     # n × m
    P = S @ a.T                                           # n × d
    C = m * S.unsqueeze(0) * (a.unsqueeze(1) - P.T.unsqueeze(2))  # d × n × m: c = m·S ⊙ (a_ℓ − P_ℓ)
    C = C.reshape(d * n, m)
    K = x @ x.T
    return (C @ C.T) * K.repeat(d, d) / m


class GramClosed:
    def __init__(self, d):
        _, self.x, _, self.w, self.a = load_problem(os.path.join(d, "problem.json"))

    def run(self):
        with torch.no_grad():
            self.out = closed_form_gram(self.x, self.w, self.a)

    def result(self):
        return self.out.double().numpy()


class GramGeneric:
    """The generic route: J = ∂ vec F / ∂W by torch.autograd.functional.jacobian (vectorized), then H = J Jᵀ / m."""

    def __init__(self, d):
        _, self.x, _, self.w, self.a = load_problem(os.path.join(d, "problem.json"))
        meta = json.load(open(os.path.join(d, "meta.json")))
        self.vectorize = meta.get("vectorize", True)

    def run(self):
        x, a = self.x, self.a
        m = self.w.shape[0]
        f = lambda w: forward(x, w, a).T.reshape(-1)   # output-major ℓ·n + i
        J = torch.autograd.functional.jacobian(f, self.w, vectorize=self.vectorize)  # nd × m × d_in
        J = J.reshape(J.shape[0], -1)
        with torch.no_grad():
            self.out = J @ J.T / m

    def result(self):
        return self.out.double().numpy()


class LambdaMin:
    """λ_min of the float64 H (written by the TypeScript side) by LAPACK through numpy.linalg.eigvalsh."""

    def __init__(self, d):
        meta = json.load(open(os.path.join(d, "meta.json")))
        N = meta["size"]
        self.H = read_f64(os.path.join(d, "H.f64"), (N, N))

    def run(self):
        self.out = np.linalg.eigvalsh(self.H)[0]

    def result(self):
        return np.array([self.out])


def schedule(meta):
    """Linear VP schedule g(t) = β_min + (t/T)(β_max − β_min): ∫₀ᵗ g, α_t = exp(−½∫), σ_t² = −expm1(−∫)."""
    b0, b1, T = meta["betaMin"], meta["betaMax"], meta["T"]
    g = lambda t: b0 + (t / T) * (b1 - b0)
    integ = lambda t: b0 * t + (b1 - b0) * t * t / (2 * T)
    alpha = lambda t: math.exp(-0.5 * integ(t))
    sigma2 = lambda t: -math.expm1(-integ(t))
    return g, alpha, sigma2


class ScoreNet:
    """s(t, x) = (α_t F((t/T, x)/R) − x)/σ_t² with F the softmax network (Section 6.1, x0-parameterization)."""

    def __init__(self, d):
        self.meta = json.load(open(os.path.join(d, "meta.json")))
        _, _, _, self.w, self.a = load_problem(os.path.join(d, "problem.json"))
        self.g, self.alpha, self.sigma2 = schedule(self.meta)
        self.T = self.meta["T"]
        self.R = self.meta["inputScale"]

    def score(self, t, x):
        inp = torch.cat([torch.full((x.shape[0], 1), t / self.T, dtype=x.dtype), x], dim=1) / self.R
        F = forward(inp, self.w, self.a)
        return (self.alpha(t) * F - x) / self.sigma2(t)


class ScoreEval(ScoreNet):
    def __init__(self, d):
        super().__init__(d)
        N, dim = self.meta["count"], self.meta["dim"]
        self.x = torch.from_numpy(read_f64(os.path.join(d, "points.f64"), (N, dim))).to(DT)

    def run(self):
        with torch.no_grad():
            self.out = self.score(self.meta["t"], self.x)

    def result(self):
        return self.out.double().numpy()


class ReverseSde(ScoreNet):
    """Euler–Maruyama on the reverse SDE from T to T₀, all samples batched; the N(0, I) draws are read from the
    file the TypeScript side wrote (the same stream its sampler draws), so the two trajectories can be compared."""

    def __init__(self, d):
        super().__init__(d)
        N, dim, steps = self.meta["count"], self.meta["dim"], self.meta["steps"]
        z = read_f64(os.path.join(d, "noise.f64"), (steps + 1, N, dim))
        self.z = torch.from_numpy(z).to(DT)

    def run(self):
        meta = self.meta
        steps, T, t0 = meta["steps"], meta["T"], meta["t0"]
        h = (T - t0) / steps
        with torch.no_grad():
            x = self.z[0].clone()
            for k in range(steps):
                t = T - k * h
                tn = t0 if k == steps - 1 else T - (k + 1) * h
                hk = t - tn
                g = self.g(t)
                s = self.score(t, x)
                x = x + hk * (0.5 * g * x + g * s) + math.sqrt(g * hk) * self.z[k + 1]
        self.out = x

    def result(self):
        return self.out.double().numpy()


WORKLOADS = {
    "gd-step": GdStep,
    "gd-1000": Gd1000,
    "gram-closed": GramClosed,
    "gram-generic": GramGeneric,
    "lambda-min": LambdaMin,
    "lambda-min-dense": LambdaMin,
    "score-eval": ScoreEval,
    "reverse-sde": ReverseSde,
}


def gemm_peak():
    """float32 GEMM GFLOP/s on all cores: torch.mm and numpy.matmul on 2048² and 4096 × 2048 · 2048 × 4096, best of 5."""
    out = {"threads": torch.get_num_threads()}
    for name, mk, mm in (
        ("torch", lambda r, c: torch.randn(r, c, dtype=DT), torch.mm),
        ("numpy", lambda r, c: np.random.default_rng(0).standard_normal((r, c), dtype=np.float32), np.matmul),
    ):
        best = 0.0
        for (M, K, N) in ((2048, 2048, 2048), (2048, 4096, 2048)):
            A, B = mk(M, K), mk(K, N)
            mm(A, B)
            for _ in range(5):
                t0 = time.perf_counter()
                mm(A, B)
                dt = time.perf_counter() - t0
                best = max(best, 2 * M * N * K / dt / 1e9)
        out[name] = best
    return out


def bare(workload, d, reps):
    """The cross-check: the same job in a loop with a clock around each run and nothing else (no protocol)."""
    job = WORKLOADS[workload](d)
    job.run()
    wall = []
    for _ in range(reps):
        t0 = time.perf_counter()
        job.run()
        wall.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"wall": wall, "threads": torch.get_num_threads()}))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "bare":
        bare(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    job = None
    for line in sys.stdin:
        msg = json.loads(line)
        cmd = msg["cmd"]
        try:
            if cmd == "setup":
                job = WORKLOADS[msg["workload"]](msg["dir"])
                ans = {"ok": True, "torch": torch.__version__, "numpy": np.__version__, "threads": torch.get_num_threads()}
            elif cmd == "run":
                t0 = time.perf_counter()
                job.run()
                ans = {"ms": (time.perf_counter() - t0) * 1e3}
            elif cmd == "result":
                np.ascontiguousarray(job.result(), dtype="<f8").tofile(msg["path"])
                ans = {"ok": True}
            elif cmd == "peak":
                ans = {"peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
            elif cmd == "gemm-peak":
                ans = gemm_peak()
            elif cmd == "quit":
                break
            else:
                ans = {"error": f"unknown command {cmd}"}
        except Exception as e:  # report, never hang the orchestrator
            ans = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(ans) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
