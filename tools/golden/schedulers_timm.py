"""timm's CosineLRScheduler (warmup, cycles, cycle decay), written out from timm's formula.

timm is not packaged in Debian, so this is the closed form of timm 0.9's
`CosineLRScheduler._get_lr(t)` (scheduler/cosine_lr.py) transcribed line by line:
linear warmup from `warmup_lr_init` over `warmup_t` steps (towards the base lr), then
cosine cycles of length `t_initial * cycle_mul**i`, peak `base * cycle_decay**i`, `lr_min`
after `cycle_limit` cycles; `warmup_prefix` shifts the cosine by `warmup_t`.
Writes tools/golden/fixtures/schedulers/timm.json.

Run: /usr/bin/python3 tools/golden/schedulers_timm.py
"""
import json
import math
import os

OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'schedulers', 'timm.json')


def r(x):
    return float('%.10g' % x)


def timm_cosine(t, base, t_initial, lr_min=0.0, cycle_mul=1.0, cycle_decay=1.0, cycle_limit=1,
                warmup_t=0, warmup_lr_init=0.0, warmup_prefix=False):
    if t < warmup_t:
        return warmup_lr_init + t * (base - warmup_lr_init) / warmup_t
    if warmup_prefix:
        t = t - warmup_t
    if cycle_mul != 1:
        i = math.floor(math.log(1 - t / t_initial * (1 - cycle_mul), cycle_mul))
        t_i = cycle_mul ** i * t_initial
        t_curr = t - (1 - cycle_mul ** i) / (1 - cycle_mul) * t_initial
    else:
        i = t // t_initial
        t_i = t_initial
        t_curr = t - (t_initial * i)
    lr_max = base * cycle_decay ** i
    if i < cycle_limit:
        return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * t_curr / t_i))
    return lr_min


cases = []
for name, kw, steps, spec in [
    ('warmup 50 from 1e-6, cosine 1000, min 1e-5',
     dict(base=0.1, t_initial=1000, lr_min=1e-5, warmup_t=50, warmup_lr_init=1e-6), 1000,
     {'type': 'warmup', 'steps': 50, 'from': 1e-6, 'prefix': False,
      'schedule': {'type': 'cosine', 'baseLr': 0.1, 'tMax': 1000, 'min': 1e-5}}),
    ('warmup 100 prefix, cosine 1000',
     dict(base=0.05, t_initial=1000, warmup_t=100, warmup_lr_init=0.0, warmup_prefix=True), 1100,
     {'type': 'warmup', 'steps': 100, 'from': 0.0, 'prefix': True,
      'schedule': {'type': 'cosine', 'baseLr': 0.05, 'tMax': 1000, 'min': 0.0}}),
    ('warmup 20, restarts t=200 decay 0.5, limit 5, min 1e-4',
     dict(base=0.1, t_initial=200, lr_min=1e-4, cycle_decay=0.5, cycle_limit=5, warmup_t=20, warmup_lr_init=1e-4), 1200,
     {'type': 'warmup', 'steps': 20, 'from': 1e-4, 'prefix': False,
      'schedule': {'type': 'cosineWarmRestarts', 'baseLr': 0.1, 't0': 200, 'tMult': 1, 'min': 1e-4, 'decay': 0.5,
                   'cycleLimit': 5}}),
    ('warmup 10 prefix, restarts t=50 mul 2 decay 0.8',
     dict(base=0.2, t_initial=50, cycle_mul=2, cycle_decay=0.8, cycle_limit=100, warmup_t=10, warmup_lr_init=0.01,
          warmup_prefix=True), 1200,
     {'type': 'warmup', 'steps': 10, 'from': 0.01, 'prefix': True,
      'schedule': {'type': 'cosineWarmRestarts', 'baseLr': 0.2, 't0': 50, 'tMult': 2, 'min': 0.0, 'decay': 0.8}}),
]:
    cases.append({'name': name, 'timm': kw, 'spec': spec, 'lr': [r(timm_cosine(t, **kw)) for t in range(steps)]})

with open(OUT, 'w') as f:
    json.dump({'timm': 'CosineLRScheduler closed form (timm 0.9)', 'cases': cases}, f, separators=(',', ':'))
