"""torchvision's per-image CIFAR train pipeline, timed on the same batch shape as run.ts.

Prints one JSON line: {"imagesPerSecond": ..., "cpuImagesPerSecond": ..., "threads": ...}
(wall-clock and process-CPU-time rates, medians of the repeats).
Usage: /usr/bin/python3 torchvision_pipeline.py <batch> <size> <repeats>
"""
import json
import sys
import time

import torch
import torchvision.transforms as T

batch, size, repeats = (int(a) for a in sys.argv[1:4])
torch.manual_seed(0)
images = torch.rand(batch, 3, size, size)
pipeline = T.Compose(
    [
        T.RandomCrop(size, padding=4),
        T.RandomHorizontalFlip(),
        T.ColorJitter(brightness=0.4, contrast=0.4, saturation=0.4),
        T.RandomErasing(),
    ]
)


def run():
    # A DataLoader worker calls the transform once per image; stack like the collate does.
    return torch.stack([pipeline(img) for img in images])


run()  # warm-up
times, cpu_times = [], []
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    times.append(time.perf_counter() - t0)
    cpu_times.append(time.process_time() - c0)
best = sorted(times)[len(times) // 2]
cpu = sorted(cpu_times)[len(cpu_times) // 2]
print(
    json.dumps(
        {
            "imagesPerSecond": batch / best,
            "cpuImagesPerSecond": batch / cpu,
            "medianSeconds": best,
            "threads": torch.get_num_threads(),
        }
    )
)
