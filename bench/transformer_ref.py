#!/usr/bin/python3
"""PyTorch twin of clinreg's nn.TabularTransformer (same modules, same state-dict keys), and the
Python side of bench/transformer.ts.

The model classes are imported by scripts/gen-transformer-fixtures.py for the parity fixture,
which runs the full nn.TransformerEncoder path (cls_only_last_layer=False); the bench runs both
sides with the last layer computing the CLS token only, as clinreg does.

Bench usage: /usr/bin/python3 bench/transformer_ref.py CONFIG.json X.f32 Y.f32
Loads the configuration and data, answers one JSON line "ready", then reads one command per stdin
line: "step K" runs K training steps (forward, BCEWithLogits, backward, AdamW step) over
consecutive batches and answers the seconds spent (perf_counter, IPC not timed); "quit" ends.
"""
import json
import sys
import time

import torch
import torch.nn as nn


class FeatureTokenizer(nn.Module):
    """Numeric feature i -> x_i * W_i + b_i; categorical feature i with code c -> E[offset_i + c] + b_i; CLS appended."""

    def __init__(self, n_numeric, cardinalities, d_token, cls_token=True):
        super().__init__()
        self.n_numeric = n_numeric
        self.cardinalities = list(cardinalities)
        b = 1 / d_token ** 0.5
        def param(*shape):
            return nn.Parameter(torch.empty(*shape).uniform_(-b, b))
        self.register_parameter('numeric_weight', param(n_numeric, d_token) if n_numeric else None)
        self.register_parameter('numeric_bias', param(n_numeric, d_token) if n_numeric else None)
        self.register_parameter('category_bias', param(len(cardinalities), d_token) if cardinalities else None)
        self.register_parameter('cls_token', param(d_token) if cls_token else None)
        if cardinalities:
            self.category_embeddings = nn.Embedding(sum(cardinalities), d_token)
            nn.init.uniform_(self.category_embeddings.weight, -b, b)
            offsets = torch.tensor([0] + list(cardinalities[:-1])).cumsum(0)
            self.register_buffer('category_offsets', offsets, persistent=False)
        else:
            self.category_embeddings = None

    def forward(self, x):
        tokens = []
        if self.n_numeric:
            tokens.append(x[:, :self.n_numeric, None] * self.numeric_weight + self.numeric_bias)
        if self.cardinalities:
            codes = x[:, self.n_numeric:].long() + self.category_offsets
            tokens.append(self.category_embeddings(codes) + self.category_bias)
        if self.cls_token is not None:
            tokens.append(self.cls_token.expand(len(x), 1, -1))
        return torch.cat(tokens, dim=1)


class TabularTransformer(nn.Module):
    def __init__(self, n_numeric, cardinalities=(), d_token=32, n_layers=2, n_heads=4, d_ffn=None, dropout=0.1,
                 attention_dropout=None, activation='relu', n_out=1, norm_first=True, cls_only_last_layer=True):
        super().__init__()
        self.cls_only_last_layer = cls_only_last_layer
        d_ffn = d_ffn or 2 * d_token
        self.tokenizer = FeatureTokenizer(n_numeric, cardinalities, d_token)
        layer = nn.TransformerEncoderLayer(d_token, n_heads, d_ffn, dropout=dropout, activation=activation,
                                           batch_first=True, norm_first=norm_first)
        layer.self_attn.dropout = dropout if attention_dropout is None else attention_dropout
        self.encoder = nn.TransformerEncoder(layer, n_layers, enable_nested_tensor=False)
        self.head = nn.Sequential(nn.LayerNorm(d_token), nn.ReLU(), nn.Linear(d_token, n_out))

    def forward(self, x):
        h = self.tokenizer(x)
        if not self.cls_only_last_layer:
            return self.head(self.encoder(h)[:, -1])
        # As clinreg's TabularTransformer: the last layer computes the CLS (last) token only; its
        # output equals that row of the full layer (the fixture checks clinreg against the full path).
        for layer in self.encoder.layers[:-1]:
            h = layer(h)
        return self.head(last_token(self.encoder.layers[-1], h)[:, 0])


def last_token(layer, h):
    """nn.TransformerEncoderLayer's forward for the last position only (batch-first)."""
    q = h[:, -1:]
    if layer.norm_first:
        y = layer.norm1(h)
        x = q + layer.dropout1(layer.self_attn(y[:, -1:], y, y, need_weights=False)[0])
        return x + layer._ff_block(layer.norm2(x))
    x = layer.norm1(q + layer.dropout1(layer.self_attn(q, h, h, need_weights=False)[0]))
    return layer.norm2(x + layer._ff_block(x))


def main():
    cfg = json.load(open(sys.argv[1]))
    torch.set_num_threads(cfg.get('threads', 1))
    torch.manual_seed(0)
    n, f = cfg['rows'], cfg['nNumeric'] + len(cfg['categoricalCardinalities'])
    x = torch.from_numpy(__import__('numpy').fromfile(sys.argv[2], dtype='float32').reshape(n, f))
    y = torch.from_numpy(__import__('numpy').fromfile(sys.argv[3], dtype='float32').reshape(n, 1))
    model = TabularTransformer(cfg['nNumeric'], cfg['categoricalCardinalities'], cfg['dToken'], cfg['nLayers'],
                               cfg['nHeads'], cfg['dFfn'], cfg['dropout'])
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.05)
    loss_fn = nn.BCEWithLogitsLoss()
    bs = cfg['batchSize']
    state = {'start': 0}

    def step():
        s = state['start']
        if s + bs > n:
            s = 0
        xb, yb = x[s:s + bs], y[s:s + bs]
        state['start'] = s + bs
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'python': sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == 'quit':
            break
        k = int(parts[1])
        t0 = time.perf_counter()
        loss = 0.0
        for _ in range(k):
            loss = step()
        print(json.dumps({'seconds': time.perf_counter() - t0, 'loss': loss}), flush=True)


if __name__ == '__main__':
    main()
