"""Golden learning-rate schedules from PyTorch 1.13 (Debian python3-torch).

Writes tools/golden/fixtures/schedulers/torch.json (the chainable decays, warm restarts and
SequentialLR), one-cycle.json (OneCycleLR + momentum), cyclic.json (CyclicLR + momentum) and
plateau.json (ReduceLROnPlateau). Each case stores the tftricks spec it should equal and
`lr[t]` = `scheduler.get_last_lr()[0]` after t calls to `scheduler.step()`.

Run: /usr/bin/python3 tools/golden/schedulers_torch.py
"""
import json
import os
import random
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.filterwarnings('ignore')
OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'schedulers')
STEPS = 1200


def r(x):
    # 10 significant digits: enough for the 1e-6 relative bar, small on disk.
    return float('%.10g' % x)


def optimizer(lr, momentum=0.0):
    p = torch.nn.Parameter(torch.zeros(1))
    return torch.optim.SGD([p], lr=lr, momentum=momentum)


def run(opt, sched, steps, momentum=False):
    lrs, moms = [sched.get_last_lr()[0]], [opt.param_groups[0]['momentum']]
    for _ in range(steps - 1):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
        moms.append(opt.param_groups[0]['momentum'])
    out = {'lr': [r(x) for x in lrs]}
    if momentum:
        out['momentum'] = [r(x) for x in moms]
    return out


def write(name, cases):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))


# --- chainable decays, warm restarts, SequentialLR -------------------------------------------
cases = []


def case(name, torch_name, spec, make, steps=STEPS, lr=None):
    opt = optimizer(lr if lr is not None else spec.get('baseLr', spec.get('lr')))
    sched = make(opt)
    cases.append({'name': name, 'torch': torch_name, 'spec': spec, **run(opt, sched, steps)})


for lr, f, n in [(0.1, 1 / 3, 5), (0.05, 0.5, 400)]:
    case(f'ConstantLR f={f:.3g} n={n}', 'ConstantLR', {'type': 'constant', 'lr': lr, 'factor': f, 'totalIters': n},
         lambda o: S.ConstantLR(o, factor=f, total_iters=n))
for lr, a, b, n in [(0.1, 1 / 3, 1.0, 5), (0.05, 0.01, 1.0, 500), (0.2, 1.0, 0.1, 800), (0.1, 0.5, 0.25, 1000)]:
    case(f'LinearLR {a:.3g}->{b} n={n}', 'LinearLR',
         {'type': 'linear', 'baseLr': lr, 'startFactor': a, 'endFactor': b, 'totalIters': n},
         lambda o: S.LinearLR(o, start_factor=a, end_factor=b, total_iters=n))
for lr, s, g in [(0.1, 30, 0.1), (0.05, 7, 0.5), (1.0, 1, 0.99)]:
    case(f'StepLR step={s} gamma={g}', 'StepLR', {'type': 'stepDecay', 'baseLr': lr, 'stepSize': s, 'gamma': g},
         lambda o: S.StepLR(o, step_size=s, gamma=g))
for lr, ms, g in [(0.1, [300, 600, 900], 0.1), (0.02, [1, 5, 5, 100, 1100], 0.5), (0.1, [0, 2], 0.3)]:
    case(f'MultiStepLR {ms} gamma={g}', 'MultiStepLR', {'type': 'multiStep', 'baseLr': lr, 'milestones': ms, 'gamma': g},
         lambda o: S.MultiStepLR(o, milestones=ms, gamma=g))
for lr, g in [(0.1, 0.99), (1.0, 0.9995), (0.3, 0.95)]:
    case(f'ExponentialLR gamma={g}', 'ExponentialLR', {'type': 'exponential', 'baseLr': lr, 'gamma': g},
         lambda o: S.ExponentialLR(o, gamma=g))
for lr, n, p in [(0.1, 5, 1.0), (0.05, 800, 2.0), (0.1, 1000, 0.5), (0.01, 1150, 3.0)]:
    case(f'PolynomialLR n={n} power={p}', 'PolynomialLR', {'type': 'polynomial', 'baseLr': lr, 'totalIters': n, 'power': p},
         lambda o: S.PolynomialLR(o, total_iters=n, power=p))
