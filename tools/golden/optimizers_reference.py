"""Reference trajectories (float64 numpy, straight from the papers) for @tftricks/optimizers.

Same problem as tools/golden/optimizers_torch.py (closed-form start, fixed closed-form gradient
sequence, warmup+cosine learning rate), computed in float64 from the papers' formulas:
  lamb      You et al. 2019, Algorithm 2 (phi = identity; decay on rank >= 2 parameters)
  novograd  Ginsburg et al. 2019, Algorithm 1 (decay on rank >= 2 parameters)
  adafactor Shazeer & Stern 2018, Algorithms 4/5 with beta1 = 0, relative step, update clipping
            (rank >= 2 factored over the last two axes); its own relative step, no schedule
  lookahead Zhang et al. 2019, Algorithm 1, around torch-style SGD with momentum
  ranger    lookahead(RAdam as in torch 1.13), k = 6, alpha = 0.5
  nadam     Dozat 2016 with torch's momentum-decay schedule (mu_product_next = prod * mu_{t+1})

Run: /usr/bin/python3 tools/golden/optimizers_reference.py
"""
import json
import math
import os

import numpy as np

from optimizers_torch import CHECKPOINTS, NAMES, SHAPES, STEPS, grad, init, lr_at, r7, sizes


def run(step_fn, base, schedule=True):
    params = [init(k, n).astype(np.float64).reshape(SHAPES[k]) for k, n in enumerate(sizes())]
    state = [dict() for _ in params]
    traj = {}
    for t in range(STEPS):
        lr = lr_at(base, t) if schedule else None
        gs = [grad(t, k, n).astype(np.float64).reshape(SHAPES[k]) for k, n in enumerate(sizes())]
        params = step_fn(t + 1, lr, params, gs, state)
        if t + 1 in CHECKPOINTS:
            traj[str(t + 1)] = [r7(p) for p in params]
    return traj


def lamb(wd, b1=0.9, b2=0.999, eps=1e-6):
    def step(t, lr, ps, gs, st):
        out = []
        for p, g, s in zip(ps, gs, st):
            s['m'] = b1 * s.get('m', 0) + (1 - b1) * g
            s['v'] = b2 * s.get('v', 0) + (1 - b2) * g * g
            r = (s['m'] / (1 - b1 ** t)) / (np.sqrt(s['v'] / (1 - b2 ** t)) + eps)
            if p.ndim >= 2:
                r = r + wd * p
            pn, rn = np.linalg.norm(p), np.linalg.norm(r)
            ratio = pn / rn if pn > 0 and rn > 0 else 1.0
            out.append(p - lr * ratio * r)
        return out
    return step


def novograd(wd, b1=0.95, b2=0.98, eps=1e-8):
    def step(t, lr, ps, gs, st):
        out = []
        for p, g, s in zip(ps, gs, st):
            n2 = float(np.sum(g * g))
            s['v'] = n2 if t == 1 else b2 * s['v'] + (1 - b2) * n2
            d = g / (math.sqrt(s['v']) + eps) + (wd * p if p.ndim >= 2 else 0)
            s['m'] = d if t == 1 else b1 * s['m'] + d
            out.append(p - lr * s['m'])
        return out
    return step


def adafactor(decay_rate=0.8, eps1=1e-30, eps2=1e-3, d=1.0):
    def rms(x):
        return math.sqrt(float(np.mean(x * x)))

    def step(t, _lr, ps, gs, st):
        beta = 1 - t ** -decay_rate
        rho = min(1e-2, 1 / math.sqrt(t))
        out = []
        for p, g, s in zip(ps, gs, st):
            g2 = g * g + eps1
            if p.ndim >= 2:
                s['R'] = beta * s.get('R', 0) + (1 - beta) * g2.sum(-1)
                s['C'] = beta * s.get('C', 0) + (1 - beta) * g2.sum(-2)
                v = s['R'][..., :, None] * s['C'][..., None, :] / s['R'].sum(-1)[..., None, None]
            else:
                s['V'] = beta * s.get('V', 0) + (1 - beta) * g2
                v = s['V']
            u = g / np.sqrt(v)
            u = u / max(1.0, rms(u) / d)
            alpha = max(eps2, rms(p)) * rho
            out.append(p - alpha * u)
        return out
    return step


