#!/usr/bin/python3
"""Reference values for the tensor ops, from PyTorch 1.13 (Debian python3-torch).

Run with the Debian interpreter (not the python3 on PATH):

    /usr/bin/python3 scripts/gen-tensor-fixtures.py

Writes test/fixtures/tensor/{reductions,elementwise,activations,shape-ops,indexing}.json. Each
case holds float32 inputs, the op and its arguments, PyTorch's output and, when the op has a
gradient, the gradients of sum(output * weight) for a fixed random weight (a uniform weight
could hide a wrong gradient).
"""
import json
import os

import torch

torch.manual_seed(1234)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'tensor')


def enc(t):
    """A tensor as {shape, data} with float32 values written to 9 significant digits (exact)."""
    t = t.detach()
    if t.dtype in (torch.int64, torch.int32, torch.bool):
        return {'shape': list(t.shape), 'data': [int(v) for v in t.flatten().tolist()]}
    return {'shape': list(t.shape), 'data': [float('%.9g' % v) for v in t.double().flatten().tolist()]}


def randn(*shape):
    return torch.randn(shape, dtype=torch.float32)


def positive(*shape):
    return torch.rand(shape, dtype=torch.float32) * 3 + 0.1


def case(name, op, fn, inputs, args=None, grad=True):
    """Run fn(*inputs) in PyTorch; record the output and (optionally) input gradients."""
    xs = [x.clone().requires_grad_(grad) for x in inputs]
    y = fn(*xs)
    entry = {'name': name, 'op': op, 'args': args or {}, 'inputs': [enc(x) for x in inputs], 'output': enc(y)}
    if grad:
        w = randn(*y.shape)
        (y * w).sum().backward()
        entry['weight'] = enc(w)
        entry['grads'] = [enc(x.grad) if x.grad is not None else None for x in xs]
    return entry


def ties(*shape):
    """Small integers so that maxima and minima tie."""
    return torch.randint(0, 3, shape).float()


def reductions():
    x = randn(3, 4, 5)
    t = ties(4, 6)
    return [
        case('sum all', 'sum', lambda a: a.sum(), [x], {'dim': None, 'keepdim': False}),
        case('sum dims [0, 2] keepdim', 'sum', lambda a: a.sum((0, 2), keepdim=True), [x], {'dim': [0, 2], 'keepdim': True}),
        case('mean all', 'mean', lambda a: a.mean(), [x], {'dim': None, 'keepdim': False}),
        case('mean dim 1', 'mean', lambda a: a.mean(1), [x], {'dim': 1, 'keepdim': False}),
        case('mean dim -1 keepdim', 'mean', lambda a: a.mean(-1, keepdim=True), [x], {'dim': -1, 'keepdim': True}),
        case('mean dims [0, 2]', 'mean', lambda a: a.mean((0, 2)), [x], {'dim': [0, 2], 'keepdim': False}),
        case('max all (ties split)', 'max', lambda a: a.max(), [t], {'dim': None, 'keepdim': False}),
        case('max dim 1 (ties: first)', 'max', lambda a: a.max(1).values, [t], {'dim': 1, 'keepdim': False}),
        case('max dim 0 keepdim', 'max', lambda a: a.max(0, keepdim=True).values, [t], {'dim': 0, 'keepdim': True}),
        case('max dim 1 of 3-D', 'max', lambda a: a.max(1).values, [x], {'dim': 1, 'keepdim': False}),
        case('min all (ties split)', 'min', lambda a: a.min(), [t], {'dim': None, 'keepdim': False}),
        case('min dim -1 (ties: first)', 'min', lambda a: a.min(-1).values, [t], {'dim': -1, 'keepdim': False}),
        case('min dim 0 of 3-D', 'min', lambda a: a.min(0).values, [x], {'dim': 0, 'keepdim': False}),
        case('argmax all', 'argmax', lambda a: a.argmax(), [x], {'dim': None, 'keepdim': False}, grad=False),
        case('argmax dim 1 ties', 'argmax', lambda a: a.argmax(1), [t], {'dim': 1, 'keepdim': False}, grad=False),
        case('argmax dim 1 of 3-D keepdim', 'argmax', lambda a: a.argmax(1, keepdim=True), [x], {'dim': 1, 'keepdim': True}, grad=False),
        case('argmin dim 0 ties', 'argmin', lambda a: a.argmin(0), [t], {'dim': 0, 'keepdim': False}, grad=False),
    ]


