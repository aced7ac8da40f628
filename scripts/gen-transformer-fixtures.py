#!/usr/bin/python3
"""Generate the PyTorch-parity fixtures of clinreg's attention and Transformer layers.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 scripts/gen-transformer-fixtures.py
Writes test/fixtures/nn/transformer-attention.json, transformer-encoder-layer.json and
transformer-tabular.json. Tensors are {"shape": [...], "data": [...]} (9 significant digits,
which round-trips float32). Each case stores the module's state_dict under PyTorch's keys, the
inputs, the upstream gradient `gout`, the outputs and the gradients w.r.t. the inputs and every
parameter (keyed like the state dict). Inputs require grad, so PyTorch takes its reference
(slow) path, not the eval-mode fast path. Boolean masks are nested lists (true = not allowed);
float masks are additive tensors.
"""
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bench'))
from transformer_ref import TabularTransformer  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'nn')
torch.manual_seed(20240612)


def T(t):
    t = t.detach().to(torch.float64).contiguous()
    return {'shape': list(t.shape), 'data': [float('%.9g' % v) for v in t.flatten().tolist()]}


def state(module):
    return {k: T(v) for k, v in module.state_dict().items()}


def grads(module):
    return {k: T(p.grad) for k, p in module.named_parameters()}


def leaf(*shape):
    return torch.randn(*shape).requires_grad_(True)


