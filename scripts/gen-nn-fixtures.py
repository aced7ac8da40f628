#!/usr/bin/python3
"""Generate the PyTorch-parity fixtures of clinreg's nn layers and losses.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 scripts/gen-nn-fixtures.py
Writes small JSON files to test/fixtures/nn/. Every tensor is {"shape": [...], "data": [...]}
(row-major float32 values written with 9 significant digits, which round-trips float32).
Inputs, weights and the upstream gradient `gout` are stored with the outputs, so the tests
need no Python and do not depend on either random stream.

torchvision is not installed here, so `sigmoid_focal_loss` is transcribed from
torchvision.ops.focal_loss (v0.14, the release paired with torch 1.13) below.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "nn")
torch.manual_seed(20240611)
torch.set_default_dtype(torch.float32)


def T(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.flatten().tolist()]}


def I(t):
    return [int(v) for v in t.flatten().tolist()]


def leaf(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_(True)


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def backward(out):
    gout = torch.randn_like(out)
    out.backward(gout)
    return gout


# ---------------------------------------------------------------- Linear
def linear_cases():
    cases = []
    for x_shape, inf, outf, bias in [((3, 5), 5, 4, True), ((2, 3, 5), 5, 2, False)]:
        lin = nn.Linear(inf, outf, bias=bias)
        x = leaf(*x_shape)
        y = lin(x)
        g = backward(y)
        case = {"inFeatures": inf, "outFeatures": outf, "bias": bias, "x": T(x), "weight": T(lin.weight),
                "out": T(y), "gout": T(g), "gradX": T(x.grad), "gradWeight": T(lin.weight.grad)}
        if bias:
            case["biasValue"] = T(lin.bias)
            case["gradBias"] = T(lin.bias.grad)
        cases.append(case)
    return {"cases": cases}


# ---------------------------------------------------------------- Conv2d
def conv_cases():
    cases = []
    for x_shape, cin, cout, k, stride, padding, bias in [
        ((2, 2, 5, 5), 2, 3, 3, 1, 1, True),
        ((1, 2, 6, 5), 2, 2, (2, 3), (2, 1), (1, 0), False),
        ((2, 3, 7, 7), 3, 4, 3, 2, 1, True),
    ]:
        conv = nn.Conv2d(cin, cout, k, stride=stride, padding=padding, bias=bias)
        x = leaf(*x_shape)
        y = conv(x)
        g = backward(y)
        case = {"inChannels": cin, "outChannels": cout, "kernelSize": k, "stride": stride, "padding": padding,
                "bias": bias, "x": T(x), "weight": T(conv.weight), "out": T(y), "gout": T(g),
                "gradX": T(x.grad), "gradWeight": T(conv.weight.grad)}
        if bias:
            case["biasValue"] = T(conv.bias)
            case["gradBias"] = T(conv.bias.grad)
        cases.append(case)
    return {"cases": cases}


# ---------------------------------------------------------------- BatchNorm
def bn_case(cls, c, x_shape, training, momentum=0.1, steps=1):
    bn = cls(c, momentum=momentum)
    with torch.no_grad():
        bn.weight.copy_(torch.randn(c) * 0.5 + 1)
        bn.bias.copy_(torch.randn(c) * 0.5)
        bn.running_mean.copy_(torch.randn(c) * 0.3)
        bn.running_var.copy_(torch.rand(c) + 0.5)
    case = {"numFeatures": c, "momentum": momentum, "training": training, "weight": T(bn.weight),
            "bias": T(bn.bias), "runningMean0": T(bn.running_mean), "runningVar0": T(bn.running_var), "steps": []}
    bn.train(training)
    for _ in range(steps):
        x = leaf(*x_shape, scale=2.0)
        with torch.no_grad():
            x += 0.7
        bn.weight.grad = None
        bn.bias.grad = None
        y = bn(x)
        g = backward(y)
        case["steps"].append({"x": T(x), "out": T(y), "gout": T(g), "gradX": T(x.grad),
                              "gradWeight": T(bn.weight.grad), "gradBias": T(bn.bias.grad),
                              "runningMean": T(bn.running_mean), "runningVar": T(bn.running_var),
                              "numBatchesTracked": int(bn.num_batches_tracked)})
    return case


def batchnorm_cases():
    return {
        "bn1d": [bn_case(nn.BatchNorm1d, 4, (6, 4), True), bn_case(nn.BatchNorm1d, 3, (4, 3, 5), True),
                 bn_case(nn.BatchNorm1d, 4, (6, 4), False), bn_case(nn.BatchNorm1d, 3, (5, 3), True, None, 2)],
        "bn2d": [bn_case(nn.BatchNorm2d, 3, (2, 3, 4, 4), True, 0.1, 2), bn_case(nn.BatchNorm2d, 3, (2, 3, 4, 4), False)],
    }


# ---------------------------------------------------------------- LayerNorm
def layernorm_cases():
    cases = []
    for x_shape, ns, affine in [((3, 4, 5), [4, 5], True), ((6, 5), [5], True), ((2, 3, 4), [4], False)]:
        ln = nn.LayerNorm(ns, elementwise_affine=affine)
        if affine:
            with torch.no_grad():
                ln.weight.copy_(torch.randn(*ns) * 0.5 + 1)
                ln.bias.copy_(torch.randn(*ns) * 0.5)
        x = leaf(*x_shape, scale=3.0)
        y = ln(x)
        g = backward(y)
        case = {"normalizedShape": ns, "affine": affine, "x": T(x), "out": T(y), "gout": T(g), "gradX": T(x.grad)}
        if affine:
            case.update({"weight": T(ln.weight), "bias": T(ln.bias), "gradWeight": T(ln.weight.grad),
                         "gradBias": T(ln.bias.grad)})
        cases.append(case)
    return {"cases": cases}


# ---------------------------------------------------------------- GELU
def gelu_cases():
    grid = torch.linspace(-6, 6, 49)
    xs = torch.cat([grid, torch.randn(31) * 2, torch.tensor([-10.0, -8.0, 8.0, 10.0, 0.0, 1e-4, -1e-4])])
    cases = []
    for approximate in ["none", "tanh"]:
        x = xs.clone().requires_grad_(True)
        y = F.gelu(x, approximate=approximate)
        g = backward(y)
        cases.append({"approximate": approximate, "x": T(x), "out": T(y), "gout": T(g), "gradX": T(x.grad)})
    return {"cases": cases}


# ---------------------------------------------------------------- pooling
def pooling_cases():
    maxpool = []
    for x_shape, k, stride, padding in [((2, 2, 6, 6), 2, None, 0), ((1, 2, 7, 7), 3, 2, 1), ((1, 1, 5, 6), (2, 3), (1, 2), 0)]:
        x = leaf(*x_shape)
        y = F.max_pool2d(x, k, stride=stride, padding=padding)
        g = backward(y)
        maxpool.append({"kernelSize": k, "stride": stride, "padding": padding, "x": T(x), "out": T(y),
                        "gout": T(g), "gradX": T(x.grad)})
    adaptive = []
    for x_shape, size in [((2, 3, 5, 5), 1), ((1, 2, 5, 7), [2, 3]), ((1, 1, 4, 4), 3)]:
        x = leaf(*x_shape)
        y = F.adaptive_avg_pool2d(x, size)
        g = backward(y)
        adaptive.append({"outputSize": size, "x": T(x), "out": T(y), "gout": T(g), "gradX": T(x.grad)})
    return {"maxPool2d": maxpool, "adaptiveAvgPool2d": adaptive}


# ---------------------------------------------------------------- losses
def cross_entropy_cases():
    cases = []
    specs = [
        dict(shape=(6, 4), weight=True, ls=0.1, reduction="mean", ignore=None),
        dict(shape=(6, 4), weight=True, ls=0.1, reduction="sum", ignore=None),
        dict(shape=(6, 4), weight=True, ls=0.1, reduction="none", ignore=None),
        dict(shape=(6, 4), weight=False, ls=0.2, reduction="mean", ignore=None),
        dict(shape=(6, 4), weight=False, ls=0.0, reduction="mean", ignore=None),
        dict(shape=(7, 3), weight=True, ls=0.15, reduction="mean", ignore=1),
        dict(shape=(2, 3, 4), weight=True, ls=0.1, reduction="mean", ignore=None),
    ]
    for s in specs:
        x = leaf(*s["shape"], scale=2.0)
        c = s["shape"][1]
        tshape = (s["shape"][0],) + tuple(s["shape"][2:])
        target = torch.randint(0, c, tshape)
        weight = torch.rand(c) + 0.25 if s["weight"] else None
        kwargs = dict(weight=weight, label_smoothing=s["ls"], reduction=s["reduction"])
        if s["ignore"] is not None:
            kwargs["ignore_index"] = s["ignore"]
        y = F.cross_entropy(x, target, **kwargs)
        g = backward(y)
        case = {"input": T(x), "target": I(target), "targetShape": list(tshape), "labelSmoothing": s["ls"],
                "reduction": s["reduction"], "out": T(y), "gout": T(g), "gradInput": T(x.grad)}
        if weight is not None:
            case["weight"] = T(weight)
        if s["ignore"] is not None:
            case["ignoreIndex"] = s["ignore"]
        cases.append(case)
    return {"cases": cases}


def bce_cases():
    cases = []
    for reduction, pos, w, ls, scale in [("mean", True, False, 0.0, 2.0), ("sum", True, True, 0.0, 2.0),
                                         ("none", True, False, 0.0, 2.0), ("mean", False, False, 0.0, 30.0),
                                         ("mean", True, False, 0.1, 2.0)]:
        x = leaf(5, 3, scale=scale)
        t = (torch.rand(5, 3) > 0.6).float()
        pos_weight = torch.rand(3) * 3 + 0.5 if pos else None
        weight = torch.rand(3) + 0.5 if w else None
        # Label smoothing (clinreg's definition, Keras'): targets t·(1 − ε) + ε/2.
        ts = t * (1 - ls) + ls / 2
        y = F.binary_cross_entropy_with_logits(x, ts, weight=weight, pos_weight=pos_weight, reduction=reduction)
        g = backward(y)
        case = {"input": T(x), "target": T(t), "labelSmoothing": ls, "reduction": reduction, "out": T(y),
                "gout": T(g), "gradInput": T(x.grad)}
        if pos_weight is not None:
            case["posWeight"] = T(pos_weight)
        if weight is not None:
            case["weight"] = T(weight)
        cases.append(case)
    return {"cases": cases}


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, reduction="none"):
    # torchvision.ops.focal_loss.sigmoid_focal_loss (torchvision 0.14), transcribed.
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def softmax_focal_loss(inputs, target, alpha, gamma, reduction):
    # clinreg's multiclass focal loss: −α_y·(1 − p_y)^γ·log p_y (α a scalar or per class).
    logp = F.log_softmax(inputs, dim=1).gather(1, target.unsqueeze(1)).squeeze(1)
    p = logp.exp()
    a = alpha[target] if isinstance(alpha, torch.Tensor) else torch.full_like(p, alpha)
    loss = -a * (1 - p) ** gamma * logp
    return loss.mean() if reduction == "mean" else loss.sum() if reduction == "sum" else loss


def focal_cases():
    binary = []
    for alpha, gamma, reduction in [(0.25, 2.0, "mean"), (-1.0, 0.5, "sum"), (0.6, 1.5, "none"), (0.25, 0.0, "mean")]:
        x = leaf(6, 2, scale=2.0)
        t = (torch.rand(6, 2) > 0.5).float()
        y = sigmoid_focal_loss(x, t, alpha, gamma, reduction)
        g = backward(y)
        binary.append({"alpha": alpha, "gamma": gamma, "reduction": reduction, "input": T(x), "target": T(t),
                       "out": T(y), "gout": T(g), "gradInput": T(x.grad)})
    multiclass = []
    for alpha, gamma, reduction in [([0.2, 0.5, 0.3], 2.0, "mean"), (0.25, 1.0, "sum"), ([1.0, 2.0, 0.5], 0.0, "none")]:
        x = leaf(5, 3, scale=2.0)
        t = torch.randint(0, 3, (5,))
        a = torch.tensor(alpha) if isinstance(alpha, list) else alpha
        y = softmax_focal_loss(x, t, a, gamma, reduction)
        g = backward(y)
        multiclass.append({"alpha": alpha, "gamma": gamma, "reduction": reduction, "input": T(x), "target": I(t),
                           "out": T(y), "gout": T(g), "gradInput": T(x.grad)})
    return {"binary": binary, "multiclass": multiclass}


def mse_cases():
    cases = []
    for reduction in ["mean", "sum", "none"]:
        x = leaf(4, 3)
        t = torch.randn(4, 3)
        y = F.mse_loss(x, t, reduction=reduction)
        g = backward(y)
        cases.append({"reduction": reduction, "input": T(x), "target": T(t), "out": T(y), "gout": T(g),
                      "gradInput": T(x.grad)})
    return {"cases": cases}


# ---------------------------------------------------------------- the seed's models
class RegularisedClinicalMLP(nn.Module):
    def __init__(self, n_features: int = 20):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_features, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.4),
            nn.Linear(128, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 1),
        )

    def forward(self, x):
        return self.net(x)


class WellDesignedCNN(nn.Module):
    def __init__(self, n_classes: int):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, n_classes))

    def forward(self, x):
        return self.head(self.backbone(x))


def describe(model):
    sd = model.state_dict()
    return {"keys": list(sd.keys()), "shapes": [list(v.shape) for v in sd.values()],
            "parameterNames": [n for n, _ in model.named_parameters()],
            "bufferNames": [n for n, _ in model.named_buffers()],
            "parameterCount": sum(p.numel() for p in model.parameters())}


def small_mlp():
    """A narrow net with the MLP's layer kinds: state dict after two training steps, then an eval
    forward and a training step (dropout p = 0) with BCEWithLogits, for composition parity."""
    net = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.0), nn.Linear(8, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(2):
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(net(torch.randn(10, 5)), (torch.rand(10, 1) > 0.5).float()).backward()
        opt.step()
    state = {k: T(v) for k, v in net.state_dict().items()}
    x = torch.randn(6, 5)
    net.eval()
    with torch.no_grad():
        eval_out = net(x)
    net.train()
    t = (torch.rand(6, 1) > 0.5).float()
    net.zero_grad()
    loss = F.binary_cross_entropy_with_logits(net(x), t, pos_weight=torch.tensor([2.0]))
    loss.backward()
    return {"state": state, "x": T(x), "evalOut": T(eval_out), "target": T(t), "posWeight": 2.0,
            "trainLoss": T(loss), "grads": {n: T(p.grad) for n, p in net.named_parameters()},
            "stateAfter": {k: T(v) for k, v in net.state_dict().items()}}


def models():
    return {"mlp": describe(RegularisedClinicalMLP(20)), "cnn": describe(WellDesignedCNN(3)), "smallMlp": small_mlp()}


if __name__ == "__main__":
    assert torch.__version__.startswith("1.13"), torch.__version__
    write("linear", linear_cases())
    write("conv2d", conv_cases())
    write("batchnorm", batchnorm_cases())
    write("layer-norm", layernorm_cases())
    write("gelu", gelu_cases())
    write("pooling", pooling_cases())
    write("cross-entropy", cross_entropy_cases())
    write("bce-with-logits", bce_cases())
    write("focal-loss", focal_cases())
    write("mse-loss", mse_cases())
    write("models", models())
