"""Golden loss values and gradients w.r.t. logits from PyTorch 1.13 (Debian python3-torch).

Inputs are drawn in float32 (so tfjs sees exactly the same numbers) and the losses are evaluated
in float64 autograd, so the fixtures are the exact values tfjs's float32 math should approach.
Writes tools/golden/fixtures/losses/<topic>.json for: cross-entropy, soft-target-cross-entropy,
bce (BCEWithLogitsLoss on smoothed targets), focal (torchvision sigmoid_focal_loss, softmax
focal), kl (F.kl_div), jsd (the AugMix reference code), penalty (L1 / L2 sums).

For reduction 'none', losses that torch returns element-wise ([N, K]: BCE, sigmoid focal) are
stored as the per-sample mean over classes, which is what tftricks returns (a Tensor1D [N]).
Gradients are of the loss (of its sum for 'none').

Run: /usr/bin/python3 tools/golden/losses_torch.py
"""
import json
import os

import torch
import torch.nn.functional as F
from torchvision.ops import sigmoid_focal_loss

OUT = os.path.join(os.path.dirname(__file__), 'fixtures', 'losses')
torch.manual_seed(0)
N, K = 6, 5


def r(x):
    return float('%.10g' % x)


def flat(t):
    return [r(v) for v in t.detach().reshape(-1).tolist()]


def f32(t):
    # Values exactly representable in float32, stored with full precision.
    return [float(v) for v in t.float().reshape(-1).tolist()]


def randn(*shape, scale=3.0):
    return (torch.randn(*shape) * scale).float()


def soft_rows(n=N, k=K):
    return torch.softmax(torch.randn(n, k) * 2, dim=1).float()


def extreme_logits():
    """Named [N, K] logits that break naive log(softmax): ±1e4, all equal, one-hot confident."""
    labels = torch.randint(0, K, (N,))
    sign = torch.where(torch.rand(N, K) < 0.5, -1.0, 1.0)
    confident = torch.full((N, K), -1e4)
    confident[torch.arange(N), labels] = 1e4
    wrong = torch.zeros(N, K)
    wrong[torch.arange(N), (labels + 1) % K] = 1e4
    return labels, [
        ('±1e4', (sign * 1e4).float()),
        ('all equal 0', torch.zeros(N, K)),
        ('all equal 7.5', torch.full((N, K), 7.5)),
        ('one-hot confident right', confident.float()),
        ('one-hot confident wrong', wrong.float()),
    ]


def evaluate(fn, logits, reduction, per_sample_mean=False):
    x = logits.double().clone().requires_grad_(True)
    out = fn(x)
    if reduction == 'none' and per_sample_mean and out.dim() == 2:
        out = out.mean(dim=1)
    (out.sum() if reduction == 'none' else out).backward()
    return {'value': flat(out) if reduction == 'none' else r(out.item()), 'grad': flat(x.grad)}