def sgd_momentum(mom):
    def step(t, lr, ps, gs, st):
        out = []
        for p, g, s in zip(ps, gs, st):
            s['b'] = g.copy() if t == 1 else mom * s['b'] + g
            out.append(p - lr * s['b'])
        return out
    return step


def radam(b1=0.9, b2=0.999, eps=1e-8):
    rho_inf = 2 / (1 - b2) - 1

    def step(t, lr, ps, gs, st):
        out = []
        for p, g, s in zip(ps, gs, st):
            s['m'] = b1 * s.get('m', 0) + (1 - b1) * g
            s['v'] = b2 * s.get('v', 0) + (1 - b2) * g * g
            bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
            m_hat = s['m'] / bc1
            rho = rho_inf - 2 * t * b2 ** t / bc2
            if rho > 5:
                rect = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
                out.append(p - lr * m_hat * rect * math.sqrt(bc2) / (np.sqrt(s['v']) + eps))
            else:
                out.append(p - lr * m_hat)
        return out
    return step


def nadam(b1=0.9, b2=0.999, eps=1e-8, psi=4e-3):
    def step(t, lr, ps, gs, st):
        out = []
        mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        for p, g, s in zip(ps, gs, st):
            s['prod'] = s.get('prod', 1.0) * mu
            s['m'] = b1 * s.get('m', 0) + (1 - b1) * g
            s['v'] = b2 * s.get('v', 0) + (1 - b2) * g * g
            denom = np.sqrt(s['v'] / (1 - b2 ** t)) + eps
            out.append(p - lr * (1 - mu) / (1 - s['prod']) * g / denom - lr * mu_next / (1 - s['prod'] * mu_next) * s['m'] / denom)
        return out
    return step


def lookahead(inner, k, alpha):
    def step(t, lr, ps, gs, st):
        if 'slow' not in st[0]:
            for p, s in zip(ps, st):
                s['slow'] = p.copy()
        fast = inner(t, lr, ps, gs, [s.setdefault('inner', {}) for s in st])
        if t % k != 0:
            return fast
        out = []
        for f, s in zip(fast, st):
            s['slow'] = s['slow'] + alpha * (f - s['slow'])
            out.append(s['slow'].copy())
        return out
    return step


CASES = {
    'lamb': ('lamb', 0.01, {'weightDecay': 0.01}, lamb(0.01), True),
    'novograd': ('novograd', 0.01, {'weightDecay': 0.001}, novograd(0.001), True),
    'adafactor': ('adafactor', None, {}, adafactor(), False),
    'lookahead_sgd': ('sgd', 0.1, {'momentum': 0.9, 'lookahead': {'k': 5, 'alpha': 0.5}}, lookahead(sgd_momentum(0.9), 5, 0.5), True),
    'ranger': ('ranger', 0.01, {}, lookahead(radam(), 6, 0.5), True),
    'nadam_dozat': ('nadam', 0.01, {}, nadam(), True),
}

out = {
    'source': 'float64 numpy reference formulas; tools/golden/optimizers_reference.py',
    'steps': STEPS,
    'checkpoints': CHECKPOINTS,
    'shapes': SHAPES,
    'names': NAMES,
    'cases': {},
}
for name, (preset, base, options, fn, schedule) in CASES.items():
    out['cases'][name] = {
        'preset': preset,
        'baseLr': base,
        'options': options,
        'decayAll': False,
        'trajectory': run(fn, base, schedule),
    }

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'optimizers', 'reference.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print(path, os.path.getsize(path), 'bytes')
