"""PyTorch side of bench/train-step: same models, loss and optimizer as models.ts.

Server mode, so run.ts can interleave blocks of PyTorch steps with blocks of tfjs steps (the
machine is shared and its load drifts): reads lines "<steps>" from stdin, runs that many
training steps, and answers one JSON line {"ms": [per step]}. An empty line ends it.
Usage: /usr/bin/python3 torch_step.py <cnn|resnet> <batch> [threads]
"""
import json
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)


def reference_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))


def conv_bn(cin, cout, k, s, relu):
    layers = [nn.Conv2d(cin, cout, k, stride=s, padding=k // 2, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, s):
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cout, 3, s, True), conv_bn(cout, cout, 3, 1, False))
        self.short = conv_bn(cin, cout, 1, s, False) if s != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return torch.relu(self.body(x) + self.short(x))


def resnet_bn():
    return nn.Sequential(conv_bn(1, 16, 3, 1, True), BasicBlock(16, 16, 1), BasicBlock(16, 32, 2),
                         BasicBlock(32, 64, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


def main():
    name, batch = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    model = {"cnn": reference_cnn, "resnet": resnet_bn}[name]()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    print(json.dumps({"ready": True, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        times = []
        for _ in range(int(line)):
            t0 = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            loss.item()
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"ms": times, "loss": loss.item()}), flush=True)


if __name__ == "__main__":
    main()
