// BatchNorm in training mode over x [rows, C] (channels last; rows = N·H·W): the statistics,
// the normalisation and the gradient, each a few passes over the activation.
//
// The statistics are column sums (column_sums.h): the same for any number of threads.
#include <wasm_simd128.h>
#include "column_sums.h"

// args: 0 x/dy, 1 x, 2 mean, 3 rows, 4 C, 5 out, 6 A [C], 7 B [C], 8 K [C], 9 mode
// mode 0: out = (x - mean)·A + K            (the forward normalisation; B unused)
// mode 1: out = dy·A + (x - mean)·B + K     (the input gradient)
static void block_affine(const int64_t *a, int32_t b0, int32_t b1, int32_t tid) {
  const float *dy = ARG_PTR(const float *, a, 0);
  const float *x = ARG_PTR(const float *, a, 1);
  const float *mean = ARG_PTR(const float *, a, 2);
  const int32_t rows = (int32_t)a[3], C = (int32_t)a[4];
  float *out = ARG_PTR(float *, a, 5);
  const float *A = ARG_PTR(const float *, a, 6);
  const float *B = ARG_PTR(const float *, a, 7);
  const float *K = ARG_PTR(const float *, a, 8);
  const int32_t grad = (int32_t)a[9];
  for (int32_t b = b0; b < b1; b++) {
    const int32_t r0 = b * SUM_BLOCK;
    const int32_t r1 = r0 + SUM_BLOCK < rows ? r0 + SUM_BLOCK : rows;
    for (int32_t r = r0; r < r1; r++) {
      const int32_t o = r * C;
      int32_t c = 0;
      if (grad) {
        for (; c + 4 <= C; c += 4) {
          const v128_t d = wasm_f32x4_sub(wasm_v128_load(x + o + c), wasm_v128_load(mean + c));
          v128_t v = wasm_f32x4_mul(wasm_v128_load(dy + o + c), wasm_v128_load(A + c));
          v = wasm_f32x4_add(v, wasm_f32x4_mul(d, wasm_v128_load(B + c)));
          wasm_v128_store(out + o + c, wasm_f32x4_add(v, wasm_v128_load(K + c)));
        }
        for (; c < C; c++) out[o + c] = dy[o + c] * A[c] + (x[o + c] - mean[c]) * B[c] + K[c];
      } else {
        for (; c + 4 <= C; c += 4) {
          const v128_t d = wasm_f32x4_sub(wasm_v128_load(x + o + c), wasm_v128_load(mean + c));
          wasm_v128_store(out + o + c, wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(A + c)), wasm_v128_load(K + c)));
        }
        for (; c < C; c++) out[o + c] = (x[o + c] - mean[c]) * A[c] + K[c];
      }
    }
  }
}

// Scratch floats bn_forward / bn_backward need: two [blocks, C] partial tables and three [C] rows.
__attribute__((export_name("bn_scratch_floats"))) int32_t bn_scratch_floats(int32_t rows, int32_t C) {
  return 2 * block_count(rows) * C + 3 * C;
}

static void set_affine_args(pool_t *p, const float *dy, const float *x, const float *mean, int32_t rows,
                            int32_t C, float *out, const float *A, const float *B, const float *K, int32_t grad) {
  int64_t *a = p->args;
  a[0] = (uintptr_t)dy;
  a[1] = (uintptr_t)x;
  a[2] = (uintptr_t)mean;
  a[3] = rows;
  a[4] = C;
  a[5] = (uintptr_t)out;
  a[6] = (uintptr_t)A;
  a[7] = (uintptr_t)B;
  a[8] = (uintptr_t)K;
  a[9] = grad;
}

// Batch statistics and normalisation: mean, variance (biased, as tf.moments) and
// y = (x - mean)·gamma/sqrt(variance + eps) + beta. gamma/beta may be 0 (1 and 0).
__attribute__((export_name("bn_forward"))) void bn_forward(pool_t *p, const float *x, int32_t rows, int32_t C,
                                                            const float *gamma, const float *beta, float eps,
                                                            float *y, float *mean, float *variance, float *scratch) {
  const int32_t blocks = block_count(rows);
  float *partial = scratch;
  float *A = scratch + 2 * blocks * C, *K = A + C;
  column_block_sums(p, SUM_X, x, 0, 0, rows, C, partial, 0);
  for (int32_t c = 0; c < C; c++) mean[c] = (float)(column_total(partial, blocks, C, c) / rows);
  column_block_sums(p, SUM_SQDEV, x, 0, mean, rows, C, partial, 0);
  for (int32_t c = 0; c < C; c++) {
    const float v = (float)(column_total(partial, blocks, C, c) / rows);
    variance[c] = v;
    const float rstd = (float)(1.0 / __builtin_sqrt((double)v + (double)eps));
    A[c] = gamma ? gamma[c] * rstd : rstd;
    K[c] = beta ? beta[c] : 0.f;
  }
  set_affine_args(p, 0, x, mean, rows, C, y, A, 0, K, 0);
  parallel_for(p, block_affine, blocks, block_grab(p, blocks));
}

// The gradient of bn_forward's y with respect to x, gamma and beta, with the batch statistics
// differentiated too: dx = gamma·rstd·(dy - mean(dy) - xhat·mean(dy·xhat)), xhat = (x - mean)·rstd.
// dgamma/dbeta may be 0 (not wanted).
__attribute__((export_name("bn_backward"))) void bn_backward(pool_t *p, const float *dy, const float *x,
                                                              const float *mean, const float *variance,
                                                              const float *gamma, float eps, int32_t rows, int32_t C,
                                                              float *dx, float *dgamma, float *dbeta, float *scratch) {
  const int32_t blocks = block_count(rows);
  float *sdy = scratch, *sdyx = scratch + blocks * C;
  float *A = scratch + 2 * blocks * C, *B = A + C, *K = B + C;
  column_block_sums(p, SUM_GRAD, x, dy, mean, rows, C, sdy, sdyx);
  for (int32_t c = 0; c < C; c++) {
    const double s1 = column_total(sdy, blocks, C, c), s2 = column_total(sdyx, blocks, C, c);
    const double rstd = 1.0 / __builtin_sqrt((double)variance[c] + (double)eps);
    const double g = gamma ? (double)gamma[c] : 1.0;
    if (dbeta) dbeta[c] = (float)s1;
    if (dgamma) dgamma[c] = (float)(s2 * rstd);
    A[c] = (float)(g * rstd);
    B[c] = (float)(-g * rstd * rstd * rstd * s2 / rows);
    K[c] = (float)(-g * rstd * s1 / rows);
  }
  set_affine_args(p, dy, x, mean, rows, C, dx, A, B, K, 1);
  parallel_for(p, block_affine, blocks, block_grab(p, blocks));
}
