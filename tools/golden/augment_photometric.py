#!/usr/bin/python3
"""Golden fixtures for the photometric functional ops of @tftricks/augment.

Run with Debian's interpreter: /usr/bin/python3 tools/golden/augment_photometric.py
Writes tools/golden/fixtures/augment/photometric.json.

Reference: torchvision 0.14 transforms.functional on float tensors in [0, 1]. posterize and
equalize only take uint8 in torchvision, so they run on the uint8 image (our inputs are
k/255) and the result is divided by 255. Per-sample parameters: one torchvision call per
image with its own value.
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from augment_color import make_images, t  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'augment', 'photometric.json')


def to_nchw(x):
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def to_nhwc(x):
    return x.permute(0, 2, 3, 1).numpy()


def per_image(fn, x, params):
    """Runs `fn(img_chw, p)` on each image with its own parameter; NHWC in, NHWC out."""
    xt = to_nchw(x)
    return np.stack([fn(xt[i], p).permute(1, 2, 0).numpy() for i, p in enumerate(params)])


def via_uint8(fn):
    """torchvision's uint8-only ops on k/255 float images: to uint8, op, back to [0, 1]."""
    def run(img, p):
        u8 = torch.round(img * 255).to(torch.uint8)
        return fn(u8, p).to(torch.float32) / 255
    return run


def main():
    # k/255 images, so that posterize/equalize see exactly the uint8 image torchvision does.
    rgb = np.round(make_images(seed=11, h=12, w=12) * 255).astype(np.float32) / 255
    gray = np.round((rgb[:2] @ np.array([0.299, 0.587, 0.114], np.float32))[..., None] * 255).astype(np.float32) / 255
    rng = np.random.default_rng(3)
    # equalize needs > 255 pixels per channel before torchvision's step is nonzero.
    eq = np.stack([
        np.clip(rng.normal(0.45, 0.12, (32, 32, 3)), 0, 1),
        np.clip(rng.beta(2, 5, (32, 32, 3)), 0, 1),
    ])
    eq = (np.round(eq * 255) / 255).astype(np.float32)
    eq[1, :16, :16, 2] = 128 / 255  # a channel region with one dominant level (a k/255 value)

    p = {
        'brightness': [0.5, 1.3, 0.0, 2.0],
        'contrast': [0.0, 0.6, 1.5, 3.0],
        'saturation': [0.0, 0.5, 1.7, 3.0],
        'hue': [-0.5, -0.2, 0.1, 0.45],
        'sharpness': [0.0, 0.5, 2.0, 3.0],
        'posterize': [1, 3, 5, 8],
        'solarize': [0.0, 0.3, 0.5, 0.9],
        'blurSigma': [0.5, 1.0, 1.5, 2.0],
    }
    out = {'params': p, 'rgb': t(rgb), 'gray': t(gray), 'equalizeInput': t(eq)}
    ops = {
        'brightness': lambda im, f: F.adjust_brightness(im, f),
        'contrast': lambda im, f: F.adjust_contrast(im, f),
        'sharpness': lambda im, f: F.adjust_sharpness(im, f),
        'posterize': via_uint8(lambda im, b: F.posterize(im, b)),
        'solarize': lambda im, th: F.solarize(im, th),
    }
    for name, fn in ops.items():
        out[name] = t(per_image(fn, rgb, p[name]))
        out[name + 'Gray'] = t(per_image(fn, gray, p[name][:2]))
    out['saturation'] = t(per_image(lambda im, f: F.adjust_saturation(im, f), rgb, p['saturation']))
    out['hue'] = t(per_image(lambda im, f: F.adjust_hue(im, f), rgb, p['hue']))
    out['invert'] = t(to_nhwc(F.invert(to_nchw(rgb))))
    out['autocontrast'] = t(to_nhwc(F.autocontrast(to_nchw(rgb))))
    out['autocontrastGray'] = t(to_nhwc(F.autocontrast(to_nchw(gray))))
    eq_fn = via_uint8(lambda im, _: F.equalize(im))
    out['equalize'] = t(per_image(eq_fn, eq, [0, 0]))
    out['equalizeRgb'] = t(per_image(eq_fn, rgb, [0] * 4))
    # torchvision's kernel_size / sigma lists are (x, y); ours are [kh, kw].
    out['blur5'] = t(per_image(lambda im, s: F.gaussian_blur(im, [5, 5], [s, s]), rgb, p['blurSigma']))
    out['blur3x5'] = t(per_image(lambda im, s: F.gaussian_blur(im, [5, 3], [s, s]), rgb, p['blurSigma']))
    out['blurGray'] = t(per_image(lambda im, s: F.gaussian_blur(im, [7, 7], [s, s]), gray, [1.2, 0.7]))
    out['grayscale1'] = t(to_nhwc(F.rgb_to_grayscale(to_nchw(rgb), 1)))
    out['grayscale3'] = t(to_nhwc(F.rgb_to_grayscale(to_nchw(rgb), 3)))
    boxes = [
        {'top': 0, 'left': 0, 'height': 4, 'width': 5},
        {'top': 3, 'left': 6, 'height': 9, 'width': 6},
        {'top': 5, 'left': 2, 'height': 0, 'width': 3},
        {'top': 11, 'left': 11, 'height': 1, 'width': 1},
    ]
    value = [0.2, 0.5, 0.9]
    v = torch.tensor(value).view(3, 1, 1)
    out['erase'] = {
        'boxes': boxes,
        'value': value,
        'output': t(per_image(lambda im, b: F.erase(im, b['top'], b['left'], b['height'], b['width'], v), rgb, boxes)),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'tools/golden/augment_photometric.py', 'torchvision': torchvision.__version__, **out}, f, separators=(',', ':'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