def elementwise():
    x = randn(4, 5) * 2
    p = positive(4, 5)
    a = randn(4, 3)
    b = randn(4, 3)
    b[0, 0] = a[0, 0]  # a tie for maximum / minimum
    cond = (randn(4, 3) > 0).float()
    return [
        case('exp', 'exp', torch.exp, [x]),
        case('log', 'log', torch.log, [p]),
        case('neg', 'neg', torch.neg, [x]),
        case('abs', 'abs', torch.abs, [x]),
        case('sqrt', 'sqrt', torch.sqrt, [p]),
        case('pow 2', 'pow', lambda v: v.pow(2), [x], {'exponent': 2}),
        case('pow 3', 'pow', lambda v: v.pow(3), [x], {'exponent': 3}),
        case('pow 0.5', 'pow', lambda v: v.pow(0.5), [p], {'exponent': 0.5}),
        case('pow -1.5', 'pow', lambda v: v.pow(-1.5), [p], {'exponent': -1.5}),
        case('relu', 'relu', torch.relu, [x]),
        case('clamp both', 'clamp', lambda v: v.clamp(-0.5, 0.8), [x], {'min': -0.5, 'max': 0.8}),
        case('clamp min only', 'clamp', lambda v: v.clamp(min=0.1), [x], {'min': 0.1, 'max': None}),
        case('clamp max only', 'clamp', lambda v: v.clamp(max=-0.2), [x], {'min': None, 'max': -0.2}),
        case('maximum', 'maximum', torch.maximum, [a, b]),
        case('minimum broadcast [4,3] vs [3]', 'minimum', torch.minimum, [a, b[1]]),
        case('where', 'where', lambda u, v: torch.where(cond.bool(), u, v), [a, b], {'condition': enc(cond)}),
        case('where broadcast', 'where', lambda u, v: torch.where(cond[:, :1].bool(), u, v), [a, b[2]], {'condition': enc(cond[:, :1])}),
        # Broadcast patterns of the binary ops (index-free block paths and the general path).
        case('add bias [N,C]+[C]', 'add', torch.add, [randn(5, 3), randn(3)]),
        case('add column [N,C]+[N,1]', 'add', torch.add, [randn(5, 3), randn(5, 1)]),
        case('add conv bias [N,C,H,W]+[C,1,1]', 'add', torch.add, [randn(2, 3, 2, 2), randn(3, 1, 1)]),
        case('add outer [N,1]+[1,C]', 'add', torch.add, [randn(4, 1), randn(1, 3)]),
        case('add general [2,1,3]+[4,1]', 'add', torch.add, [randn(2, 1, 3), randn(4, 1)]),
        case('sub [C]-[N,C]', 'sub', torch.sub, [randn(3), randn(5, 3)]),
        case('sub scalar-[N,C]', 'sub', torch.sub, [randn(), randn(5, 3)]),
        case('sub [N,C]-[N,1]', 'sub', torch.sub, [randn(5, 3), randn(5, 1)]),
        case('mul [N,C]*[C]', 'mul', torch.mul, [randn(5, 3), randn(3)]),
        case('mul [C,1,1]*[N,C,H,W]', 'mul', torch.mul, [randn(3, 1, 1), randn(2, 3, 2, 2)]),
        case('div [N,C]/[N,1]', 'div', torch.div, [randn(5, 3), positive(5, 1)]),
        case('div scalar/[N,C]', 'div', torch.div, [randn(), positive(5, 3)]),
        case('div [N,1]/[C]', 'div', torch.div, [randn(5, 1), positive(3)]),
    ]


