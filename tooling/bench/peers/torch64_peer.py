"""
The PyTorch peer of tooling/bench/peers/float64.ts (issue 17): PyTorch at equal precision, written the way a
competent PyTorch user writes it — autograd for the GD step of Definition 3.5, the closed form of Definition 3.6
in tensor ops for H, torch.linalg.eigvalsh / eigh (LAPACK) for the spectrum — and the whole-process jobs that
`softmax-ntk ntk` and `softmax-ntk train --steps S` do, on the same problem file. Gu, Li, Liang, Shi, Song —
"Exploring the Frontiers of Softmax" (2024).

  python3 torch64_peer.py step P REPS PREC         in process: warm-up, then REPS timed GD steps (autograd), each
                                                   from W(0), as ours times them
  python3 torch64_peer.py gram P REPS              in process: warm-up, then REPS timed float64 H (Definition 3.6)
  python3 torch64_peer.py eig H N REPS vals|vecs   in process: warm-up, then REPS timed eigvalsh / eigh (float64)
  python3 torch64_peer.py bare-step|bare-gram|bare-eig …  the same loop as a bare script: a clock around the
                                                   call and nothing else (the cross-check of the timed numbers)
  python3 torch64_peer.py ntk P PREC               whole process: read P, H, λ_min and λ_max
  python3 torch64_peer.py train P STEPS ETA PREC OUT  whole process: STEPS GD steps recording loss, max weight
                                                   change and max step norm per step; writes the trained
                                                   problem file OUT and OUT's .history.csv, as `train` does

PREC is float64 or float32. Threads: TORCH_NUM_THREADS (the runner sets 1 and all cores and keeps the better;
Debian's torch starts with 1 intra-op thread here). Denormals are flushed (torch.set_flush_denormal(True)).
Timed lines are JSON on stdout: {"wall": [ms…], "cpu": [ms…], …}. Run with Debian's /usr/bin/python3.
"""
import json
import os
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("TORCH_NUM_THREADS", os.cpu_count() or 1)))
torch.set_flush_denormal(True)
DTYPES = {"float64": torch.float64, "float32": torch.float32}


def load_problem(path, dt):
    with open(path) as f:
        p = json.load(f)
    return p, tuple(torch.tensor(p[k], dtype=dt) for k in ("x", "y", "w", "a"))


def forward(x, w, a):
    """Definition 3.1: F = m · softmax(X Wᵀ) aᵀ (w: m × d_in, a: d_out × m). The factor m multiplies the n × d_out
    product, not the n × m softmax (`m * softmax(…) @ a.T` would scale, and differentiate, an n × m tensor)."""
    return (torch.softmax(x @ w.T, dim=1) @ a.T) * w.shape[0]


def gd_step(x, y, w, a, eta):
    """One GD step by autograd (Definition 3.5): L = ½‖F − Y‖², W ← W − η ∇_W L, in place; returns L and ΔW."""
    w.requires_grad_(True)
    loss = 0.5 * ((forward(x, w, a) - y) ** 2).sum()
    (g,) = torch.autograd.grad(loss, w)
    with torch.no_grad():
        w.requires_grad_(False)
        w.sub_(eta * g)
    return loss.item(), g


def gram(x, w, a):
    """Definition 3.6: H = (1/m)·(C·Cᵀ) ⊙ (X·Xᵀ ⊗ 1), C_{(ℓ,i),r} = m·S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩), output-major."""
    d, m = a.shape
    s = torch.softmax(x @ w.T, dim=1)
    p = s @ a.T
    c = (m * s[None, :, :] * (a[:, None, :] - p.T[:, :, None])).reshape(-1, m)
    return (c @ c.T) * (x @ x.T).repeat(d, d) / m


def timed(fn, reps):
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(1e3 * (time.perf_counter() - t))
        cpu.append(1e3 * (time.process_time() - c))
    return wall, cpu


