"""Reference logits for test/blocks/torchvision.test.ts (run by hand; CI does not need Python).

Fills torchvision's mnasnet0_5 and mobilenet_v2(width_mult=0.5), 10 classes, with weights
given by an integer hash of (tensor number, flat index in the PyTorch layout), runs one
33x33 input (uniform in [-8, 8), so that ReLU6 caps are reached) in eval mode and prints the
logits. The test fills the tfjs models built by buildModel with the same
formula (transposed to tfjs layouts) and compares. 33x33 keeps every stride-2 input odd, where
TF 'same' padding equals PyTorch's symmetric k//2 padding.

    /usr/bin/python3 test/blocks/torchvision-forward.py
"""
import json
import math

import torch
import torchvision


def hash32(t: int, n: int) -> float:
    """Uniform in [-1, 1) from 32-bit integer mixing, exact in any language."""
    h = (n * 2654435761 + t * 40503 + 12345) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 2246822519) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 3266489917) & 0xFFFFFFFF
    h ^= h >> 16
    return h / 2**31 - 1


def u(t: int, n: torch.Tensor) -> torch.Tensor:
    return torch.tensor([hash32(t, int(i)) for i in n.tolist()], dtype=torch.float64)


def fill(model: torch.nn.Module) -> None:
    t = 0
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, torch.nn.Conv2d):
                w = mod.weight
                fan_in = w.shape[1] * w.shape[2] * w.shape[3]
                n = torch.arange(w.numel(), dtype=torch.float64)
                w.copy_((u(t, n) * math.sqrt(2.0 / fan_in)).reshape(w.shape))
                t += 1
            elif isinstance(mod, torch.nn.BatchNorm2d):
                n = torch.arange(mod.num_features, dtype=torch.float64)
                mod.weight.copy_(1 + 0.2 * u(t, n)); t += 1
                mod.bias.copy_(0.1 * u(t, n)); t += 1
                mod.running_mean.copy_(0.1 * u(t, n)); t += 1
                mod.running_var.copy_(1 + 0.25 * u(t, n)); t += 1
            elif isinstance(mod, torch.nn.Linear):
                w = mod.weight
                n = torch.arange(w.numel(), dtype=torch.float64)
                w.copy_((u(t, n) / math.sqrt(w.shape[1])).reshape(w.shape)); t += 1
                n = torch.arange(mod.bias.numel(), dtype=torch.float64)
                mod.bias.copy_(0.1 * u(t, n)); t += 1


def logits(model: torch.nn.Module) -> list:
    fill(model)
    model.eval()
    c, h, w = 3, 33, 33
    n = torch.arange(c * h * w, dtype=torch.float64)
    x = (8 * u(100000, n)).reshape(1, c, h, w).float()
    with torch.no_grad():
        return [round(v, 6) for v in model(x)[0].tolist()]


print(json.dumps({
    'mnasnet0_5': logits(torchvision.models.mnasnet0_5(num_classes=10)),
    'mobilenet_v2_0_5': logits(torchvision.models.mobilenet_v2(num_classes=10, width_mult=0.5)),
}, indent=2))
