"""Golden fixtures for @tftricks/augment policies (torchvision 0.14 autoaugment.py).

Run: /usr/bin/python3 tools/golden/augment_policies.py
Writes tools/golden/fixtures/augment/policies.json:
- the AutoAugment policy tables (imagenet, cifar10, svhn) from `AutoAugment._get_policies`;
- the magnitude tables of AutoAugment / RandAugment / TrivialAugmentWide / AugMix
  (`_augmentation_space`) for an 8x8 image;
- `_apply_op` outputs for every op at fixed signed magnitudes on small 8-bit images
  (2 RGB images and 1 gray image, 8x8), as NHWC floats; Posterize/Solarize/Equalize run on
  uint8 tensors (as torchvision requires), the other ops on the float images level/255.
"""
import json
import os

import numpy as np
import torch
from torchvision.transforms import AutoAugment, AutoAugmentPolicy, AugMix, InterpolationMode, RandAugment, TrivialAugmentWide
from torchvision.transforms.autoaugment import _apply_op

H = W = 8
rng = np.random.default_rng(11)


def r7(a):
    return [float(f"{v:.7g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def make_images():
    yy, xx = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
    smooth = np.stack(
        [0.5 + 0.45 * np.sin(xx / 2.0) * np.cos(yy / 2.5), xx / (W - 1), 0.5 + 0.4 * np.cos((xx + yy) / 3.0)], -1
    )
    noise = rng.random((H, W, 3))
    rgb = np.stack([smooth, noise])
    gray = (0.3 + 0.6 * np.exp(-((xx - 3.7) ** 2 + (yy - 4.2) ** 2) / 6.0))[None, :, :, None] * 0.8 + 0.2 * rng.random((1, H, W, 1))
    to_u8 = lambda a: np.clip(np.round(a * 255), 0, 255).astype(np.uint8)
    return to_u8(rgb), to_u8(gray)


RGB, GRAY = make_images()


def space(tbl):
    out = {}
    for name, (mags, signed) in tbl.items():
        vals = mags.tolist() if mags.ndim > 0 else None
        out[name] = {"signed": bool(signed), "magnitudes": None if vals is None else r7(vals)}
    return out


# torchvision runs these three on uint8 only (and Solarize's 0-255 threshold needs uint8);
# every other op runs on the same levels as float images, so no uint8 rounding blurs the check.
UINT8_ONLY = {"Posterize", "Solarize", "Equalize"}


def apply(images, op, magnitude, interp):
    outs = []
    for img in images:
        t = torch.from_numpy(img.transpose(2, 0, 1).copy())
        if op not in UINT8_ONLY:
            t = t.float() / 255.0
        y = _apply_op(t, op, magnitude, interpolation=interp, fill=None)
        y = y.double() / 255.0 if op in UINT8_ONLY else y.double()
        outs.append(y.numpy().transpose(1, 2, 0))
    return r7(np.stack(outs))


policies = {}
for pol in (AutoAugmentPolicy.IMAGENET, AutoAugmentPolicy.CIFAR10, AutoAugmentPolicy.SVHN):
    aa = AutoAugment(pol)
    policies[pol.value] = [[[op, float(p), m] for (op, p, m) in sub] for sub in aa.policies]

spaces = {
    "autoAugment": space(AutoAugment()._augmentation_space(10, (H, W))),
    "randAugment": space(RandAugment()._augmentation_space(31, (H, W))),
    "randAugment10": space(RandAugment()._augmentation_space(10, (H, W))),
    "trivialAugmentWide": space(TrivialAugmentWide()._augmentation_space(31)),
    "augMix": space(AugMix()._augmentation_space(10, (H, W))),
    "augMixColorOff": space(AugMix(all_ops=False)._augmentation_space(10, (H, W))),
}

# Op cases: (op, magnitude) as torchvision's forward passes them (already signed).
cases = [
    ("Identity", 0.0),
    ("ShearX", 0.3), ("ShearX", -0.2), ("ShearY", 0.3), ("ShearY", -0.1),
    ("TranslateX", 3.6), ("TranslateX", -2.0), ("TranslateY", 2.9), ("TranslateY", -3.0),
    ("Rotate", 30.0), ("Rotate", -13.3),
    ("Brightness", 0.9), ("Brightness", -0.5),
    ("Color", 0.7), ("Color", -0.9),
    ("Contrast", 0.6), ("Contrast", -0.4),
    ("Sharpness", 0.9), ("Sharpness", -0.8),
    ("Posterize", 4.0), ("Posterize", 6.0), ("Posterize", 1.0),
    ("Solarize", 170.0), ("Solarize", 113.33333587646484), ("Solarize", 0.0),
    ("AutoContrast", 0.0), ("Equalize", 0.0), ("Invert", 0.0),
]
ops = []
for op, mag in cases:
    geo = op in ("ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate")
    entry = {"op": op, "magnitude": mag}
    for key, images in (("rgb", RGB), ("gray", GRAY)):
        entry[key] = apply(images, op, mag, InterpolationMode.NEAREST)
        if geo:
            entry[key + "Bilinear"] = apply(images, op, mag, InterpolationMode.BILINEAR)
    ops.append(entry)

out = {
    "torchvision": __import__("torchvision").__version__,
    "imageSize": [H, W],
    "rgb": {"shape": list(RGB.shape), "data": r7(RGB.astype(np.float64) / 255.0)},
    "gray": {"shape": list(GRAY.shape), "data": r7(GRAY.astype(np.float64) / 255.0)},
    "policies": policies,
    "spaces": spaces,
    "ops": ops,
}
path = os.path.join(os.path.dirname(__file__), "fixtures", "augment", "policies.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", path, os.path.getsize(path), "bytes")
