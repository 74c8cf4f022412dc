// Shared parts of the Winograd F(2×2, 3×3) kernels (conv3x3_winograd.c, its filter gradient).
#pragma once
#include <stdint.h>

// Bᵀ d B of the T 4×4 input tiles of tile row ty of image n (tile t reads rows 2·ty − pt … + 3,
// columns 2·t − pl … + 3 of x [N, H, W, K]; outside x reads zeros), four channels at a time
// (K a multiple of 4), into v[ξν · stride + t · K + k] for the 16 entries ξν = 4·row + column.
// Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]].
void winograd_input_tiles(const float *x, int32_t h, int32_t wd, int32_t K, int32_t pt, int32_t pl, int32_t n,
                          int32_t ty, int32_t T, float *v, int32_t stride);
