"""torchvision's per-image CIFAR train pipeline, timed on the same batch shape as run.ts.

Prints one JSON line: {"imagesPerSecond": ..., "cpuImagesPerSecond": ..., "threads": ...}
(wall-clock and process-CPU-time rates, medians of the repeats).
Usage: /usr/bin/python3 torchvision_pipeline.py <batch> <size> <repeats>
       /usr/bin/python3 torchvision_pipeline.py <batch> <size> 0 serve
In serve mode it prints {"ready": threads} after a warm-up, then times one batch per line read
from stdin and answers {"seconds": ..., "cpuSeconds": ...}, so run.ts can alternate batch by batch.
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
if len(sys.argv) > 4 and sys.argv[4] == "serve":
    print(json.dumps({"ready": torch.get_num_threads()}), flush=True)
    for _ in sys.stdin:
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        print(json.dumps({"seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0}), flush=True)
    sys.exit(0)
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