def activations():
    x = randn(3, 4, 5) * 3
    wide = torch.tensor([[-100.0, -30.0, -5.0, 0.0, 5.0, 30.0, 100.0]])
    logits = torch.tensor([[1000.0, 999.0, -1000.0], [0.0, 0.0, 0.0]])
    return [
        case('sigmoid', 'sigmoid', torch.sigmoid, [x]),
        case('sigmoid extremes', 'sigmoid', torch.sigmoid, [wide]),
        case('tanh', 'tanh', torch.tanh, [x]),
        case('tanh extremes', 'tanh', torch.tanh, [wide]),
        case('softmax dim -1', 'softmax', lambda v: torch.softmax(v, -1), [x], {'dim': -1}),
        case('softmax dim 1', 'softmax', lambda v: torch.softmax(v, 1), [x], {'dim': 1}),
        case('softmax dim 0', 'softmax', lambda v: torch.softmax(v, 0), [x], {'dim': 0}),
        case('softmax large logits', 'softmax', lambda v: torch.softmax(v, 1), [logits], {'dim': 1}),
        case('logSoftmax dim -1', 'logSoftmax', lambda v: torch.log_softmax(v, -1), [x], {'dim': -1}),
        case('logSoftmax dim 1', 'logSoftmax', lambda v: torch.log_softmax(v, 1), [x], {'dim': 1}),
        case('logSoftmax dim 0', 'logSoftmax', lambda v: torch.log_softmax(v, 0), [x], {'dim': 0}),
        case('logSoftmax large logits', 'logSoftmax', lambda v: torch.log_softmax(v, 1), [logits], {'dim': 1}),
    ]


def shape_ops():
    x = randn(2, 3, 4)
    return [
        case('reshape [4, -1]', 'reshape', lambda v: v.reshape(4, -1), [x], {'shape': [4, -1]}),
        case('flatten 1', 'flatten', lambda v: v.flatten(1), [x], {'startDim': 1, 'endDim': -1}),
        case('flatten 0..1', 'flatten', lambda v: v.flatten(0, 1), [x], {'startDim': 0, 'endDim': 1}),
        case('squeeze all', 'squeeze', lambda v: v.squeeze(), [randn(2, 1, 3, 1)], {'dim': None}),
        case('squeeze dim 1', 'squeeze', lambda v: v.squeeze(1), [randn(2, 1, 3, 1)], {'dim': 1}),
        case('unsqueeze -1', 'unsqueeze', lambda v: v.unsqueeze(-1), [x], {'dim': -1}),
        case('transpose 2-D', 'transpose', lambda v: v.transpose(0, 1), [randn(5, 3)], {'dim0': 0, 'dim1': 1}),
        case('transpose last two', 'transpose', lambda v: v.transpose(-1, -2), [x], {'dim0': -1, 'dim1': -2}),
        case('transpose 0, 2', 'transpose', lambda v: v.transpose(0, 2), [x], {'dim0': 0, 'dim1': 2}),
        case('permute [2, 0, 1]', 'permute', lambda v: v.permute(2, 0, 1), [x], {'dims': [2, 0, 1]}),
        case('permute [1, 0, 2]', 'permute', lambda v: v.permute(1, 0, 2), [x], {'dims': [1, 0, 2]}),
        case('permute 4-D NCHW->NHWC', 'permute', lambda v: v.permute(0, 2, 3, 1), [randn(2, 3, 2, 4)], {'dims': [0, 2, 3, 1]}),
        case('permute with size-1 dims', 'permute', lambda v: v.permute(1, 2, 0), [randn(3, 1, 4)], {'dims': [1, 2, 0]}),
        case('concat dim 0', 'concat', lambda a, b: torch.cat([a, b], 0), [randn(2, 3), randn(4, 3)], {'dim': 0}),
        case('concat dim 1 of three', 'concat', lambda a, b, c: torch.cat([a, b, c], 1), [randn(2, 1, 2), randn(2, 3, 2), randn(2, 2, 2)], {'dim': 1}),
        case('concat dim -1', 'concat', lambda a, b: torch.cat([a, b], -1), [randn(3, 2), randn(3, 5)], {'dim': -1}),
        case('stack dim 0', 'stack', lambda a, b: torch.stack([a, b], 0), [randn(2, 3), randn(2, 3)], {'dim': 0}),
        case('stack dim 1', 'stack', lambda a, b, c: torch.stack([a, b, c], 1), [randn(2, 3), randn(2, 3), randn(2, 3)], {'dim': 1}),
        case('stack dim -1', 'stack', lambda a, b: torch.stack([a, b], -1), [randn(2, 3), randn(2, 3)], {'dim': -1}),
        case('slice dim 1 [1, 3)', 'slice', lambda v: v.narrow(1, 1, 2), [x], {'dim': 1, 'start': 1, 'end': 3}),
        case('slice dim 0 [1, 2)', 'slice', lambda v: v.narrow(0, 1, 1), [x], {'dim': 0, 'start': 1, 'end': 2}),
        case('slice dim -1 [-3, -1)', 'slice', lambda v: v[..., -3:-1], [x], {'dim': -1, 'start': -3, 'end': -1}),
    ]