def write(name, payload):
    text = json.dumps(payload)
    assert 'NaN' not in text and 'Infinity' not in text, name
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + '.json')
    with open(path, 'w') as f:
        json.dump(payload, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {path} ({os.path.getsize(path)} bytes)')


def randomise(module):
    # Non-zero biases and LayerNorm affines, so every parameter's gradient path is exercised.
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith('bias') or 'norm' in name:
                p.add_(torch.randn_like(p) * 0.3)


def attention_cases():
    cases = []
    specs = [
        # name, B, L, S, E, H, bias, batch_first, inputs ('self' | 'kv' | 'qkv'), masks
        ('self-attention', 2, 4, 4, 8, 2, True, True, 'self', {}),
        ('cross attention, key is value, key padding mask', 2, 3, 5, 8, 2, True, True, 'kv', {'kpm': True}),
        ('separate q/k/v, float attn mask and key padding mask', 3, 3, 4, 8, 2, True, True, 'qkv', {'kpm': True, 'float': True}),
        ('causal bool mask, no bias, sequence-first', 2, 4, 4, 8, 2, False, False, 'self', {'causal': True}),
        ('per-head bool mask', 2, 3, 4, 8, 4, True, True, 'kv', {'perhead': True}),
    ]
    for name, B, L, S, E, H, bias, bf, kind, masks in specs:
        mha = nn.MultiheadAttention(E, H, dropout=0.0, bias=bias, batch_first=bf)
        randomise(mha)
        mha.eval()
        qshape = (B, L, E) if bf else (L, B, E)
        kshape = (B, S, E) if bf else (S, B, E)
        q = leaf(*qshape)
        k = q if kind == 'self' else leaf(*kshape)
        v = k if kind in ('self', 'kv') else leaf(*kshape)
        kwargs = {}
        case = {'name': name, 'embedDim': E, 'numHeads': H, 'bias': bias, 'batchFirst': bf, 'inputs': kind,
                'state': state(mha), 'query': T(q)}
        if kind != 'self':
            case['key'] = T(k)
        if kind == 'qkv':
            case['value'] = T(v)
        if masks.get('kpm'):
            kpm = torch.zeros(B, S, dtype=torch.bool)
            kpm[0, -1] = True
            kpm[-1, 1] = True
            kpm[-1, -2] = True
            kwargs['key_padding_mask'] = kpm
            case['keyPaddingMask'] = kpm.tolist()
        if masks.get('float'):
            am = torch.randn(L, S)
            kwargs['attn_mask'] = am
            case['attnMaskFloat'] = T(am)
        if masks.get('causal'):
            am = torch.triu(torch.ones(L, S, dtype=torch.bool), diagonal=1)
            kwargs['attn_mask'] = am
            case['attnMaskBool'] = am.tolist()
        if masks.get('perhead'):
            am = torch.rand(B * H, L, S) < 0.3
            am[:, :, 0] = False  # every query keeps one key
            kwargs['attn_mask'] = am
            case['attnMaskBool'] = am.tolist()
        out, w = mha(q, k, v, need_weights=True, **kwargs)
        gout = torch.randn_like(out)
        out.backward(gout)
        case.update({'out': T(out), 'weights': T(w), 'gout': T(gout), 'gradQuery': T(q.grad), 'grads': grads(mha)})
        if kind != 'self':
            case['gradKey'] = T(k.grad)
        if kind == 'qkv':
            case['gradValue'] = T(v.grad)
        cases.append(case)
    return {'cases': cases}


def encoder_layer_cases():
    cases = []
    specs = [
        # B, L, norm_first, activation, key padding mask, src mask
        (2, 4, False, 'relu', False, False),
        (3, 3, True, 'relu', False, False),
        (2, 5, False, 'gelu', False, False),
        (2, 4, True, 'gelu', False, False),
        (3, 5, False, 'relu', True, False),
        (2, 4, True, 'gelu', True, True),
    ]
    d, nhead, ff = 8, 2, 16
    for B, L, nf, act, use_kpm, use_mask in specs:
        layer = nn.TransformerEncoderLayer(d, nhead, ff, dropout=0.1, activation=act, batch_first=True, norm_first=nf)
        randomise(layer)
        layer.eval()  # dropout 0.1 must be the identity in eval mode
        x = leaf(B, L, d)
        kwargs = {}
        case = {'B': B, 'L': L, 'dModel': d, 'nhead': nhead, 'dimFeedforward': ff, 'normFirst': nf, 'activation': act,
                'state': state(layer), 'x': T(x)}
        if use_kpm:
            kpm = torch.zeros(B, L, dtype=torch.bool)
            kpm[0, -1] = True
            kpm[-1, 0 if not use_mask else -2] = True  # a causal query 0 must keep key 0
            kwargs['src_key_padding_mask'] = kpm
            case['srcKeyPaddingMask'] = kpm.tolist()
        if use_mask:
            m = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
            kwargs['src_mask'] = m
            case['srcMask'] = m.tolist()
        out = layer(x, **kwargs)
        gout = torch.randn_like(out)
        out.backward(gout)
        case.update({'out': T(out), 'gout': T(gout), 'gradX': T(x.grad), 'grads': grads(layer)})
        cases.append(case)
    # A two-layer encoder with a final LayerNorm: keys layers.0.*, layers.1.*, norm.*
    layer = nn.TransformerEncoderLayer(d, nhead, ff, dropout=0.0, batch_first=True, norm_first=True)
    enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(d), enable_nested_tensor=False)
    randomise(enc)
    with torch.no_grad():
        for p in enc.layers[1].parameters():
            p.add_(torch.randn_like(p) * 0.1)  # the deep copies start equal; make the layers differ
    enc.eval()
    x = leaf(2, 4, d)
    out = enc(x)
    gout = torch.randn_like(out)
    out.backward(gout)
    encoder = {'dModel': d, 'nhead': nhead, 'dimFeedforward': ff, 'numLayers': 2, 'normFirst': True, 'state': state(enc),
               'x': T(x), 'out': T(out), 'gout': T(gout), 'gradX': T(x.grad), 'grads': grads(enc)}
    return {'cases': cases, 'encoder': encoder}


def tabular_case():
    cfg = {'nNumeric': 3, 'categoricalCardinalities': [3, 4], 'dToken': 8, 'nLayers': 2, 'nHeads': 2, 'dFfn': 16, 'nOut': 1}
    model = TabularTransformer(cfg['nNumeric'], cfg['categoricalCardinalities'], cfg['dToken'], cfg['nLayers'],
                               cfg['nHeads'], cfg['dFfn'], dropout=0.1, n_out=cfg['nOut'], norm_first=True,
                               cls_only_last_layer=False)
    randomise(model)
    with torch.no_grad():
        for p in model.encoder.layers[1].parameters():
            p.add_(torch.randn_like(p) * 0.1)
    model.eval()
    n = 5
    xnum = torch.randn(n, 3)
    codes = torch.stack([torch.randint(0, 3, (n,)), torch.randint(0, 4, (n,))], 1).float()
    x = torch.cat([xnum, codes], 1)
    out = model(x)
    gout = torch.randn_like(out)
    out.backward(gout)
    return {'config': cfg, 'state': state(model), 'x': T(x), 'out': T(out), 'gout': T(gout), 'grads': grads(model)}


write('transformer-attention', attention_cases())
write('transformer-encoder-layer', encoder_layer_cases())
write('transformer-tabular', tabular_case())
