#!/usr/bin/env bash
# Regenerates every golden fixture with Debian's Python (torch 1.13, torchvision 0.14, OpenCV 4.6).
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
"$PY" -c 'import torch, torchvision, cv2' 2>/dev/null || {
  echo "install: apt-get install -y python3-torch python3-torchvision python3-opencv" >&2
  exit 1
}
for script in *.py; do
  echo "== $script"
  "$PY" "$script"
done
