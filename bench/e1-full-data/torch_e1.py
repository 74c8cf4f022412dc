#!/usr/bin/python3
"""E1 (issue #21), the PyTorch twin: the same model, recipe, epochs and batch size as
apps/demo/recipes/e1-<arm>.yaml, in PyTorch (Debian python3-torch), one row of results.json.

    /usr/bin/python3 bench/e1-full-data/torch_e1.py --arm recipe --seed 0 [--epochs 16] [--threads 2]

Model: simpleCnn({ widths: [32, 64, 128], convsPerStage: 2, batchNorm: true, pooling: 'avg' }):
per stage two 3x3 conv (no bias) -> BN -> ReLU, 2x2 max-pool between stages, global average
pooling, dense 10. Keras's BN defaults (momentum 0.99 = torch 0.01, eps 1e-3) and initialisers
(He normal, truncated, for the convs; Glorot uniform for the dense layer, zero bias).
Data: Fashion-MNIST from /usr/share/datasets/fashion-mnist, pixels in [0, 1]; a stratified
5,000-image validation split (numpy seed 0: the same size and class balance as the JS runs, not
the same images) is held out; the 10,000 test images are scored once at the end, without and
with flip TTA (mean of the softmax of the image and its mirror).
Baseline: Adam 1e-3 constant, plain cross-entropy. Recipe: pad-2 random crop + horizontal flip
(p 0.5) + random erasing (p 0.25, area 2-20 %, ratio 0.3-3.3, value 0), label smoothing 0.1,
AdamW 3e-3 (weight decay 0.05 on rank >= 2 weights only, as @tftricks/optimizers' adamw) on a
one-cycle schedule (20 % warm-up, cosine, div 25, final div 1e4, no momentum cycling), global
gradient-norm clipping at 2, and an EMA of all weights and BN statistics (decay 0.999 with timm's
warm-up, power 2/3) used for evaluation.
"""
import argparse
import gzip
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--arm", choices=["baseline", "recipe"], default="recipe")
p.add_argument("--seed", type=int, default=0)
p.add_argument("--epochs", type=int, default=16)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--batch", type=int, default=128)
p.add_argument("--train-limit", type=int, default=0, help="smoke runs: only the first N training images")
p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.json"))
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
rng = np.random.default_rng(args.seed)
recipe = args.arm == "recipe"

DIR = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    with gzip.open(os.path.join(DIR, name), "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


x_all = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
y_all = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
x_test = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255)
y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))
split = np.random.default_rng(0)
val_idx = np.concatenate(
    [split.permutation(np.flatnonzero(y_all == c))[:500] for c in range(10)]
)
train_mask = np.ones(len(y_all), bool)
train_mask[val_idx] = False
x_train, y_train = torch.from_numpy(x_all[train_mask]), torch.from_numpy(y_all[train_mask])
x_val, y_val = torch.from_numpy(x_all[val_idx]), torch.from_numpy(y_all[val_idx])
if args.train_limit:
    x_train, y_train = x_train[: args.train_limit], y_train[: args.train_limit]


class SimpleCnn(nn.Module):
    def __init__(self, widths=(32, 64, 128), convs=2):
        super().__init__()
        layers, c = [], 1
        for s, width in enumerate(widths):
            if s > 0:
                layers.append(nn.MaxPool2d(2, 2))
            for _ in range(convs):
                conv = nn.Conv2d(c, width, 3, padding=1, bias=False)
                # Keras/tfjs heNormal: a normal truncated at ±2 sd, sd = sqrt(2 / fan_in) / 0.8796.
                sd = math.sqrt(2.0 / (c * 9)) / 0.87962566103423978
                nn.init.trunc_normal_(conv.weight, 0.0, sd, -2 * sd, 2 * sd)
                layers += [conv, nn.BatchNorm2d(width, eps=1e-3, momentum=0.01), nn.ReLU()]
                c = width
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(c, 10)
        nn.init.xavier_uniform_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        return self.head(self.features(x).mean((2, 3)))


model = SimpleCnn()
params = sum(p.numel() for p in model.parameters()) + sum(
    b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked")
)
steps_per_epoch = math.ceil(len(y_train) / args.batch)
total = steps_per_epoch * args.epochs
if recipe:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=3e-3
    )
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, 3e-3, total_steps=total, pct_start=0.2, anneal_strategy="cos", cycle_momentum=False,
        div_factor=25, final_div_factor=1e4,
    )
else:
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = None
ema = {k: v.detach().clone() for k, v in model.state_dict().items()} if recipe else None


