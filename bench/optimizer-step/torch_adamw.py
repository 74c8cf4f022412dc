"""PyTorch 1.13 counterpart of run.ts: torch.optim.AdamW on 1M parameters in 10 tensors.

Prints one '<name>\t<ms per update>' line per variant for the table of run.ts.
"""
import time

import torch

torch.manual_seed(0)
params = [torch.nn.Parameter(torch.rand(250, 400) * 2 - 1) for _ in range(10)]
for p in params:
    p.grad = torch.randn_like(p) * 0.01
for name, foreach in [('AdamW (for-loop)', False), ('AdamW (foreach)', True)]:
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=1e-2, foreach=foreach)
    for _ in range(3):
        opt.step()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(10):
            opt.step()
        runs.append((time.perf_counter() - t0) / 10 * 1000)
    runs.sort()
    print(f'{name}\t{runs[2]:.1f}')