for lr, T, m in [(0.1, 1000, 0.0), (0.1, 300, 0.001), (0.05, 1, 0.0), (0.1, 250, 0.01), (0.02, 1199, 0.0)]:
    case(f'CosineAnnealingLR T={T} min={m}', 'CosineAnnealingLR', {'type': 'cosine', 'baseLr': lr, 'tMax': T, 'min': m},
         lambda o: S.CosineAnnealingLR(o, T_max=T, eta_min=m))
for lr, t0, tm, m in [(0.1, 100, 1, 0.0), (0.1, 10, 2, 0.001), (0.05, 7, 3, 0.0), (0.1, 1, 2, 0.0)]:
    case(f'CosineAnnealingWarmRestarts T0={t0} Tmult={tm} min={m}', 'CosineAnnealingWarmRestarts',
         {'type': 'cosineWarmRestarts', 'baseLr': lr, 't0': t0, 'tMult': tm, 'min': m, 'decay': 1.0},
         lambda o: S.CosineAnnealingWarmRestarts(o, T_0=t0, T_mult=tm, eta_min=m))


def sequential(o, a, b, milestone):
    return S.SequentialLR(o, [a(o), b(o)], milestones=[milestone])


case('SequentialLR LinearLR(0.1, 50) -> CosineAnnealingLR(1150)', 'SequentialLR',
     {'type': 'join', 'boundaries': [50], 'schedules': [
         {'type': 'linear', 'baseLr': 0.1, 'startFactor': 0.1, 'endFactor': 1.0, 'totalIters': 50},
         {'type': 'cosine', 'baseLr': 0.1, 'tMax': 1150, 'min': 0.0}]},
     lambda o: sequential(o, lambda q: S.LinearLR(q, start_factor=0.1, total_iters=50),
                          lambda q: S.CosineAnnealingLR(q, T_max=1150), 50), lr=0.1)
case('SequentialLR ConstantLR(0.1, 20) -> ExponentialLR(0.995)', 'SequentialLR',
     {'type': 'join', 'boundaries': [20], 'schedules': [
         {'type': 'constant', 'lr': 0.5, 'factor': 0.1, 'totalIters': 20},
         {'type': 'exponential', 'baseLr': 0.5, 'gamma': 0.995}]},
     lambda o: sequential(o, lambda q: S.ConstantLR(q, factor=0.1, total_iters=20),
                          lambda q: S.ExponentialLR(q, gamma=0.995), 20), lr=0.5)
write('torch.json', cases)

# --- OneCycleLR ---------------------------------------------------------------------------------
cases = []
for total, o in [
    (1000, {}),
    (1000, {'pctStart': 0.1, 'anneal': 'linear'}),
    (1200, {'pctStart': 0.0001}),  # first phase ends before step 0
    (1000, {'pctStart': 0.002}),
    (1000, {'pctStart': 0.999}),
    (1000, {'pctStart': 0.25, 'threePhase': True, 'divFactor': 10, 'finalDivFactor': 100}),
    (1100, {'pctStart': 0.4, 'threePhase': True, 'anneal': 'linear', 'baseMomentum': 0.8, 'maxMomentum': 0.99}),
    (1000, {'pctStart': 0.7, 'threePhase': True}),  # phases overlap: torch allows it
]:
    spec = {'type': 'oneCycle', 'maxLr': 0.1, 'totalSteps': total, 'pctStart': 0.3, 'anneal': 'cos', 'divFactor': 25.0,
            'finalDivFactor': 1e4, 'threePhase': False, 'baseMomentum': 0.85, 'maxMomentum': 0.95}
    spec.update(o)
    opt = optimizer(0.1, momentum=0.9)
    sched = S.OneCycleLR(opt, max_lr=spec['maxLr'], total_steps=total, pct_start=spec['pctStart'],
                         anneal_strategy=spec['anneal'], div_factor=spec['divFactor'],
                         final_div_factor=spec['finalDivFactor'], three_phase=spec['threePhase'],
                         base_momentum=spec['baseMomentum'], max_momentum=spec['maxMomentum'])
    # torch allows exactly total_steps calls to step(), so t runs over 0..total_steps.
    cases.append({'name': f'OneCycleLR total={total} {o}', 'torch': 'OneCycleLR', 'spec': spec,
                  **run(opt, sched, total + 1, momentum=True)})