def ema_update(step):
    s = max(0, step - 1)
    d = 0.0 if s <= 0 else min(0.999, 1 - (1 + s) ** (-2 / 3))
    with torch.no_grad():
        for k, v in model.state_dict().items():
            if v.dtype.is_floating_point:
                ema[k].mul_(d).add_(v, alpha=1 - d)
            else:
                ema[k].copy_(v)


def augment(x):
    n = x.shape[0]
    padded = F.pad(x, (2, 2, 2, 2))
    tops = rng.integers(0, 5, n)
    lefts = rng.integers(0, 5, n)
    out = torch.stack([padded[i, :, tops[i] : tops[i] + 28, lefts[i] : lefts[i] + 28] for i in range(n)])
    flip = torch.from_numpy(rng.random(n) < 0.5)
    out[flip] = out[flip].flip(3)
    for i in np.flatnonzero(rng.random(n) < 0.25):
        for _ in range(10):  # torchvision RandomErasing's box sampling
            area = 28 * 28 * rng.uniform(0.02, 0.2)
            ratio = math.exp(rng.uniform(math.log(0.3), math.log(3.3)))
            h, w = int(round(math.sqrt(area * ratio))), int(round(math.sqrt(area / ratio)))
            if h < 28 and w < 28:
                t, l = rng.integers(0, 28 - h + 1), rng.integers(0, 28 - w + 1)
                out[i, :, t : t + h, l : l + w] = 0
                break
    return out


def evaluate(x, y, weights=None, tta=True):
    live = None
    if weights is not None:
        live = {k: v.clone() for k, v in model.state_dict().items()}
        model.load_state_dict(weights)
    model.eval()
    correct = correct_tta = 0
    nll = 0.0
    with torch.no_grad():
        for i in range(0, len(y), 500):
            xb, yb = x[i : i + 500], y[i : i + 500]
            p = F.softmax(model(xb), 1)
            pt = (p + F.softmax(model(xb.flip(3)), 1)) / 2 if tta else p
            correct += (p.argmax(1) == yb).sum().item()
            correct_tta += (pt.argmax(1) == yb).sum().item()
            nll -= torch.log(p[torch.arange(len(yb)), yb].clamp_min(1e-12)).sum().item()
    model.train()
    if live is not None:
        model.load_state_dict(live)
    return correct / len(y), correct_tta / len(y), nll / len(y)


t0 = time.time()
load0 = os.getloadavg()
step = 0
val_history = []
print(f"torch e1 {args.arm} seed {args.seed}: {args.epochs} epochs, {params} params, {args.threads} threads, load {load0}")
for epoch in range(args.epochs):
    perm = torch.from_numpy(rng.permutation(len(y_train)))
    total_loss = 0.0
    for b in range(steps_per_epoch):
        ids = perm[b * args.batch : (b + 1) * args.batch]
        xb, yb = x_train[ids], y_train[ids]
        if recipe:
            xb = augment(xb)
        loss = F.cross_entropy(model(xb), yb, label_smoothing=0.1 if recipe else 0.0)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if recipe:
            nn.utils.clip_grad_norm_(model.parameters(), 2.0)
        opt.step()
        step += 1
        if sched is not None:
            sched.step()
        if ema is not None:
            ema_update(step)
        total_loss += loss.item()
    val_acc = evaluate(x_val, y_val, ema, tta=False)[0]
    val_history.append(val_acc)
    print(
        f"epoch {epoch + 1}/{args.epochs}: train loss {total_loss / steps_per_epoch:.4f} · val acc {100 * val_acc:.2f}"
        f" · load {os.getloadavg()[0]:.2f} · {time.time() - t0:.0f} s",
        flush=True,
    )
test_acc, test_acc_tta, test_nll = evaluate(x_test, y_test, ema)
seconds = time.time() - t0
row = {
    "arm": f"torch-{args.arm}",
    "seed": args.seed,
    "params": params,
    "epochs": args.epochs,
    "steps": step,
    "valAcc": val_history[-1],
    "testAcc": test_acc,
    "testAccTta": test_acc_tta,
    "testNll": test_nll,
    "wallSeconds": seconds,
    "backend": f"pytorch {torch.__version__} cpu",
    "threads": args.threads,
    "load": {"start": list(load0), "end": list(os.getloadavg())},
    "history": {"valAccuracy": val_history},
}
print(f"done: test {100 * test_acc:.2f}% (flip TTA {100 * test_acc_tta:.2f}%), {seconds / 60:.1f} min")
rows = json.load(open(args.out)) if os.path.exists(args.out) else []
rows = [r for r in rows if not (r["arm"] == row["arm"] and r["seed"] == row["seed"])] + [row]
with open(args.out, "w") as f:
    json.dump(rows, f, indent=1)
    f.write("\n")
