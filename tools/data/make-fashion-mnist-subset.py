#!/usr/bin/env python3
"""Writes the stratified Fashion-MNIST subset embedded in @tftricks/data.

1,000 training and 200 test images per class, drawn with a fixed seed from Debian's
dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), kept in original index order,
written as gzipped IDX files (mtime 0, so the bytes are reproducible).
Run: /usr/bin/python3 tools/data/make-fashion-mnist-subset.py
"""
import gzip, hashlib, json, os, struct
import numpy as np

SRC = '/usr/share/datasets/fashion-mnist'
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'data', 'fashion-mnist-subset')

def read(name):
    with gzip.open(os.path.join(SRC, name + '.gz')) as f:
        data = f.read()
    ndim = data[3]
    shape = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)

def write(name, arr):
    header = bytes([0, 0, 0x08, arr.ndim]) + struct.pack('>' + 'I' * arr.ndim, *arr.shape)
    path = os.path.join(OUT, name + '.gz')
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + arr.astype(np.uint8).tobytes())
    return hashlib.sha256(header + arr.tobytes()).hexdigest()

rng = np.random.default_rng(20261128)
os.makedirs(OUT, exist_ok=True)
manifest = {}
for split, per_class, img, lab in [('train', 1000, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
                                   ('test', 200, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')]:
    x, y = read(img), read(lab)
    keep = np.sort(np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in range(10)]))
    manifest[img] = write(img, x[keep])
    manifest[lab] = write(lab, y[keep])
    manifest[split + '_source_indices_sha256'] = hashlib.sha256(keep.astype('<i4').tobytes()).hexdigest()
with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump({'seed': 20261128, 'per_class': {'train': 1000, 'test': 200}, 'sha256_uncompressed': manifest}, f, indent=2)
print(json.dumps(manifest, indent=2))
