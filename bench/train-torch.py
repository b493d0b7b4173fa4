"""PyTorch anchor of `npm run bench:train`: the reference MBConv+SE network
(TRAINING_BENCHMARK_ARCHITECTURE in bench/training-network.ts), one
thread, batch 64, 32x32x3, SGD with momentum. Prints one JSON line."""
import json
import statistics
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)


def conv_bn(cin, cout, k, s=1, groups=1):
    return [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)]


class SE(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.reduce = nn.Conv2d(channels, reduced, 1)
        self.expand = nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        return x * torch.sigmoid(self.expand(torch.relu(self.reduce(s))))


class MBConv(nn.Module):
    def __init__(self, cin, e, cout, k, s):
        super().__init__()
        mid = cin * e
        layers = []
        if e != 1:
            layers += conv_bn(cin, mid, 1) + [nn.ReLU()]
        layers += conv_bn(mid, mid, k, s, groups=mid) + [nn.ReLU()]
        layers += [SE(mid, max(1, int(cin * 0.25)))]
        layers += conv_bn(mid, cout, 1)
        self.body = nn.Sequential(*layers)
        self.skip = s == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.skip else y


def reference():
    blocks = [(1, 16, 3, 1), (4, 24, 3, 2), (4, 24, 3, 1), (4, 40, 5, 2), (4, 80, 3, 2), (3, 112, 3, 1)]
    layers = conv_bn(3, 16, 3) + [nn.ReLU()]
    cin = 16
    for e, f, k, s in blocks:
        layers.append(MBConv(cin, e, f, k, s))
        cin = f
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 10)]
    return nn.Sequential(*layers)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    model = reference()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(64, 3, 32, 32)
    y = torch.randint(0, 10, (64,))
    loss_fn = nn.CrossEntropyLoss()
    model.train()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    times = []
    cpu = []
    for _ in range(steps):
        t = time.perf_counter()
        c = time.process_time()
        step()
        cpu.append((time.process_time() - c) * 1000)
        times.append((time.perf_counter() - t) * 1000)
    with torch.no_grad():
        fwd = []
        for _ in range(steps):
            t = time.perf_counter()
            model(x)
            fwd.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"params": params, "msPerStep": statistics.median(times), "samples": times, "cpuSamples": cpu,
                      "forwardMs": statistics.median(fwd), "torch": torch.__version__, "threads": torch.get_num_threads()}))


main()