write('one-cycle.json', cases)

# --- CyclicLR -----------------------------------------------------------------------------------
cases = []
for o in [
    {'mode': 'triangular', 'stepSizeUp': 200},
    {'mode': 'triangular2', 'stepSizeUp': 100, 'stepSizeDown': 300},
    {'mode': 'exp_range', 'stepSizeUp': 150, 'gamma': 0.998},
    {'mode': 'triangular', 'stepSizeUp': 1, 'stepSizeDown': 9, 'baseMomentum': 0.7, 'maxMomentum': 0.95},
    {'mode': 'exp_range', 'stepSizeUp': 37.5, 'stepSizeDown': 12.5, 'gamma': 0.9995},
]:
    spec = {'type': 'cyclic', 'baseLr': 0.001, 'maxLr': 0.1, 'stepSizeUp': 2000, 'stepSizeDown': None,
            'mode': 'triangular', 'gamma': 1.0, 'baseMomentum': 0.8, 'maxMomentum': 0.9}
    spec.update(o)
    opt = optimizer(0.1, momentum=0.9)
    sched = S.CyclicLR(opt, base_lr=spec['baseLr'], max_lr=spec['maxLr'], step_size_up=spec['stepSizeUp'],
                       step_size_down=spec['stepSizeDown'], mode=spec['mode'], gamma=spec['gamma'],
                       base_momentum=spec['baseMomentum'], max_momentum=spec['maxMomentum'])
    if spec['stepSizeDown'] is None:
        del spec['stepSizeDown']
    cases.append({'name': f'CyclicLR {o}', 'torch': 'CyclicLR', 'spec': spec, **run(opt, sched, STEPS, momentum=True)})
write('cyclic.json', cases)

# --- ReduceLROnPlateau --------------------------------------------------------------------------
rng = random.Random(7)
cases = []
for o in [
    {},
    {'patience': 3, 'threshold': 1e-2},
    {'mode': 'max', 'thresholdMode': 'abs', 'threshold': 0.01, 'patience': 2, 'factor': 0.5},
    {'cooldown': 4, 'patience': 1, 'factor': 0.3, 'minLr': 1e-4},
    {'mode': 'min', 'thresholdMode': 'abs', 'threshold': 0.0, 'patience': 0, 'factor': 0.9, 'minLr': 0.0123},
]:
    opts = {'lr': 0.1, 'mode': 'min', 'factor': 0.1, 'patience': 10, 'threshold': 1e-4, 'thresholdMode': 'rel',
            'cooldown': 0, 'minLr': 0.0, 'eps': 1e-8}
    opts.update(o)
    opt = optimizer(opts['lr'])
    sched = S.ReduceLROnPlateau(opt, mode=opts['mode'], factor=opts['factor'], patience=opts['patience'],
                                threshold=opts['threshold'], threshold_mode=opts['thresholdMode'],
                                cooldown=opts['cooldown'], min_lr=opts['minLr'], eps=opts['eps'])
    sign = 1 if opts['mode'] == 'min' else -1
    metrics, lrs = [], []
    level = 2.0
    for t in range(400):
        # A noisy loss that improves fast, then slowly, with plateaus: every branch gets hit.
        level *= 0.97 if t < 60 else (0.999 if t % 50 < 25 else 1.0)
        m = r(sign * level * (1 + 0.05 * rng.gauss(0, 1)))
        metrics.append(m)
        sched.step(m)
        lrs.append(r(opt.param_groups[0]['lr']))
    cases.append({'name': f'ReduceLROnPlateau {o}', 'torch': 'ReduceLROnPlateau', 'options': opts,
                  'metrics': metrics, 'lr': lrs})
write('plateau.json', cases)
