// Shared geometry of the convolution-gradient kernels.
#pragma once
#include <stdint.h>

// Groups of (n, oh) rows for a filter gradient: at most 8, at least ~16 rows each, with the
// per-group partials within 4 Mi floats. Depends on the shapes only (never on threads).
static inline int32_t filter_groups(int32_t rows, int32_t dw_size) {
  int32_t g = rows / 16;
  if (g > 8) g = 8;
  while (g > 1 && g * dw_size > (4 << 20)) g--;
  return g < 1 ? 1 : g;
}

// The output columns whose tap lands inside the input: ow with 0 ≤ ow·sw + off < w.
static inline void tap_columns(int32_t off, int32_t sw, int32_t w, int32_t ow, int32_t *a, int32_t *b) {
  const int32_t lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
  int32_t hi = w - off <= 0 ? 0 : (w - off + sw - 1) / sw;
  if (hi > ow) hi = ow;
  *a = lo;
  *b = hi > lo ? hi : lo;
}

// Rows to take together so that a run streams at least 32 pixels (or tiles) of `per_row` each:
// enough to amortise loading and storing a register tile.
static inline int32_t rows_for_32(int32_t per_row) { return per_row >= 32 ? 1 : (32 + per_row - 1) / per_row; }