def indexing():
    x = randn(4, 5)
    x3 = randn(3, 4, 2)
    targets = torch.tensor([[2], [0], [4], [2]])
    idx0 = torch.tensor([[3, 0, 1, 1, 2], [0, 0, 3, 2, 1]])
    idx3 = torch.tensor([[[1, 0], [3, 3]], [[0, 2], [1, 1]]])
    rows = torch.tensor([3, 0, 3, 1])
    return [
        case('gather dim 1 (targets)', 'gather', lambda v: v.gather(1, targets), [x], {'dim': 1, 'index': enc(targets)}),
        case('gather dim 0', 'gather', lambda v: v.gather(0, idx0), [x], {'dim': 0, 'index': enc(idx0)}),
        case('gather dim 1 of 3-D, smaller index', 'gather', lambda v: v.gather(1, idx3), [x3], {'dim': 1, 'index': enc(idx3)}),
        case('gather dim -1 repeated', 'gather', lambda v: v.gather(-1, torch.tensor([[0, 0, 4], [1, 1, 1]])), [x],
             {'dim': -1, 'index': enc(torch.tensor([[0, 0, 4], [1, 1, 1]]))}),
        case('indexSelect dim 0 (rows, repeats)', 'indexSelect', lambda v: v.index_select(0, rows), [x], {'dim': 0, 'index': enc(rows)}),
        case('indexSelect dim 1', 'indexSelect', lambda v: v.index_select(1, torch.tensor([4, 1])), [x], {'dim': 1, 'index': enc(torch.tensor([4, 1]))}),
        case('indexSelect dim 1 of 3-D', 'indexSelect', lambda v: v.index_select(1, torch.tensor([2, 2, 0])), [x3],
             {'dim': 1, 'index': enc(torch.tensor([2, 2, 0]))}),
    ]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    files = {
        'reductions': reductions(),
        'elementwise': elementwise(),
        'activations': activations(),
        'shape-ops': shape_ops(),
        'indexing': indexing(),
    }
    for name, cases in files.items():
        path = os.path.join(OUT_DIR, name + '.json')
        with open(path, 'w') as f:
            json.dump({'generator': 'scripts/gen-tensor-fixtures.py', 'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
            f.write('\n')
        print(f'{path}: {len(cases)} cases')


if __name__ == '__main__':
    main()
