#!/usr/bin/python3
"""Generate the NaN/Inf-propagation fixtures of clinreg's kernels from PyTorch 1.13 (issue #19).

Run with Debian's PyTorch:  /usr/bin/python3 scripts/gen-nan-kernel-fixtures.py
Writes test/fixtures/reliability/nan-kernels.json, read by test/reliability/nan-kernels.test.ts.

What PyTorch does and the fixture pins:
- GEMM / Linear / Conv2d (unpadded; see conv_cases) form every product, so 0·NaN and 0·Inf give NaN (BLAS does not skip a
  zero multiplier): a NaN in one operand poisons every output it meets, zeros or not.
- Dropout on CPU is `input * noise` (noise = bernoulli(1 − p)/(1 − p)): a dropped NaN or ±Inf gives
  NaN, a dropped negative gives −0; the gradient is `grad * noise` (a dropped NaN gradient stays
  NaN).
Operand values are multiples of 1/4 in [−2, 2], so every product and sum is exact in float32 and
every tier must match PyTorch bit for bit (NaN positions included).

Numbers are JSON numbers except the non-finite ones and −0, written as "nan", "inf", "-inf", "-0".
"""
import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "reliability")
torch.set_default_dtype(torch.float32)
gen = torch.Generator().manual_seed(20261206)


def enc(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    return int(v) if v == int(v) else v


def T(t):
    return [enc(v) for v in t.detach().to(torch.float64).contiguous().flatten().tolist()]


def quarters(*shape, zeros=0.4):
    """Multiples of 1/4 in [−2, 2] with about `zeros` of exact zeros."""
    v = torch.randint(-8, 9, shape, generator=gen).to(torch.float32) / 4
    return torch.where(torch.rand(shape, generator=gen) < zeros, torch.zeros(shape), v)


def poison(a, b):
    """a (m×k) · b (k×n): a zero column of a meets NaN and +Inf in b's row; a −Inf in a meets a zero
    row of b; so some outputs are NaN only through 0·NaN or 0·Inf."""
    m, k = a.shape
    n = b.shape[1]
    p0 = k // 2
    a[:, p0] = 0
    b[p0, n // 3] = float("nan")
    if n > 1:
        b[p0, n - 1] = float("inf")
    if k > 1:
        p1 = (p0 + 1) % k
        b[p1, :] = 0
        a[m // 2, p1] = float("-inf")
    return a, b


def gemm_cases():
    cases = []
    shapes = [(1, 9, 5), (7, 1, 5), (1, 1, 3), (6, 10, 5), (13, 35, 19), (3, 6, 270), (40, 3, 33)]
    for m, n, k in shapes:
        for ta in (False, True):
            for tb in (False, True):
                a, b = poison(quarters(m, k), quarters(k, n))
                acc = (m * n * k) % 2 == 1 and ta != tb
                c0 = quarters(m, n, zeros=0.2) if acc else None
                c = a @ b if c0 is None else c0 + a @ b
                cases.append({
                    "transA": ta, "transB": tb, "m": m, "n": n, "k": k, "accumulate": acc,
                    "a": T(a.t() if ta else a), "b": T(b.t() if tb else b),
                    "c0": T(c0) if c0 is not None else None, "c": T(c),
                })
    # Large enough for the native tier's thread split (2·m·n·k above 1.5 MFLOP), as Linear issues it.
    m, n, k = 96, 100, 80
    a, b = poison(quarters(m, k), quarters(k, n))
    cases.append({"transA": False, "transB": True, "m": m, "n": n, "k": k, "accumulate": False,
                  "a": T(a), "b": T(b.t()), "c0": None, "c": T(a @ b)})
    return cases


def linear_cases():
    cases = []
    for m, n, k, relu in [(4, 6, 5, True), (1, 9, 5, False), (9, 1, 5, True), (33, 40, 20, True)]:
        x, wt = poison(quarters(m, k), quarters(k, n))
        w = wt.t().contiguous()
        bias = quarters(n, zeros=0.2)
        y = F.linear(x, w, bias)
        if relu:
            y = torch.relu(y)
        cases.append({"m": m, "n": n, "k": k, "relu": relu, "x": T(x), "w": T(w), "bias": T(bias), "y": T(y)})
    return cases


def conv_cases():
    """Unpadded convolutions, forward and both gradients. With zero padding, whether a NaN weight
    meets the padded zeros is backend-defined in PyTorch 1.13 (its mkldnn forward multiplied them
    for a 1-channel 4×4 image and skipped them for this 3-channel batch; its filter gradient skips
    them), so padding is left out: clinreg's im2col multiplies the padded zeros like a BLAS would."""
    cases = []
    for n, c, h, w, o, kh, pad in [(2, 3, 5, 5, 4, 3, 0), (2, 3, 6, 5, 4, 3, 0), (2, 3, 4, 4, 5, 1, 0)]:
        x = quarters(n, c, h, w)
        x[:, :, : h // 2, :] = 0
        x[1, 2, h - 1, w - 1] = float("inf")
        wt = quarters(o, c, kh, kh)
        wt[1, 0, 0, 0] = float("nan")
        xg = x.clone().requires_grad_(True)
        wg = wt.clone().requires_grad_(True)
        y = F.conv2d(xg, wg, padding=pad)
        dy = quarters(*y.shape)
        dy[0, 2, 0, 0] = float("nan")
        dy[1, 3 % o, -1, -1] = float("-inf")
        y.backward(dy)
        case = {"batch": n, "inChannels": c, "height": h, "width": w, "outChannels": o, "kernel": kh, "pad": pad,
                "x": T(x), "w": T(wt), "y": T(y), "dy": T(dy), "dx": T(xg.grad), "dw": T(wg.grad)}
        cases.append(case)
    return cases


def dropout_case():
    """x and the upstream gradient hold every special value; the seed is chosen so that each value
    is seen both kept and dropped. `keep` is PyTorch's own mask (dropout of ones, same seed)."""
    p = 0.4
    specials = [float("nan"), float("inf"), float("-inf"), 0.0, -0.0, -1.0, 2.0, 0.25, -5.5]
    x0 = torch.tensor(specials * 8)
    g = torch.tensor((specials[3:] + specials[:3]) * 8)
    for seed in range(1000):
        torch.manual_seed(seed)
        keep = F.dropout(torch.ones(len(x0)), p) != 0
        seen = {(i % len(specials), bool(keep[i])) for i in range(len(x0))}
        if len(seen) == 2 * len(specials):
            break
    x = x0.clone().requires_grad_(True)
    torch.manual_seed(seed)
    y = F.dropout(x, p)
    y.backward(g)
    return {"p": p, "x": T(x0), "keep": [bool(v) for v in keep.tolist()], "y": T(y), "g": T(g), "gx": T(x.grad)}


def main():
    payload = {
        "generator": "scripts/gen-nan-kernel-fixtures.py",
        "torch": torch.__version__,
        "gemm": gemm_cases(),
        "linear": linear_cases(),
        "conv2d": conv_cases(),
        "dropout": dropout_case(),
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "nan-kernels.json"), "w") as f:
        json.dump(payload, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
