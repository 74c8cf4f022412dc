#!/usr/bin/python3
"""Golden fixtures for @tftricks/data's resizeImage (image-folder resizing).

Run with Debian's interpreter: /usr/bin/python3 tools/golden/data_resize.py
Writes tools/golden/fixtures/data/resize.json.

Reference: PIL (Debian python3-pil) Image.resize(size, Image.BILINEAR, box) on uint8 images.
'stretch' resizes the whole image; 'shorter-side-center-crop' resizes the largest centred box
with the output's aspect ratio: s = max(outH / h, outW / w), box = ((w - outW/s)/2,
(h - outH/s)/2, (w + outW/s)/2, (h + outH/s)/2). PIL rounds to uint8 between its horizontal
and vertical passes, resizeImage only at the end, so values may differ by 1.
"""
import json
import os

import numpy as np
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'data', 'resize.json')

CASES = [
    # h, w, c, outH, outW, mode
    (9, 13, 3, 5, 5, 'shorter-side-center-crop'),
    (9, 13, 3, 5, 5, 'stretch'),
    (10, 6, 1, 7, 7, 'shorter-side-center-crop'),
    (5, 4, 3, 12, 9, 'stretch'),
    (16, 16, 3, 5, 7, 'shorter-side-center-crop'),
    (7, 11, 3, 20, 20, 'shorter-side-center-crop'),
    (32, 24, 1, 8, 8, 'shorter-side-center-crop'),
    (24, 40, 3, 6, 10, 'stretch'),
]


def make_image(rng, h, w, c):
    """Smooth structure plus noise, so both the filter shape and the geometry matter."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    base = 127 + 90 * np.sin(xx / 2.3) * np.cos(yy / 3.1)
    chans = [base + 25 * rng.standard_normal((h, w)) + 40 * k for k in range(c)]
    return np.clip(np.stack(chans, -1), 0, 255).round().astype(np.uint8)


def main():
    rng = np.random.default_rng(13)
    cases = []
    for h, w, c, oh, ow, mode in CASES:
        img = make_image(rng, h, w, c)
        pil = Image.fromarray(img[..., 0] if c == 1 else img, 'L' if c == 1 else 'RGB')
        if mode == 'stretch':
            box = (0, 0, w, h)
        else:
            s = max(oh / h, ow / w)
            bw, bh = ow / s, oh / s
            box = ((w - bw) / 2, (h - bh) / 2, (w + bw) / 2, (h + bh) / 2)
        out = np.asarray(pil.resize((ow, oh), Image.BILINEAR, box=box)).reshape(oh, ow, c)
        cases.append({
            'shape': [h, w, c],
            'size': [oh, ow],
            'mode': mode,
            'input': img.reshape(-1).tolist(),
            'expected': out.reshape(-1).tolist(),
        })
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'reference': f'PIL {Image.__version__} Image.resize(BILINEAR, box)', 'cases': cases}, f, separators=(',', ':'))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
