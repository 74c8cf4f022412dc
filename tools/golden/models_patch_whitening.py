#!/usr/bin/python3
"""Golden fixture for @tftricks/models patchWhitening.

Run with Debian's interpreter: /usr/bin/python3 tools/golden/models_patch_whitening.py
Writes tools/golden/fixtures/models/patch_whitening.json.

Reference: airbench's whitening init (KellerJordan/cifar10-airbench, airbench94.py,
`get_patches` / `get_whitening_parameters` / `init_whitening_conv`), re-derived here in
float64: every kh x kw patch at stride 1 (torch `unfold`), the patch second moment
X^T X / n (uncentred, as airbench on normalised images) or the covariance (centred),
`torch.linalg.eigh`, eigenvalues descending, filters eigvec / sqrt(eigval + eps) followed by
their negatives. Filters are stored in torch's conv layout [2d, C, kh, kw]; eigenvector signs
are arbitrary, so the test compares each filter up to its sign.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'models', 'patch_whitening.json')


def r7(a):
    return [float(f'{x:.7g}') for x in np.asarray(a, dtype=np.float64).ravel()]


def smooth_images(rng, n, h, w, c):
    """Blurred noise plus a per-image gradient: correlated neighbours, distinct eigenvalues."""
    x = rng.random((n, h + 2, w + 2, c))
    x = (x[:, :-2, :-2] + x[:, 1:-1, 1:-1] * 2 + x[:, 2:, 2:] + x[:, 1:-1, :-2] + x[:, :-2, 1:-1]) / 6
    yy, xx = np.mgrid[0:h, 0:w] / max(h, w)
    tilt = rng.random((n, 1, 1, c)) * (yy[None, :, :, None] * 0.6 + xx[None, :, :, None] * 0.3)
    return np.clip(x + tilt - 0.3, 0, 1)


def whitening(images_nhwc, kh, kw, center, eps):
    x = torch.tensor(images_nhwc, dtype=torch.float64).permute(0, 3, 1, 2)
    c = x.shape[1]
    patches = x.unfold(2, kh, 1).unfold(3, kw, 1).transpose(1, 3).reshape(-1, c, kh, kw)
    flat = patches.reshape(patches.shape[0], -1)
    mean = flat.mean(0)
    centred = flat - mean if center else flat
    cov = centred.T @ centred / flat.shape[0]
    eigenvalues, eigenvectors = torch.linalg.eigh(cov, UPLO='U')
    eigenvalues = eigenvalues.flip(0)
    eigenvectors = eigenvectors.T.reshape(-1, c, kh, kw).flip(0)
    scaled = eigenvectors / torch.sqrt(eigenvalues + eps).view(-1, 1, 1, 1)
    filters = torch.cat((scaled, -scaled))
    return eigenvalues, filters, mean.reshape(c, kh, kw)


def case(name, rng, shape, k, center, normalise, eps=5e-4):
    n, h, w, c = shape
    images = smooth_images(rng, n, h, w, c)
    if normalise:
        # airbench feeds per-channel normalised images (zero mean, unit std over the set).
        images = (images - images.mean((0, 1, 2))) / images.std((0, 1, 2))
    images = np.array(r7(images)).reshape(shape)
    eigenvalues, filters, mean = whitening(images, k, k, center, eps)
    return {
        'name': name,
        'shape': list(shape),
        'kernelSize': k,
        'center': center,
        'eps': eps,
        'images': r7(images),
        'eigenvalues': r7(eigenvalues.numpy()),
        # [2d, C, kh, kw] (torch conv layout), row-major
        'filters': r7(filters.numpy()),
        # [C, kh, kw] (torch layout)
        'mean': r7(mean.numpy()),
    }


def main():
    rng = np.random.default_rng(2404)
    cases = [
        case('rgb 2x2, normalised, uncentred (airbench)', rng, (12, 9, 9, 3), 2, False, True),
        case('gray 3x3, [0, 1], centred', rng, (10, 8, 8, 1), 3, True, False),
    ]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'tools/golden/models_patch_whitening.py', 'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
