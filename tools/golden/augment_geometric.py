"""Golden fixtures for @tftricks/augment geometric ops (torchvision 0.14 functional, tensors).

Run: /usr/bin/python3 tools/golden/augment_geometric.py
Writes tools/golden/fixtures/augment/geometric.json.
Images are float32 NHWC in [0, 1]; torchvision sees the same values as CHW tensors.
"""
import json
import math
import os

import numpy as np
import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

N, H, W, C = 3, 12, 16, 3
rng = np.random.default_rng(7)


def make_images():
    yy, xx = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
    smooth = np.stack(
        [
            0.5 + 0.45 * np.sin(xx / 2.5) * np.cos(yy / 3.0),
            xx / (W - 1),
            0.5 + 0.4 * np.cos((xx + yy) / 4.0),
        ],
        -1,
    )
    noise = rng.random((H, W, C))
    # A soft disk on a ramp: edges like a natural photo's object boundary.
    r = np.sqrt((xx - 9.3) ** 2 + (yy - 5.2) ** 2)
    disk = 1 / (1 + np.exp((r - 4.0) * 1.5))
    shape = np.stack([0.2 + 0.7 * disk, 0.1 + 0.3 * yy / (H - 1) + 0.4 * disk, 0.6 - 0.5 * disk], -1)
    return np.clip(np.stack([smooth, noise, shape]).astype(np.float32), 0, 1)


IMAGES = make_images()


def chw(i):
    return torch.from_numpy(IMAGES[i].transpose(2, 0, 1).copy())


def nhwc(t):
    return t.numpy().transpose(1, 2, 0)


def r7(a):
    return [float(f"{v:.7g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def interp(name):
    return InterpolationMode.BILINEAR if name == "bilinear" else InterpolationMode.NEAREST


def warp_case(fn, params, interpolation):
    outs = []
    for i, p in enumerate(params):
        outs.append(nhwc(fn(chw(i), p, interp(interpolation))))
    return {"interpolation": interpolation, "params": params, "out": r7(np.stack(outs))}


def affine_fn(img, p, mode):
    return F.affine(img, angle=p["angle"], translate=p["translate"], scale=p["scale"], shear=p["shear"],
                    interpolation=mode, fill=None, center=p.get("center"))


def rotate_fn(img, p, mode):
    return F.rotate(img, p["angle"], interpolation=mode, expand=False, center=p.get("center"), fill=None)


def perspective_fn(img, p, mode):
    return F.perspective(img, p["startpoints"], p["endpoints"], interpolation=mode, fill=None)


affine_params = [
    {"angle": 17.0, "translate": [1.5, -2.0], "scale": 1.1, "shear": [8.0, -5.0]},
    {"angle": -30.0, "translate": [0.0, 1.0], "scale": 0.9, "shear": [0.0, 0.0], "center": [5.0, 4.0]},
    {"angle": 3.0, "translate": [-2.25, 0.5], "scale": 1.3, "shear": [-12.0, 4.0]},
]
rotate_params = [{"angle": 23.0}, {"angle": -75.0, "center": [10.0, 3.0]}, {"angle": 180.0}]
perspective_params = [
    {"startpoints": [[0, 0], [15, 0], [15, 11], [0, 11]], "endpoints": [[2, 1], [14, 0], [13, 10], [1, 11]]},
    {"startpoints": [[0, 0], [15, 0], [15, 11], [0, 11]], "endpoints": [[0, 2], [15, 0], [12, 11], [3, 9]]},
    {"startpoints": [[0, 0], [15, 0], [15, 11], [0, 11]], "endpoints": [[1, 1], [14, 1], [14, 10], [1, 10]]},
]

fixture = {
    "shape": [N, H, W, C],
    "images": r7(IMAGES),
    "hflip": r7(np.stack([nhwc(F.hflip(chw(i))) for i in range(N)])),
    "vflip": r7(np.stack([nhwc(F.vflip(chw(i))) for i in range(N)])),
    "affine_bilinear": warp_case(affine_fn, affine_params, "bilinear"),
    "affine_nearest": warp_case(affine_fn, affine_params, "nearest"),
    "rotate_bilinear": warp_case(rotate_fn, rotate_params, "bilinear"),
    "perspective_bilinear": warp_case(perspective_fn, perspective_params, "bilinear"),
}

# crop: per-sample boxes of one size, some reaching outside (torchvision zero-pads).
crop_boxes = [[2, 3], [-2, 10], [5, -1]]
fixture["crop"] = {
    "height": 9,
    "width": 8,
    "top": [b[0] for b in crop_boxes],
    "left": [b[1] for b in crop_boxes],
    "out": r7(np.stack([nhwc(F.crop(chw(i), b[0], b[1], 9, 8)) for i, b in enumerate(crop_boxes)])),
}


def resized_crop_case(boxes, size):
    outs, masks = [], []
    oh, ow = size
    for i, (t, l, h, w) in enumerate(boxes):
        outs.append(nhwc(F.resized_crop(chw(i), t, l, h, w, [oh, ow], InterpolationMode.BILINEAR, antialias=False)))
        # Interior: output pixels whose half-pixel source coordinate lies inside the crop, where
        # torchvision's edge clamp and tf.image.cropAndResize's neighbour read agree.
        sy = (np.arange(oh) + 0.5) * h / oh - 0.5
        sx = (np.arange(ow) + 0.5) * w / ow - 0.5
        my = (sy >= 0) & (sy <= h - 1)
        mx = (sx >= 0) & (sx <= w - 1)
        masks.append((my[:, None] & mx[None, :]).astype(np.float64))
    return {
        "boxes": [{"top": b[0], "left": b[1], "height": b[2], "width": b[3]} for b in boxes],
        "size": [oh, ow],
        "out": r7(np.stack(outs)),
        "mask": r7(np.stack(masks)),
    }


fixture["resized_crop_down"] = resized_crop_case([[0, 0, 12, 16], [2, 3, 9, 11], [1, 5, 10, 8]], (6, 7))
fixture["resized_crop_up"] = resized_crop_case([[1, 2, 5, 6], [0, 0, 12, 16], [4, 7, 6, 9]], (14, 15))

out = os.path.join(os.path.dirname(__file__), "fixtures", "augment", "geometric.json")
with open(out, "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
print(f"wrote {out} ({os.path.getsize(out)} bytes)")
