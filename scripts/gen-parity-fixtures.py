#!/usr/bin/python3
"""Generate the end-to-end PyTorch parity fixtures under test/fixtures/parity/.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 scripts/gen-parity-fixtures.py

The models are the seed's (regularisation-interview-qa.txt): RegularisedClinicalMLP and
WellDesignedCNN(n_classes=3). There is no safetensors package here, so the format is written by
hand (8-byte little-endian header length, JSON header padded with spaces to 8 bytes, raw data).

Files:
  mlp-weights.safetensors   MLP state_dict (F32; num_batches_tracked I64) after a few train-mode
                            passes so the BatchNorm running statistics are not the defaults, and
                            with non-default BatchNorm affine parameters.
  mlp-eval.safetensors      x [8, 20] and the eval-mode output [8, 1].
  mlp-train-step.safetensors  one training step from mlp-weights with both Dropout p = 0:
                            x [16, 20], y [16, 1], loss, grad.<param> for every parameter,
                            after.<key> for every state-dict entry after AdamW(lr 3e-4, wd 1e-4).
  cnn-weights.safetensors   CNN state_dict, floats stored as F16 (kept under 200 KB). The model's
                            float32 weights are rounded to float16 values *before* the reference
                            output is computed, so the F16 file holds them exactly.
  cnn-eval.safetensors      x [2, 3, 8, 8] and the eval-mode output [2, 3].
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'parity')
DTYPES = {torch.float32: 'F32', torch.float16: 'F16', torch.int64: 'I64'}


def save_safetensors(path, tensors, metadata=None):
    """Write name -> tensor (in the given order) as a safetensors file."""
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        raw = t.numpy().astype(t.numpy().dtype.newbyteorder('<'), copy=False).tobytes()
        header[name] = {'dtype': DTYPES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)
    print('wrote', path, os.path.getsize(path), 'bytes')


# The seed's models, verbatim.
class RegularisedClinicalMLP(nn.Module):
    def __init__(self, n_features: int = 20):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_features, 128),
            nn.BatchNorm1d(128),  # normalisation
            nn.ReLU(),
            nn.Dropout(0.4),  # dropout
            nn.Linear(128, 64),
            nn.BatchNorm1d(64),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(64, 1),
        )

    def forward(self, x):
        return self.net(x)


class WellDesignedCNN(nn.Module):
    def __init__(self, n_classes: int):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 64, 3, padding=1, bias=False),
            nn.BatchNorm2d(64),  # BN in backbone (no Dropout here)
            nn.ReLU(),
            nn.Conv2d(64, 128, 3, padding=1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(0.5),  # Dropout only in classification head
            nn.Linear(128, n_classes),
        )

    def forward(self, x):
        return self.head(self.backbone(x))


def warm_up(model, make_batch, passes=3):
    """Non-default BatchNorm affine parameters and running statistics."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
        model.train()
        for _ in range(passes):
            model(make_batch())


def mlp_fixtures():
    torch.manual_seed(0)
    model = RegularisedClinicalMLP()
    warm_up(model, lambda: torch.randn(32, 20) * 1.5 + 0.3)
    save_safetensors(os.path.join(OUT, 'mlp-weights.safetensors'), model.state_dict(), {'format': 'pt'})

    model.eval()
    x = torch.randn(8, 20)
    with torch.no_grad():
        out = model(x)
    save_safetensors(os.path.join(OUT, 'mlp-eval.safetensors'), {'x': x, 'out': out})

    # One training step, dropout disabled, from the same weights.
    model.net[3].p = 0.0
    model.net[7].p = 0.0
    model.train()
    x = torch.randn(16, 20)
    y = (torch.rand(16, 1) < 0.4).float()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=1e-4, foreach=False)
    opt.zero_grad()
    loss = nn.BCEWithLogitsLoss()(model(x), y)
    loss.backward()
    tensors = {'x': x, 'y': y, 'loss': loss.detach()}
    for name, p in model.named_parameters():
        tensors['grad.' + name] = p.grad.clone()
    opt.step()
    for name, t in model.state_dict().items():
        tensors['after.' + name] = t.clone()
    save_safetensors(os.path.join(OUT, 'mlp-train-step.safetensors'), tensors,
                     {'optimizer': 'AdamW', 'lr': '3e-4', 'weight_decay': '1e-4', 'loss': 'BCEWithLogitsLoss'})


def cnn_fixtures():
    torch.manual_seed(1)
    model = WellDesignedCNN(n_classes=3)
    warm_up(model, lambda: torch.randn(4, 3, 8, 8))
    with torch.no_grad():
        for t in model.state_dict().values():
            if t.is_floating_point():
                t.copy_(t.half().float())
    sd = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    save_safetensors(os.path.join(OUT, 'cnn-weights.safetensors'), sd, {'format': 'pt', 'stored': 'float16-exact'})
    model.eval()
    x = torch.randn(2, 3, 8, 8)
    with torch.no_grad():
        out = model(x)
    save_safetensors(os.path.join(OUT, 'cnn-eval.safetensors'), {'x': x, 'out': out})


def main():
    os.makedirs(OUT, exist_ok=True)
    mlp_fixtures()
    cnn_fixtures()


if __name__ == '__main__':
    main()
