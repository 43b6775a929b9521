"""
The float64 peer of tooling/bench/peers/float64.ts: NumPy on OpenBLAS/LAPACK,
for the rows whose PyTorch side cannot run where torch is not installed (the
float64 GD step of Definition 3.5 with the closed-form gradient of Claim 3.4,
dense eigvalsh/eigh — LAPACK dsyevd, what torch.linalg.eigvalsh also calls —
and the whole-process `ntk` and `train` jobs). Gu, Li, Liang, Shi, Song —
"Exploring the Frontiers of Softmax" (2024).

  python3 numpy_peer.py step P REPS          in process: warm-up, then REPS timed float64 steps
  python3 numpy_peer.py plain-step P REPS    the same loop as a bare script (the cross-check)
  python3 numpy_peer.py eig H N REPS vals|vecs  in process: warm-up, then eigvalsh / eigh of the N × N float64 H
  python3 numpy_peer.py ntk P                whole process: read P, H (Definition 3.6), λ_min and λ_max
  python3 numpy_peer.py train P STEPS ETA    whole process: STEPS float64 GD steps, final loss

Timed lines are JSON on stdout: {"wall": [ms…], "cpu": [ms…], …}. Threads: OpenBLAS's default (all cores)
unless OPENBLAS_NUM_THREADS says otherwise; the runner sets it per row and records it.
"""
import json
import sys
import time

import numpy as np


def load_problem(path):
    with open(path) as f:
        p = json.load(f)
    return tuple(np.asarray(p[k], dtype=np.float64) for k in ("x", "y", "w", "a"))


def loss_and_gradient(x, y, wt, a):
    """Definition 3.1 and Claim 3.4: S = softmax(X·Wᵀ), F = m·S·aᵀ, E = F − Y, C = m·S ⊙ (E·a − rowsum(E ⊙ P)),
    ΔWᵀ = Xᵀ·C (d_in × m). wt is Wᵀ."""
    m = wt.shape[1]
    z = x @ wt
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    p = z @ a.T
    e = m * p - y
    c = m * z * (e @ a - (e * p).sum(axis=1, keepdims=True))
    return 0.5 * float((e * e).sum()), x.T @ c


def gram(x, w, a):
    """Definition 3.6: H = m·(G·Gᵀ) ⊙ (X·Xᵀ ⊗ 1), G_{(ℓ,i),r} = S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩), output-major."""
    n = x.shape[0]
    d, m = a.shape
    z = x @ w.T
    z -= z.max(axis=1, keepdims=True)
    s = np.exp(z)
    s /= s.sum(axis=1, keepdims=True)
    p = s @ a.T
    c = (m * s[None, :, :] * (a[:, None, :] - p.T[:, :, None])).reshape(d * n, m)
    return (c @ c.T) * np.tile(x @ x.T, (d, d)) / m


def timed(fn, reps):
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(1e3 * (time.perf_counter() - t))
        cpu.append(1e3 * (time.process_time() - c))
    return wall, cpu


def main():
    cmd = sys.argv[1]
    if cmd in ("step", "plain-step"):
        x, y, w, a = load_problem(sys.argv[2])
        reps = int(sys.argv[3])
        wt = np.ascontiguousarray(w.T)
        eta = 1e-3
        if cmd == "plain-step":
            # The bare loop, nothing but the step and a clock: what the harness's number must agree with.
            times = []
            for _ in range(reps + 1):
                t = time.perf_counter()
                loss, g = loss_and_gradient(x, y, wt, a)
                wt_next = wt - eta * g
                times.append(1e3 * (time.perf_counter() - t))
            print(json.dumps({"wall": times[1:]}))
            return
        state = {}

        def one():
            loss, g = loss_and_gradient(x, y, wt, a)
            state["w"] = wt - eta * g
            state["loss"] = loss

        wall, cpu = timed(one, reps)
        print(json.dumps({"wall": wall, "cpu": cpu, "loss": state["loss"]}))
    elif cmd == "eig":
        n = int(sys.argv[3])
        h = np.fromfile(sys.argv[2], dtype="<f8").reshape(n, n)
        reps = int(sys.argv[4])
        vecs = sys.argv[5] == "vecs"
        out = {}

        def one():
            out["v"] = np.linalg.eigh(h)[0] if vecs else np.linalg.eigvalsh(h)

        wall, cpu = timed(one, reps)
        print(json.dumps({"wall": wall, "cpu": cpu, "lambdaMin": float(out["v"][0]), "lambdaMax": float(out["v"][-1])}))
    elif cmd == "ntk":
        x, y, w, a = load_problem(sys.argv[2])
        v = np.linalg.eigvalsh(gram(x, w, a))
        print(json.dumps({"lambdaMin": float(v[0]), "lambdaMax": float(v[-1])}))
    elif cmd == "train":
        x, y, w, a = load_problem(sys.argv[2])
        steps, eta = int(sys.argv[3]), float(sys.argv[4])
        wt = np.ascontiguousarray(w.T)
        for _ in range(steps):
            loss, g = loss_and_gradient(x, y, wt, a)
            wt -= eta * g
        print(json.dumps({"loss": loss_and_gradient(x, y, wt, a)[0]}))
    else:
        sys.exit(f"numpy_peer.py: unknown command {cmd!r}")


if __name__ == "__main__":
    main()
