#!/usr/bin/python3
"""Generate the optimizer and scheduler parity fixtures under test/fixtures/optim/.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 scripts/gen-optim-fixtures.py

optimizers.json: SGD / Adam / AdamW (single-tensor implementation, foreach=False) run for several
steps on a fixed separable quadratic f(w) = 1/2 * sum(h * (w - t)^2) over three parameters; w3
never receives a gradient (grad None), so it must stay untouched. The gradient is set explicitly,
grad = h * (w - t) in float32, so the test can form the identical gradient without autograd.
Each case records every parameter after every step.

schedulers.json: CosineAnnealingLR and ReduceLROnPlateau learning-rate sequences (get_last_lr()
after each step) for scripted epochs/metrics, with two parameter groups.
"""
import json
import os

import torch

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'optim')
STEPS = 8


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def make_problem():
    g = torch.Generator().manual_seed(1234)
    shapes = {'w1': [3, 4], 'w2': [5], 'w3': [2]}
    problem = {}
    for name, shape in shapes.items():
        problem[name] = {
            'shape': shape,
            'init': torch.randn(shape, generator=g),
            'h': torch.rand(shape, generator=g) * 2 + 0.1,
            't': torch.randn(shape, generator=g),
        }
    return problem


# camelCase option name -> PyTorch keyword
KW = {'lr': 'lr', 'momentum': 'momentum', 'dampening': 'dampening', 'nesterov': 'nesterov',
      'weightDecay': 'weight_decay', 'maximize': 'maximize', 'betas': 'betas', 'eps': 'eps',
      'amsgrad': 'amsgrad'}


def to_kw(options):
    out = {KW[k]: (tuple(v) if k == 'betas' else v) for k, v in options.items()}
    return out


def run_case(problem, optimizer, options, groups):
    params = {n: p['init'].clone().requires_grad_(True) for n, p in problem.items()}
    cls = {'SGD': torch.optim.SGD, 'Adam': torch.optim.Adam, 'AdamW': torch.optim.AdamW}[optimizer]
    extra = {} if optimizer == 'SGD' else {'foreach': False}
    if groups is None:
        opt = cls(list(params.values()), **to_kw(options), **extra)
    else:
        spec = []
        for grp in groups:
            d = {'params': [params[n] for n in grp['params']]}
            d.update(to_kw({k: v for k, v in grp.items() if k != 'params'}))
            spec.append(d)
        opt = cls(spec, **to_kw(options), **extra)
    trajectory = []
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        for n in ('w1', 'w2'):  # w3 gets no gradient
            p = params[n]
            p.grad = problem[n]['h'] * (p.detach() - problem[n]['t'])
        opt.step()
        trajectory.append({n: flat(p) for n, p in params.items()})
    return trajectory


GROUPS = [{'params': ['w1'], 'weightDecay': 0.1}, {'params': ['w2', 'w3'], 'weightDecay': 0.0, 'lr': 0.02}]

CASES = [
    ('SGD', {'lr': 0.1}, None),
    ('SGD', {'lr': 0.05, 'momentum': 0.9}, None),
    ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.1, 'weightDecay': 0.01}, None),
    ('SGD', {'lr': 0.05, 'momentum': 0.8, 'nesterov': True, 'weightDecay': 0.1}, None),
    ('SGD', {'lr': 0.01, 'maximize': True}, None),
    ('SGD', {'lr': 0.05, 'momentum': 0.5}, GROUPS),
    ('Adam', {'lr': 0.01}, None),
    ('Adam', {'lr': 0.01, 'weightDecay': 0.1}, None),
    ('Adam', {'lr': 0.02, 'betas': [0.8, 0.99], 'amsgrad': True}, None),
    ('Adam', {'lr': 0.01, 'eps': 1e-3, 'maximize': True}, None),
    ('Adam', {'lr': 0.01}, GROUPS),
    ('AdamW', {'lr': 0.01}, None),
    ('AdamW', {'lr': 0.01, 'weightDecay': 0.1, 'amsgrad': True}, None),
    ('AdamW', {'lr': 3e-4, 'weightDecay': 1e-4}, None),
    ('AdamW', {'lr': 0.01}, GROUPS),
]


def optimizers():
    problem = make_problem()
    cases = []
    for optimizer, options, groups in CASES:
        cases.append({'optimizer': optimizer, 'options': options, 'groups': groups, 'steps': STEPS,
                      'trajectory': run_case(problem, optimizer, options, groups)})
    return {
        'torch': torch.__version__,
        'problem': {n: {'shape': p['shape'], 'init': flat(p['init']), 'h': flat(p['h']), 't': flat(p['t'])}
                    for n, p in problem.items()},
        'cases': cases,
    }


def two_group_sgd(lrs):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    return torch.optim.SGD([{'params': [a], 'lr': lrs[0]}, {'params': [b], 'lr': lrs[1]}], lr=lrs[0])


def cosine(t_max, eta_min, epochs, lrs):
    opt = two_group_sgd(lrs)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min)
    seq = [sched.get_last_lr()]
    for _ in range(epochs):
        opt.step()
        sched.step()
        seq.append(sched.get_last_lr())
    return {'options': {'tMax': t_max, 'etaMin': eta_min}, 'lrs': lrs, 'epochs': epochs, 'sequence': seq}


def plateau(options, metrics, lrs):
    opt = two_group_sgd(lrs)
    kw = {'mode': 'mode', 'factor': 'factor', 'patience': 'patience', 'threshold': 'threshold',
          'thresholdMode': 'threshold_mode', 'cooldown': 'cooldown', 'minLr': 'min_lr', 'eps': 'eps'}
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **{kw[k]: v for k, v in options.items()})
    seq = []
    for m in metrics:
        opt.step()
        sched.step(m)
        seq.append([g['lr'] for g in opt.param_groups])
    return {'options': options, 'lrs': lrs, 'metrics': metrics, 'sequence': seq}


def schedulers():
    loss = [1.0, 0.9, 0.85, 0.86, 0.849, 0.8499, 0.87, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74, 0.69, 0.70, 0.71, 0.72,
            0.73, 0.74, 0.75]
    auc = [0.6, 0.65, 0.66, 0.655, 0.66, 0.665, 0.7, 0.69, 0.695, 0.7, 0.701, 0.702, 0.75, 0.74, 0.73, 0.72, 0.71]
    return {
        'torch': torch.__version__,
        'cosine': [
            cosine(10, 0.001, 35, [0.1, 0.02]),
            cosine(7, 0.0, 20, [0.05, 0.3]),
            cosine(1, 1e-4, 6, [0.01, 0.001]),
        ],
        'plateau': [
            plateau({'patience': 2}, loss, [0.1, 0.01]),
            plateau({'mode': 'min', 'factor': 0.5, 'patience': 1, 'threshold': 0.01, 'thresholdMode': 'abs',
                     'cooldown': 2, 'minLr': [0.02, 0.004]}, loss, [0.1, 0.01]),
            plateau({'mode': 'max', 'factor': 0.3, 'patience': 1, 'cooldown': 1}, auc, [0.1, 0.01]),
            plateau({'mode': 'max', 'patience': 0, 'threshold': 0.005, 'thresholdMode': 'abs', 'minLr': 0.0005,
                     'eps': 1e-3}, auc, [0.1, 0.01]),
        ],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in (('optimizers.json', optimizers()), ('schedulers.json', schedulers())):
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump(data, f, separators=(',', ':'))
            f.write('\n')
        print('wrote', os.path.join(OUT, name))


if __name__ == '__main__':
    main()
