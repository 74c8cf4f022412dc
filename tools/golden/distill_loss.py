#!/usr/bin/env python3
"""Golden values and student-logit gradients of the Hinton et al. (2015) distillation loss,
alpha * T^2 * KL(softmax(t/T) || softmax(s/T)) (batchmean) + (1 - alpha) * CE(s, y),
computed with Debian's python3-torch. Writes fixtures/distill/loss.json."""
import json, os
import torch
import torch.nn.functional as F

torch.manual_seed(7)
cases = []
for (n, k, T, alpha, scale) in [(6, 5, 1.0, 0.5, 2.0), (8, 10, 4.0, 0.9, 3.0), (5, 3, 20.0, 0.7, 5.0), (4, 10, 2.0, 1.0, 1.0), (7, 4, 4.0, 0.0, 2.0)]:
    # Inputs are rounded to float32-exact values first, so the TS side sees the same numbers.
    s = (torch.randn(n, k, dtype=torch.float64) * scale).float().double().requires_grad_(True)
    t = (torch.randn(n, k, dtype=torch.float64) * scale).float().double()
    y = torch.randint(0, k, (n,))
    soft = F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction='batchmean') * T * T
    hard = F.cross_entropy(s, y)
    loss = alpha * soft + (1 - alpha) * hard
    loss.backward()
    cases.append({
        'temperature': T, 'alpha': alpha,
        'student': s.detach().tolist(),
        'teacher': t.tolist(),
        'labels': y.tolist(),
        'loss': loss.item(), 'soft': soft.item(), 'hard': hard.item(),
        'grad': s.grad.tolist(),
    })
out = os.path.join(os.path.dirname(__file__), 'fixtures', 'distill', 'loss.json')
with open(out, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases}, f)
print('wrote', out, len(cases), 'cases')
