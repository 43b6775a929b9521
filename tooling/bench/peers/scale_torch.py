"""PyTorch counterpart of the nd = 32768 scale target of issue 17 (tooling/bench/peers/scale.ts).

lambda_min and lambda_max of the NTK Gram matrix H(W) of Definition 3.6 (Gu, Li, Liang, Shi, Song,
"Exploring the Frontiers of Softmax", 2024) for the problem file given, float64, by the same route as
`softmax-ntk ntk` takes at this size: the structured product H v (four thin products over S = softmax(X W^T))
inside Lanczos with full reorthogonalisation, the same stopping rules (lambda_max: residual <= tol * theta_max;
lambda_min: theta_min <= tol * theta_max certifies [0, theta_min]; when the structural rank bound is below n*d,
lambda_min = 0 exactly), the same start vector distribution. The dense route (torch.linalg.eigvalsh of the
32768^2 float64 H: 8.6 GB, ~N^3 work) is timed only at --dense N (a smaller n, to extrapolate from), never at
full size on a shared machine.

    python3 scale_torch.py PROBLEM.json [--tol 1e-6] [--max-iter 1000] [--threads K] [--dense-n N]

Prints one JSON line: lambdaMin, lambdaMax, products, seconds (after loading the file), peakRssBytes.
"""
import argparse
import json
import resource
import time

import torch


def rank_bound(w, a, n):
    m, d_in = w.shape
    d = a.shape[0]
    pairs = m % 2 == 0 and bool(torch.equal(w[0::2], w[1::2])) and bool(torch.equal(a[:, 0::2], -a[:, 1::2]))
    cols = (m // 2) * d_in if pairs else (m - 1) * d_in
    return min(n * d, cols)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("problem")
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--max-iter", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--confirm-zero", action="store_true")
    ap.add_argument("--dense-n", type=int, default=0)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    doc = json.load(open(args.problem))
    x = torch.tensor(doc["x"], dtype=torch.float64)
    w = torch.tensor(doc["w"], dtype=torch.float64)
    a = torch.tensor(doc["a"], dtype=torch.float64)
    if args.dense_n:
        x = x[: args.dense_n]
    t0 = time.perf_counter()
    n, m, d = x.shape[0], w.shape[0], a.shape[0]
    S = torch.softmax(x @ w.T, dim=1)  # n x m
    P = S @ a.T  # n x d

    def matvec(v):
        V = v.view(d, n)
        q = (P * V.T).sum(1)  # n
        B = S * (V.T @ a - q[:, None])
        U = B.T @ x  # m x d_in
        Y = S * (x @ U.T)
        z = Y.sum(1)
        return (m * (a @ Y.T - P.T * z[None, :])).reshape(-1)

    N = n * d
    if args.dense_n:
        # H column by column would be N products; form it from the Jacobian coefficients instead
        c = (S[None, :, :] * (a[:, None, :] - P.T[:, :, None])).reshape(N, m)  # c/m, rows l*n+i
        K = x @ x.T
        H = m * (c @ c.T) * K.repeat(d, d)
        ev = torch.linalg.eigvalsh(H)
        out = {"lambdaMin": ev[0].item(), "lambdaMax": ev[-1].item(), "route": "dense eigvalsh",
               "size": N, "seconds": time.perf_counter() - t0,
               "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
        print(json.dumps(out))
        return
    zero_by_rank = rank_bound(w, a, n) < N
    want_min = (not zero_by_rank) or args.confirm_zero
    k_max = min(N, args.max_iter)
    Q = torch.empty(k_max, N, dtype=torch.float64)
    alpha = torch.zeros(k_max, dtype=torch.float64)
    beta = torch.zeros(k_max, dtype=torch.float64)
    g = torch.Generator().manual_seed(0)
    q = torch.randn(N, dtype=torch.float64, generator=g)
    Q[0] = q / q.norm()
    k = 0
    last = 0
    done = False
    th_min = th_max = r_min = r_max = float("nan")
    while True:
        u = matvec(Q[k])
        h = Q[: k + 1] @ u
        u -= Q[: k + 1].T @ h
        h2 = Q[: k + 1] @ u
        u -= Q[: k + 1].T @ h2
        alpha[k] = h[k] + h2[k]
        b = u.norm()
        beta[k] = b
        k += 1
        at_end = k == k_max
        if at_end or k - last >= max(1, k >> 4):
            last = k
            T = torch.diag(alpha[:k]) + torch.diag(beta[: k - 1], 1) + torch.diag(beta[: k - 1], -1)
            vals, vecs = torch.linalg.eigh(T)
            th_min, th_max = vals[0].item(), vals[-1].item()
            r_min = abs(b.item() * vecs[k - 1, 0].item())
            r_max = abs(b.item() * vecs[k - 1, k - 1].item())
            done_max = r_max <= args.tol * th_max
            gap = (vals[1] - vals[0]).item() if k > 1 else 0.0
            e_min = min(r_min, r_min * r_min / gap) if gap > 0 else r_min
            done_min = (not want_min) or th_min <= args.tol * th_max or (not zero_by_rank and e_min <= args.tol * th_min)
            if (done_min and done_max) or at_end:
                done = done_min and done_max
                break
        Q[k] = u / b
    out = {
        "lambdaMin": 0.0 if zero_by_rank else th_min,
        "lambdaMax": th_max,
        "ritzMin": th_min,
        "residualMax": r_max,
        "converged": done,
        "products": k,
        "route": "structured Lanczos",
        "size": N,
        "threads": torch.get_num_threads(),
        "seconds": time.perf_counter() - t0,
        "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