def write(topic, cases):
    with open(os.path.join(OUT, f'{topic}.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'N': N, 'K': K, 'cases': cases}, f, separators=(',', ':'))


# --- crossEntropy ----------------------------------------------------------------------------
cases = []
weights = (torch.rand(K) * 2 + 0.1).float()
for kind in ['index', 'soft', 'onehot']:
    for smoothing in [0.0, 0.1, 0.3]:
        for use_w in [False, True]:
            for reduction in ['mean', 'sum', 'none']:
                logits = randn(N, K)
                labels = torch.randint(0, K, (N,))
                if kind == 'index':
                    target, tstore = labels, labels.tolist()
                elif kind == 'soft':
                    target = soft_rows().double()
                    tstore = f32(target)
                    target = torch.tensor(tstore, dtype=torch.float64).reshape(N, K)
                else:
                    target = F.one_hot(labels, K).double()
                    tstore = f32(target)
                w = weights.double() if use_w else None
                res = evaluate(lambda x: F.cross_entropy(x, target, weight=w, reduction=reduction, label_smoothing=smoothing),
                               logits, reduction)
                cases.append({'name': f'{kind} targets, smoothing {smoothing}, weights {use_w}, {reduction}',
                              'targetKind': kind, 'logits': f32(logits), 'targets': tstore,
                              'options': {'labelSmoothing': smoothing, 'reduction': reduction,
                                          **({'classWeights': f32(weights)} if use_w else {})}, **res})
labels, extremes = extreme_logits()
for name, logits in extremes:
    for smoothing, use_w in [(0.0, False), (0.1, True)]:
        w = weights.double() if use_w else None
        res = evaluate(lambda x: F.cross_entropy(x, labels, weight=w, label_smoothing=smoothing), logits, 'mean')
        cases.append({'name': f'extreme {name}, smoothing {smoothing}, weights {use_w}', 'targetKind': 'index',
                      'logits': f32(logits), 'targets': labels.tolist(),
                      'options': {'labelSmoothing': smoothing, 'reduction': 'mean',
                                  **({'classWeights': f32(weights)} if use_w else {})}, **res})
write('cross-entropy', cases)

# --- softTargetCrossEntropy (timm) -------------------------------------------------------------
cases = []


def timm_soft_ce(x, target, reduction):
    loss = torch.sum(-target * F.log_softmax(x, dim=-1), dim=-1)
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


for reduction in ['mean', 'sum', 'none']:
    logits, target = randn(N, K), soft_rows()
    res = evaluate(lambda x: timm_soft_ce(x, target.double(), reduction), logits, reduction)
    cases.append({'name': f'soft targets, {reduction}', 'logits': f32(logits), 'targets': f32(target),
                  'options': {'reduction': reduction}, **res})
for name, logits in extremes:
    target = soft_rows()
    res = evaluate(lambda x: timm_soft_ce(x, target.double(), 'mean'), logits, 'mean')
    cases.append({'name': f'extreme {name}', 'logits': f32(logits), 'targets': f32(target),
                  'options': {'reduction': 'mean'}, **res})
write('soft-target-cross-entropy', cases)

# --- binaryCrossEntropyWithLogits ----------------------------------------------------------------
cases = []
pos_weight = (torch.rand(K) * 3 + 0.2).float()
for smoothing in [0.0, 0.1]:
    for pw in [None, 2.5, 'per-class']:
        for use_w in [False, True]:
            for reduction in ['mean', 'sum', 'none']:
                logits = randn(N, K)
                target = (torch.rand(N, K) < 0.4).float()
                if pw == 'per-class':
                    pwt, pws = pos_weight.double(), f32(pos_weight)
                elif pw is None:
                    pwt, pws = None, None
                else:
                    pwt, pws = torch.full((K,), pw, dtype=torch.float64), pw
                w = weights.double() if use_w else None
                smoothed = target.double() * (1 - smoothing) + 0.5 * smoothing
                res = evaluate(lambda x: F.binary_cross_entropy_with_logits(x, smoothed, weight=w, pos_weight=pwt,
                                                                           reduction=reduction),
                               logits, reduction, per_sample_mean=True)
                opts = {'smoothing': smoothing, 'reduction': reduction}
                if pws is not None:
                    opts['posWeight'] = pws
                if use_w:
                    opts['weight'] = f32(weights)
                cases.append({'name': f'smoothing {smoothing}, posWeight {pw}, weight {use_w}, {reduction}',
                              'logits': f32(logits), 'targets': f32(target), 'options': opts, **res})
for name, logits in extremes:
    target = F.one_hot(labels, K).float()
    smoothed = target.double() * 0.9 + 0.05
    res = evaluate(lambda x: F.binary_cross_entropy_with_logits(x, smoothed, pos_weight=pos_weight.double()),
                   logits, 'mean')
    cases.append({'name': f'extreme {name}', 'logits': f32(logits), 'targets': f32(target),
                  'options': {'smoothing': 0.1, 'posWeight': f32(pos_weight), 'reduction': 'mean'}, **res})
write('bce', cases)

# --- focalLoss ---------------------------------------------------------------------------------------
cases = []


def softmax_focal(x, target, gamma, alpha, reduction):
    # -sum_c alpha_c t_c (1 - p_c)^gamma log p_c  (index targets: the usual alpha_y (1-p_y)^gamma CE)
    logp = F.log_softmax(x, dim=1)
    a = torch.ones(K, dtype=x.dtype) if alpha is None else torch.as_tensor(alpha, dtype=x.dtype).expand(K)
    loss = -(a * target * (1 - logp.exp()) ** gamma * logp).sum(dim=1)
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


for gamma in [0.0, 1.0, 2.0, 3.5]:
    for alpha in [None, 0.25, 'per-class']:
        for reduction in ['mean', 'none']:
            logits = randn(N, K)
            labels_i = torch.randint(0, K, (N,))
            onehot = F.one_hot(labels_i, K).double()
            a = f32(weights) if alpha == 'per-class' else alpha
            res = evaluate(lambda x: softmax_focal(x, onehot, gamma, a, reduction), logits, reduction)
            cases.append({'name': f'softmax, index targets, gamma {gamma}, alpha {alpha}, {reduction}', 'form': 'softmax',
                          'logits': f32(logits), 'targets': labels_i.tolist(), 'targetKind': 'index',
                          'options': {'form': 'softmax', 'gamma': gamma, 'reduction': reduction,
                                      **({'alpha': a} if a is not None else {})}, **res})
            soft = soft_rows()
            res = evaluate(lambda x: softmax_focal(x, soft.double(), gamma, a, reduction), logits, reduction)
            cases.append({'name': f'softmax, soft targets, gamma {gamma}, alpha {alpha}, {reduction}', 'form': 'softmax',
                          'logits': f32(logits), 'targets': f32(soft), 'targetKind': 'soft',
                          'options': {'form': 'softmax', 'gamma': gamma, 'reduction': reduction,
                                      **({'alpha': a} if a is not None else {})}, **res})
    for alpha in [0.25, -1.0, 0.8]:
        for reduction in ['mean', 'sum', 'none']:
            logits = randn(N, K)
            target = (torch.rand(N, K) < 0.3).float()
            res = evaluate(lambda x: sigmoid_focal_loss(x, target.double(), alpha=alpha, gamma=gamma, reduction=reduction),
                           logits, reduction, per_sample_mean=True)
            cases.append({'name': f'sigmoid, gamma {gamma}, alpha {alpha}, {reduction}', 'form': 'sigmoid',
                          'logits': f32(logits), 'targets': f32(target), 'targetKind': 'multi-hot',
                          'options': {'form': 'sigmoid', 'gamma': gamma, 'alpha': alpha, 'reduction': reduction}, **res})
for name, logits in extremes:
    res = evaluate(lambda x: softmax_focal(x, F.one_hot(labels, K).double(), 2.0, None, 'mean'), logits, 'mean')
    cases.append({'name': f'softmax extreme {name}', 'form': 'softmax', 'logits': f32(logits), 'targets': labels.tolist(),
                  'targetKind': 'index', 'options': {'form': 'softmax', 'gamma': 2.0, 'reduction': 'mean'}, **res})
    target = F.one_hot(labels, K).float()
    res = evaluate(lambda x: sigmoid_focal_loss(x, target.double(), reduction='mean'), logits, 'mean')
    cases.append({'name': f'sigmoid extreme {name}', 'form': 'sigmoid', 'logits': f32(logits), 'targets': f32(target),
                  'targetKind': 'multi-hot', 'options': {'form': 'sigmoid', 'gamma': 2.0, 'alpha': 0.25, 'reduction': 'mean'},
                  **res})
write('focal', cases)

# --- klDivergence ------------------------------------------------------------------------------------
cases = []
for log_target in [False, True]:
    for reduction in ['batchmean', 'sum', 'mean', 'none']:
        logp = F.log_softmax(randn(N, K), dim=1).float()
        target = soft_rows()
        if not log_target:
            target[0, 1] = 0.0  # a zero probability: xlogy(0, 0) = 0 (log 0 is not JSON)
        tstore = torch.log(target) if log_target else target
        tstore = tstore.float()
        tt = tstore.double()
        x = logp.double().clone().requires_grad_(True)
        out = F.kl_div(x, tt, reduction=reduction, log_target=log_target)
        if reduction == 'none':
            out = out.sum(dim=1)  # tftricks' per-sample KL
        (out.sum() if reduction == 'none' else out).backward()
        cases.append({'name': f'logTarget {log_target}, {reduction}', 'input': f32(logp), 'targets': f32(tstore),
                      'options': {'reduction': reduction, 'logTarget': log_target},
                      'value': flat(out) if reduction == 'none' else r(out.item()), 'grad': flat(x.grad)})
write('kl', cases)

# --- jsdConsistency (AugMix reference, augmix/cifar.py) -----------------------------------------------
cases = []


def augmix_jsd(clean, aug1, aug2, weight):
    p_clean, p_aug1, p_aug2 = F.softmax(clean, dim=1), F.softmax(aug1, dim=1), F.softmax(aug2, dim=1)
    p_mixture = torch.clamp((p_clean + p_aug1 + p_aug2) / 3., 1e-7, 1).log()
    return weight * (F.kl_div(p_mixture, p_clean, reduction='batchmean') +
                     F.kl_div(p_mixture, p_aug1, reduction='batchmean') +
                     F.kl_div(p_mixture, p_aug2, reduction='batchmean')) / 3.


for name, scale, weight in [('random', 3.0, 12.0), ('close views', 0.3, 12.0), ('weight 1', 3.0, 1.0),
                            ('extreme ±1e4', 1e4, 12.0)]:
    views = [randn(N, K, scale=scale) for _ in range(3)]
    if name == 'close views':
        views = [views[0], (views[0] + views[1] * 0.1).float(), (views[0] + views[2] * 0.1).float()]
    if name == 'extreme ±1e4':
        views = [torch.where(torch.rand(N, K) < 0.5, -1e4, 1e4).float() for _ in range(3)]
    xs = [v.double().clone().requires_grad_(True) for v in views]
    out = augmix_jsd(*xs, weight)
    out.backward()
    # With ±1e4 logits the reference's gradients are NaN (kl_div differentiates xlogy(p, p) at
    # p = 0 through the softmax); tftricks' are finite. Only the value is compared there.
    grad = [flat(x.grad) for x in xs] if all(torch.isfinite(x.grad).all() for x in xs) else None
    cases.append({'name': name, 'logits': [f32(v) for v in views], 'options': {'weight': weight}, 'value': r(out.item()),
                  'grad': grad})
write('jsd', cases)

# --- l1Penalty / l2Penalty -----------------------------------------------------------------------------
shapes = [[3, 4], [4], [2, 2, 3], [1], [5, 2]]
tensors = [randn(*s, scale=1.0) for s in shapes]
included = [len(s) > 1 for s in shapes]  # rank <= 1 excluded by default
xs = [t.double().clone().requires_grad_(True) for t in tensors]
l1 = sum(x.abs().sum() for x, inc in zip(xs, included) if inc)
l1.backward()
g1 = [flat(x.grad) if x.grad is not None else [0.0] * x.numel() for x in xs]
xs = [t.double().clone().requires_grad_(True) for t in tensors]
l2 = sum((x ** 2).sum() for x, inc in zip(xs, included) if inc)
l2.backward()
g2 = [flat(x.grad) if x.grad is not None else [0.0] * x.numel() for x in xs]
write('penalty', [{'name': 'rank > 1 only', 'shapes': shapes, 'tensors': [f32(t) for t in tensors],
                   'l1': r(l1.item()), 'l1Grad': g1, 'l2': r(l2.item()), 'l2Grad': g2,
                   'l1All': r(sum(t.double().abs().sum() for t in tensors).item()),
                   'l2All': r(sum((t.double() ** 2).sum() for t in tensors).item())}])

# --- polyLoss (Poly-1, Leng et al. 2022, the paper's reference formula) --------------------------
cases = []


def poly1(x, target_rows, epsilon, smoothing, reduction):
    t = target_rows * (1 - smoothing) + smoothing / K
    logp = F.log_softmax(x, dim=1)
    ce = -(t * logp).sum(dim=1)
    pt = (t * logp.exp()).sum(dim=1)
    loss = ce + epsilon * (1 - pt)
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


for epsilon in [1.0, -0.5, 2.0]:
    for smoothing in [0.0, 0.1]:
        for reduction in ['mean', 'sum', 'none']:
            logits = randn(N, K)
            labels_i = torch.randint(0, K, (N,))
            res = evaluate(lambda x: poly1(x, F.one_hot(labels_i, K).double(), epsilon, smoothing, reduction), logits,
                           reduction)
            cases.append({'name': f'epsilon {epsilon}, smoothing {smoothing}, {reduction}', 'logits': f32(logits),
                          'targets': labels_i.tolist(),
                          'options': {'epsilon': epsilon, 'labelSmoothing': smoothing, 'reduction': reduction}, **res})
for name, logits in extremes:
    res = evaluate(lambda x: poly1(x, F.one_hot(labels, K).double(), 1.0, 0.1, 'mean'), logits, 'mean')
    cases.append({'name': f'extreme {name}', 'logits': f32(logits), 'targets': labels.tolist(),
                  'options': {'epsilon': 1.0, 'labelSmoothing': 0.1, 'reduction': 'mean'}, **res})
write('poly', cases)
