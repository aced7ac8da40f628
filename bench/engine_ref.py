"""PyTorch side of bench/engine.ts: a small server that times one task per request.

Run by bench/engine.ts with /usr/bin/python3 (Debian python3-torch 1.13) and the thread count
pinned through the environment (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS, read
when torch loads; Debian's torch hands matmul to OpenBLAS, which ignores torch.set_num_threads)
plus torch.set_num_threads. Reads one JSON request per line on stdin and answers one JSON line:
  {"task": "gemm", "m": .., "n": .., "k": .., "reps": ..}        -> {"seconds": per-call time}
  {"task": "mlp_gemms", "reps": ..}                               -> {"seconds": per-step time}
  {"task": "mlp_epoch" | "mc_dropout" | "cnn_epoch" | "mlp_step4096"} -> {"seconds": ...}
  {"task": "peak"}                                                -> {"maxrss_kib": ...}
The workloads mirror bench/engine.ts line by line (same models, sizes, batch order logic).
"""
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn

THREADS = int(os.environ.get("OMP_NUM_THREADS", "1"))
torch.set_num_threads(THREADS)
torch.manual_seed(0)


def seed_mlp(n_features=20):
    # RegularisedClinicalMLP from seed/regularisation-interview-qa.txt
    return nn.Sequential(
        nn.Linear(n_features, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.4),
        nn.Linear(128, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(64, 1),
    )


def seed_cnn(n_classes=10):
    # WellDesignedCNN from the seed
    backbone = nn.Sequential(
        nn.Conv2d(3, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
    )
    head = nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, n_classes))
    return nn.Sequential(backbone, head)


def tabular(rows=10_000, features=20):
    x = torch.randn(rows, features)
    y = (x[:, 0] + 0.5 * x[:, 1] + 0.3 * torch.randn(rows) > 0).float()
    return x, y


MLP = {}


def mlp_state():
    if not MLP:
        model = seed_mlp()
        MLP["model"] = model
        MLP["opt"] = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-4)
        MLP["loss"] = nn.BCEWithLogitsLoss()
        MLP["x"], MLP["y"] = tabular()
        MLP["xb"], MLP["yb"] = tabular(4096)
    return MLP


def mlp_epoch():
    s = mlp_state()
    model, opt, loss_fn, x, y = s["model"], s["opt"], s["loss"], s["x"], s["y"]
    model.train()
    t = time.perf_counter()
    perm = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], 64):
        idx = perm[start:start + 64]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]).squeeze(1), y[idx])
        loss.backward()
        opt.step()
    return time.perf_counter() - t


def mc_dropout():
    s = mlp_state()
    model, x = s["model"], s["x"]
    t = time.perf_counter()
    model.eval()
    for m in model.modules():
        if isinstance(m, nn.Dropout):
            m.train()
    with torch.no_grad():
        preds = torch.stack([torch.sigmoid(model(x)).squeeze(1) for _ in range(30)])
        mean, std = preds.mean(0), preds.std(0)
    elapsed = time.perf_counter() - t
    model.train()
    assert mean.shape == std.shape == (x.shape[0],)
    return elapsed


# Steps of workload (d) timed as one sample, the mean per step returned (bench/engine/workloads.ts has the same).
STEPS_PER_SAMPLE = 5


def mlp_step4096():
    s = mlp_state()
    model, opt, loss_fn = s["model"], s["opt"], s["loss"]
    t = time.perf_counter()
    for _ in range(STEPS_PER_SAMPLE):
        model.train()
        opt.zero_grad()
        loss = loss_fn(model(s["xb"]).squeeze(1), s["yb"])
        loss.backward()
        opt.step()
    return (time.perf_counter() - t) / STEPS_PER_SAMPLE


CNN = {}


def cnn_epoch():
    if not CNN:
        CNN["model"] = seed_cnn()
        CNN["opt"] = torch.optim.AdamW(CNN["model"].parameters(), lr=1e-3, weight_decay=1e-4)
        CNN["loss"] = nn.CrossEntropyLoss()
        CNN["x"] = torch.randn(512, 3, 32, 32)
        CNN["y"] = torch.randint(0, 10, (512,))
    model, opt, loss_fn, x, y = CNN["model"], CNN["opt"], CNN["loss"], CNN["x"], CNN["y"]
    model.train()
    t = time.perf_counter()
    perm = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], 32):
        idx = perm[start:start + 32]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return time.perf_counter() - t


def gemm(m, n, k, reps):
    a, b, c = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
    for _ in range(3):
        torch.mm(a, b, out=c)
    t = time.perf_counter()
    for _ in range(reps):
        torch.mm(a, b, out=c)
    return (time.perf_counter() - t) / reps


# The six GEMMs of one seed-MLP training step at batch 64 (forward x·Wᵀ, backward dY·W and dYᵀ·X).
MLP_GEMMS = [
    ("nt", 64, 128, 20), ("nt", 64, 64, 128), ("nt", 64, 1, 64),
    ("nn", 64, 64, 1), ("tn", 1, 64, 64), ("nn", 64, 128, 64), ("tn", 64, 128, 64), ("tn", 128, 20, 64),
]


def mlp_gemms(reps):
    ops = []
    for kind, m, n, k in MLP_GEMMS:
        if kind == "nt":
            a, b = torch.randn(m, k), torch.randn(n, k).t()
        elif kind == "tn":
            a, b = torch.randn(k, m).t(), torch.randn(k, n)
        else:
            a, b = torch.randn(m, k), torch.randn(k, n)
        ops.append((a, b, torch.empty(m, n)))
    def step():
        for a, b, c in ops:
            torch.mm(a, b, out=c)
    for _ in range(20):
        step()
    t = time.perf_counter()
    for _ in range(reps):
        step()
    return (time.perf_counter() - t) / reps


TASKS = {"mlp_epoch": mlp_epoch, "mc_dropout": mc_dropout, "cnn_epoch": cnn_epoch, "mlp_step4096": mlp_step4096}


def blas_core():
    """The BLAS library torch's matmul reaches: OpenBLAS with its core type, else the library file."""
    import ctypes

    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return "OpenBLAS " + lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        pass
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
        return "not OpenBLAS: " + (", ".join(libs) or "unknown")
    except OSError:
        return "unknown"


def main():
    torch.randn(8, 8) @ torch.randn(8, 8)  # load the BLAS before asking which one it is
    print(json.dumps({"ready": True, "threads": THREADS, "torch": torch.__version__, "blas": blas_core()}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        task = req["task"]
        if task == "gemm":
            out = {"seconds": gemm(req["m"], req["n"], req["k"], req["reps"])}
        elif task == "mlp_gemms":
            out = {"seconds": mlp_gemms(req["reps"])}
        elif task == "peak":
            out = {"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        else:
            out = {"seconds": TASKS[task]()}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
