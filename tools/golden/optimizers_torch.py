"""Golden trajectories of torch.optim (Debian python3-torch 1.13) for @tftricks/optimizers.

The problem (mirrored in packages/optimizers/src/golden-problem.ts):
  three float32 parameters of ranks 2, 1, 3 with a closed-form start, and a fixed closed-form
  gradient sequence g_t (independent of the parameters), STEPS updates, learning rate
  lr_t = base * min(1, (t+1)/10) * 0.5 * (1 + cos(pi t / STEPS)) set on the param group before
  step t (0-based). Trajectories are recorded after the CHECKPOINTS-th update.

Torch decays every parameter it is given; cases named "*_all" are compared with
weightDecayMask = decayAll. "adamw_groups" uses two param groups (rank >= 2 decayed, rank <= 1
not), which is what tftricks' default mask does.

Run: /usr/bin/python3 tools/golden/optimizers_torch.py
"""
import json
import math
import os

import numpy as np
import torch

STEPS = 120
CHECKPOINTS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 120]
SHAPES = [[4, 3], [3], [2, 3, 2]]
NAMES = ['dense/kernel', 'dense/bias', 'conv/kernel']
SCALE = [1.0, 0.1, 3.0]


def init(k, n):
    return np.array([0.5 * math.sin(2.1 * i + k + 0.3) + 0.05 * k for i in range(n)], dtype=np.float32)


def grad(t, k, n):
    return np.array(
        [math.sin(0.37 * t + 1.3 * i + 0.9 * k) * (1 + 0.5 * math.cos(0.11 * (i + 1) * (t + 1))) * SCALE[k] for i in range(n)],
        dtype=np.float32,
    )


def lr_at(base, t):
    return base * min(1.0, (t + 1) / 10) * 0.5 * (1 + math.cos(math.pi * t / STEPS))


def sizes():
    return [int(np.prod(s)) for s in SHAPES]


def r7(a):
    return [float(f'{float(x):.7g}') for x in np.asarray(a, dtype=np.float64).ravel()]


def run_torch(make, base, clip=None):
    params = [torch.tensor(init(k, n).reshape(SHAPES[k]), requires_grad=True) for k, n in enumerate(sizes())]
    opt = make(params)
    traj = {}
    for t in range(STEPS):
        for group in opt.param_groups:
            group['lr'] = lr_at(base, t)
        for k, (p, n) in enumerate(zip(params, sizes())):
            p.grad = torch.from_numpy(grad(t, k, n).reshape(SHAPES[k]))
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        if t + 1 in CHECKPOINTS:
            traj[str(t + 1)] = [r7(p.detach().numpy()) for p in params]
    return traj


def groups(params, wd):
    return [
        {'params': [p for p in params if p.dim() >= 2], 'weight_decay': wd},
        {'params': [p for p in params if p.dim() < 2], 'weight_decay': 0.0},
    ]


def main():
    O = torch.optim
    CASES = {
        'sgd': (0.1, {}, lambda ps: O.SGD(ps, lr=0.1)),
        'sgd_momentum': (0.1, {'momentum': 0.9}, lambda ps: O.SGD(ps, lr=0.1, momentum=0.9)),
        'sgd_nesterov': (0.1, {'momentum': 0.9, 'nesterov': True}, lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, nesterov=True)),
        'sgd_momentum_wd_all': (0.1, {'momentum': 0.9, 'weightDecay': 0.05}, lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.05)),
        'sgd_momentum_clip': (0.1, {'momentum': 0.9, 'clipGradNorm': 1.0}, lambda ps: O.SGD(ps, lr=0.1, momentum=0.9)),
        'adam': (0.01, {}, lambda ps: O.Adam(ps, lr=0.01)),
        'adam_betas': (0.01, {'beta1': 0.8, 'beta2': 0.99, 'eps': 1e-6}, lambda ps: O.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-6)),
        'adam_wd_all': (0.01, {'weightDecay': 0.1}, lambda ps: O.Adam(ps, lr=0.01, weight_decay=0.1)),
        'adamw_all': (0.01, {'weightDecay': 0.1}, lambda ps: O.AdamW(ps, lr=0.01, weight_decay=0.1)),
        'adamw_groups': (0.01, {'weightDecay': 0.1}, lambda ps: O.AdamW(groups(ps, 0.1), lr=0.01)),
        'radam': (0.01, {}, lambda ps: O.RAdam(ps, lr=0.01)),
        'radam_wd_all': (0.01, {'weightDecay': 0.1}, lambda ps: O.RAdam(ps, lr=0.01, weight_decay=0.1)),
        'nadam': (0.01, {'torch113': True}, lambda ps: O.NAdam(ps, lr=0.01)),
        'nadam_wd_all': (0.01, {'torch113': True, 'weightDecay': 0.1}, lambda ps: O.NAdam(ps, lr=0.01, weight_decay=0.1)),
    }

    PRESET = {'sgd': 'sgd', 'adam': 'adam', 'adamw': 'adamw', 'radam': 'radam', 'nadam': 'nadam'}

    out = {
        'source': f'torch {torch.__version__} (Debian python3-torch); tools/golden/optimizers_torch.py',
        'steps': STEPS,
        'checkpoints': CHECKPOINTS,
        'shapes': SHAPES,
        'names': NAMES,
        'cases': {},
    }
    for name, (base, options, make) in CASES.items():
        clip = options.get('clipGradNorm')
        out['cases'][name] = {
            'preset': PRESET[name.split('_')[0]],
            'baseLr': base,
            'options': options,
            'decayAll': name.endswith('_all'),
            'trajectory': run_torch(make, base, clip),
        }

    # clip_grad_norm_ on its own: the scaled gradients of a few steps (max_norm 2.5, some clip, some not).
    clip_cases = []
    for t in [0, 3, 7]:
        gs = [torch.from_numpy(grad(t, k, n).reshape(SHAPES[k])) for k, n in enumerate(sizes())]
        for max_norm in [2.5, 100.0]:
            ps = [torch.zeros(s, requires_grad=True) for s in SHAPES]
            for p, g in zip(ps, gs):
                p.grad = g.clone()
            torch.nn.utils.clip_grad_norm_(ps, max_norm)
            clip_cases.append({'t': t, 'maxNorm': max_norm, 'grads': [r7(p.grad.numpy()) for p in ps]})
    out['clipGradNorm'] = clip_cases

    path = os.path.join(os.path.dirname(__file__), 'fixtures', 'optimizers', 'torch.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
