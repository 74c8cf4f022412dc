#!/usr/bin/python3
"""Golden fixtures for @tftricks/augment color spaces, colorSkew and benGraham.

Run with Debian's interpreter: /usr/bin/python3 tools/golden/augment_color.py
Writes tools/golden/fixtures/augment/color.json.

References: OpenCV 4.6 cv2.cvtColor on float32 RGB in [0, 1] (H in degrees, Lab/Luv L in
[0, 100], ...), cv2.GaussianBlur(img, (0, 0), sigma) + cv2.addWeighted for Ben Graham's
preprocessing, and colorSkew as cvtColor -> scale H/S/V -> cvtColor back.
"""
import json
import os

import cv2
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'augment', 'color.json')


def natural_like(rng, h, w):
    """A small synthetic 'photo': sky gradient, a sun disc, textured ground, a hard edge."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.zeros((h, w, 3))
    sky = yy < h * 0.55
    t = yy / max(h - 1, 1)
    img[..., 0] = np.where(sky, 0.35 + 0.3 * t, 0.30 + 0.15 * rng.random((h, w)))
    img[..., 1] = np.where(sky, 0.55 + 0.25 * t, 0.45 + 0.25 * rng.random((h, w)))
    img[..., 2] = np.where(sky, 0.95 - 0.2 * t, 0.15 + 0.1 * rng.random((h, w)))
    sun = (yy - h * 0.25) ** 2 + (xx - w * 0.7) ** 2 < (min(h, w) * 0.18) ** 2
    img[sun] = [1.0, 0.92, 0.55]
    # Smooth the ground texture a little (a 3x3 box), like a real photo's optics would.
    img = cv2.blur(img.astype(np.float32), (3, 3)).astype(np.float64)
    img[sun] = [1.0, 0.92, 0.55]
    return img


def gradient(h, w):
    """Hue sweep left-right, value top-bottom, with a pure gray/black/white/primary row."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    hsv = np.stack([xx / w * 360.0, np.full((h, w), 0.85), 0.15 + 0.85 * yy / max(h - 1, 1)], -1)
    img = cv2.cvtColor(hsv.astype(np.float32), cv2.COLOR_HSV2RGB).astype(np.float64)
    special = [[0, 0, 0], [1, 1, 1], [0.5, 0.5, 0.5], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1], [0.2, 0.2, 0.2]]
    for i, c in enumerate(special[:w]):
        img[0, i] = c
    return img


def make_images(seed=4, h=12, w=12):
    rng = np.random.default_rng(seed)
    imgs = [gradient(h, w), rng.random((h, w, 3)), natural_like(rng, h, w), natural_like(np.random.default_rng(seed + 1), h, w)[::-1, ::-1]]
    return np.clip(np.stack(imgs), 0, 1).astype(np.float32)


def r(a, digits=7):
    """Round to `digits` significant digits and flatten, to keep fixtures small."""
    a = np.asarray(a, dtype=np.float64)
    out = np.array([float(f'{v:.{digits}g}') for v in a.ravel()])
    return out.tolist()


def t(a):
    a = np.asarray(a)
    return {'shape': list(a.shape), 'data': r(a)}


def batch(fn, x):
    return np.stack([fn(im) for im in x])