def bare(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(1e3 * (time.perf_counter() - t))
    return times


def main():
    cmd = sys.argv[1]
    plain = cmd.startswith("bare-")
    job = cmd[5:] if plain else cmd
    if job == "step":
        dt = DTYPES[sys.argv[4]]
        _, (x, y, w, a) = load_problem(sys.argv[2], dt)
        reps, eta = int(sys.argv[3]), 1e-3
        w0 = w.clone()
        state = {}

        # Each timed step starts from W(0), as ours (ours64.ts step) does: stepping on in place with this η would
        # time later steps on a diverged W (saturated softmax), not the step at W(0) both sides report.
        def one():
            state["loss"], _ = gd_step(x, y, w0.clone(), a, eta)

        if plain:
            print(json.dumps({"wall": bare(one, reps)}))
            return
        wall, cpu = timed(one, reps)
        # The loss at W(0), for the agreement with ours (the timed loop moved W).
        loss0, _ = gd_step(x, y, w0.clone(), a, eta)
        print(json.dumps({"wall": wall, "cpu": cpu, "loss": loss0, "threads": torch.get_num_threads()}))
    elif job == "gram":
        _, (x, y, w, a) = load_problem(sys.argv[2], torch.float64)
        reps = int(sys.argv[3])
        out = {}

        def one():
            out["H"] = gram(x, w, a)

        if plain:
            print(json.dumps({"wall": bare(one, reps)}))
            return
        wall, cpu = timed(one, reps)
        h = out["H"]
        print(json.dumps({"wall": wall, "cpu": cpu, "trace": float(h.trace()), "h01": float(h[0, 1]),
                          "threads": torch.get_num_threads()}))
    elif job == "eig":
        n = int(sys.argv[3])
        with open(sys.argv[2], "rb") as f:
            h = torch.frombuffer(bytearray(f.read()), dtype=torch.float64).reshape(n, n)
        reps = int(sys.argv[4])
        vecs = sys.argv[5] == "vecs"
        out = {}

        def one():
            out["v"] = torch.linalg.eigh(h)[0] if vecs else torch.linalg.eigvalsh(h)

        if plain:
            print(json.dumps({"wall": bare(one, reps)}))
            return
        wall, cpu = timed(one, reps)
        v = out["v"]
        print(json.dumps({"wall": wall, "cpu": cpu, "lambdaMin": float(v[0]), "lambdaMax": float(v[-1]),
                          "threads": torch.get_num_threads()}))
    elif job == "ntk":
        _, (x, y, w, a) = load_problem(sys.argv[2], DTYPES[sys.argv[3]])
        v = torch.linalg.eigvalsh(gram(x, w, a))
        print(json.dumps({"lambdaMin": float(v[0]), "lambdaMax": float(v[-1])}))
    elif job == "train":
        path, steps, eta, prec, out = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
        p, (x, y, w, a) = load_problem(path, DTYPES[prec])
        w0 = w.clone()
        # A plain autograd loop: the three recorded numbers stay tensors until the loop is done (no host
        # round trip per step), then one conversion.
        hist = torch.empty(steps, 3, dtype=torch.float64)
        for k in range(steps):
            w.requires_grad_(True)
            loss = 0.5 * ((forward(x, w, a) - y) ** 2).sum()
            (g,) = torch.autograd.grad(loss, w)
            with torch.no_grad():
                w.requires_grad_(False)
                # as `train` records step τ: the loss and max_r ‖w_r(τ) − w_r(0)‖ at W(τ), the step taken from it
                hist[k, 0] = loss
                hist[k, 1] = (w - w0).norm(dim=1).max()
                hist[k, 2] = eta * g.norm(dim=1).max()
                w.sub_(eta * g)
        rows = [f"{k},{r[0]!r},{r[1]!r},{r[2]!r}" for k, r in enumerate(hist.tolist())]
        with torch.no_grad():
            final = 0.5 * float(((forward(x, w, a) - y) ** 2).sum())
        p["w"] = w.double().tolist()
        with open(out, "w") as f:
            json.dump(p, f)
        with open(out[:-5] + ".history.csv" if out.endswith(".json") else out + ".history.csv", "w") as f:
            f.write("step,loss,maxWeightChange,maxStepNorm\n" + "\n".join(rows) + "\n")
        print(json.dumps({"loss": final}))
    else:
        sys.exit(f"torch64_peer.py: unknown command {cmd!r}")


if __name__ == "__main__":
    main()
