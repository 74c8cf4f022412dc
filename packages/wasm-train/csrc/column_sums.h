// Column sums of a row-major [rows, C] matrix (channels last), the reduction behind BatchNorm's
// statistics and bias gradients.
//
// Rows are summed in blocks of SUM_BLOCK in float32 (SIMD across columns); the block partials
// are added in float64 in block order. Threads take whole blocks, so the totals do not depend
// on how many there are.
#pragma once
#include <stdint.h>
#include "pool.h"

#define SUM_BLOCK 64

static inline int32_t block_count(int32_t rows) { return (rows + SUM_BLOCK - 1) / SUM_BLOCK; }

// Grabs of whole blocks: about 8 per thread, so that uneven progress evens out.
static inline int32_t block_grab(const pool_t *p, int32_t blocks) {
  const int32_t g = blocks / (8 * (p->workers + 1));
  return g < 1 ? 1 : g;
}

// The per-block sums one pass computes.
enum { SUM_X = 0, SUM_SQDEV = 1, SUM_GRAD = 2 };

// Per-block partials [blocks, C]: SUM_X Σx; SUM_SQDEV Σ(x − mean)²; SUM_GRAD Σdy into out1 and
// Σdy·(x − mean) into out2. Runs on the pool; p->args is overwritten.
void column_block_sums(pool_t *p, int32_t mode, const float *x, const float *dy, const float *mean, int32_t rows,
                       int32_t C, float *out1, float *out2);

// Σ of column c's block partials in block order, in float64.
double column_total(const float *partial, int32_t blocks, int32_t C, int32_t c);