def main():
    x = make_images()
    fwd = {
        'hsv': cv2.COLOR_RGB2HSV, 'hls': cv2.COLOR_RGB2HLS, 'lab': cv2.COLOR_RGB2Lab, 'luv': cv2.COLOR_RGB2Luv,
        'xyz': cv2.COLOR_RGB2XYZ, 'ycrcb': cv2.COLOR_RGB2YCrCb, 'yuv': cv2.COLOR_RGB2YUV,
    }
    inv = {
        'hsv': cv2.COLOR_HSV2RGB, 'hls': cv2.COLOR_HLS2RGB, 'lab': cv2.COLOR_Lab2RGB, 'luv': cv2.COLOR_Luv2RGB,
        'xyz': cv2.COLOR_XYZ2RGB, 'ycrcb': cv2.COLOR_YCrCb2RGB, 'yuv': cv2.COLOR_YUV2RGB,
    }
    # Per-channel scale of each space, for the inverse inputs' perturbation.
    scale = {
        'hsv': [360, 1, 1], 'hls': [360, 1, 1], 'lab': [100, 254, 254], 'luv': [100, 354, 262],
        'xyz': [1, 1, 1], 'ycrcb': [1, 1, 1], 'yuv': [1, 1, 1],
    }
    out = {'rgb': t(x), 'gray': t(batch(lambda im: cv2.cvtColor(im, cv2.COLOR_RGB2GRAY)[..., None], x))}
    rng = np.random.default_rng(7)
    for name, code in fwd.items():
        y = batch(lambda im: cv2.cvtColor(im, code), x)
        out[name] = t(y)
        # The inverse is checked on the forward output nudged by +-2 % of each channel's
        # range, so it also sees slightly out-of-gamut values (clipped by Lab/Luv only).
        y2 = y + (rng.random(y.shape) - 0.5) * 0.04 * np.array(scale[name])
        if name in ('hsv', 'hls'):
            y2[..., 0] = np.mod(y2[..., 0], 360.0)
            y2[..., 1:] = np.clip(y2[..., 1:], 0, 1)
        if name in ('lab', 'luv'):
            y2[..., 0] = np.clip(y2[..., 0], 0, 100)
        y2 = y2.astype(np.float32)
        out[name + 'Inv'] = {'input': t(y2), 'rgb': t(batch(lambda im: cv2.cvtColor(im, inv[name]), y2))}

    # OpenCV's float RGB2Lab goes through a 33^3 trilinear LUT when sRGB gamma is involved
    # (errors up to ~0.3 in a, b). Its linear-RGB path is exact, so also record Lab computed
    # as sRGB gamma (IEC 61966-2-1, float64) followed by cv2 COLOR_LRGB2Lab.
    xd = x.astype(np.float64)
    lin = np.where(xd <= 0.04045, xd / 12.92, ((xd + 0.055) / 1.055) ** 2.4).astype(np.float32)
    out['labExact'] = t(batch(lambda im: cv2.cvtColor(im, cv2.COLOR_LRGB2Lab), lin))

    # colorSkew: multiply H (degrees, wrapped mod 360), S and V (clipped to [0, 1]).
    hue, sat, val = [0.6, 1.0, 1.4, 1.2], [1.4, 0.6, 1.0, 1.25], [0.8, 1.3, 0.6, 1.0]
    skew = []
    for im, fh, fs, fv in zip(x, hue, sat, val):
        hsv = cv2.cvtColor(im, cv2.COLOR_RGB2HSV)
        hsv[..., 0] = np.mod(hsv[..., 0] * np.float32(fh), 360.0)
        hsv[..., 1] = np.clip(hsv[..., 1] * np.float32(fs), 0, 1)
        hsv[..., 2] = np.clip(hsv[..., 2] * np.float32(fv), 0, 1)
        skew.append(cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB))
    out['colorSkew'] = {'hue': hue, 'saturation': sat, 'value': val, 'output': t(np.stack(skew))}

    # Ben Graham: clip(4 img - 4 GaussianBlur(img, sigma) + 0.5, 0, 1); cv2 picks the
    # kernel size round(8 sigma + 1) | 1 for float images and reflects borders (101).
    sigmas = [0.8, 1.5, 2.0, 3.0]
    bg_color, bg_gray = [], []
    for im, s in zip(x, sigmas):
        blur = cv2.GaussianBlur(im, (0, 0), s)
        bg_color.append(np.clip(cv2.addWeighted(im, 4.0, blur, -4.0, 0.5), 0, 1))
        g = cv2.cvtColor(im, cv2.COLOR_RGB2GRAY)
        gb = cv2.GaussianBlur(g, (0, 0), s)
        bg_gray.append(np.clip(cv2.addWeighted(g, 4.0, gb, -4.0, 0.5), 0, 1)[..., None])
    out['benGraham'] = {'sigma': sigmas, 'color': t(np.stack(bg_color)), 'gray': t(np.stack(bg_gray))}

    # rgbNorm: the article's per-channel (c - mean(c)) / std(c), population std, per image.
    xd = x.astype(np.float64)
    mean = xd.mean(axis=(1, 2), keepdims=True)
    std = xd.std(axis=(1, 2), keepdims=True)
    out['rgbNorm'] = t((xd - mean) / std)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'tools/golden/augment_color.py', 'opencv': cv2.__version__, **out}, f, separators=(',', ':'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
