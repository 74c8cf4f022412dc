#include "column_sums.h"
#include <wasm_simd128.h>

// args: 0 mode, 1 x, 2 dy, 3 mean, 4 rows, 5 C, 6 out1 [blocks, C], 7 out2 [blocks, C]
static void block_sums(const int64_t *a, int32_t b0, int32_t b1, int32_t tid) {
  const int32_t mode = (int32_t)a[0];
  const float *x = ARG_PTR(const float *, a, 1);
  const float *dy = ARG_PTR(const float *, a, 2);
  const float *mean = ARG_PTR(const float *, a, 3);
  const int32_t rows = (int32_t)a[4], C = (int32_t)a[5];
  float *out1 = ARG_PTR(float *, a, 6);
  float *out2 = ARG_PTR(float *, a, 7);
  for (int32_t b = b0; b < b1; b++) {
    const int32_t r0 = b * SUM_BLOCK;
    const int32_t r1 = r0 + SUM_BLOCK < rows ? r0 + SUM_BLOCK : rows;
    float *o1 = out1 + b * C;
    float *o2 = out2 ? out2 + b * C : 0;
    int32_t c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t s1 = wasm_f32x4_splat(0.f), s2 = wasm_f32x4_splat(0.f);
      const v128_t m = mode == SUM_X ? wasm_f32x4_splat(0.f) : wasm_v128_load(mean + c);
      const float *px = x + r0 * C + c;
      if (mode == SUM_X) {
        for (int32_t r = r0; r < r1; r++, px += C) s1 = wasm_f32x4_add(s1, wasm_v128_load(px));
      } else if (mode == SUM_SQDEV) {
        for (int32_t r = r0; r < r1; r++, px += C) {
          const v128_t d = wasm_f32x4_sub(wasm_v128_load(px), m);
          s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(d, d));
        }
      } else {
        const float *pd = dy + r0 * C + c;
        for (int32_t r = r0; r < r1; r++, px += C, pd += C) {
          const v128_t g = wasm_v128_load(pd);
          s1 = wasm_f32x4_add(s1, g);
          s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(g, wasm_f32x4_sub(wasm_v128_load(px), m)));
        }
        wasm_v128_store(o2 + c, s2);
      }
      wasm_v128_store(o1 + c, s1);
    }
    for (; c < C; c++) {
      float s1 = 0.f, s2 = 0.f;
      const float m = mode == SUM_X ? 0.f : mean[c];
      for (int32_t r = r0; r < r1; r++) {
        const float v = x[r * C + c];
        if (mode == SUM_X) {
          s1 += v;
        } else if (mode == SUM_SQDEV) {
          s1 += (v - m) * (v - m);
        } else {
          const float g = dy[r * C + c];
          s1 += g;
          s2 += g * (v - m);
        }
      }
      o1[c] = s1;
      if (o2) o2[c] = s2;
    }
  }
}

// Adds the block partials of channel c in block order, in float64.
double column_total(const float *partial, int32_t blocks, int32_t C, int32_t c) {
  double s = 0.0;
  for (int32_t b = 0; b < blocks; b++) s += (double)partial[b * C + c];
  return s;
}

void column_block_sums(pool_t *p, int32_t mode, const float *x, const float *dy, const float *mean, int32_t rows,
                       int32_t C, float *out1, float *out2) {
  int64_t *a = p->args;
  a[0] = mode;
  a[1] = (uintptr_t)x;
  a[2] = (uintptr_t)dy;
  a[3] = (uintptr_t)mean;
  a[4] = rows;
  a[5] = C;
  a[6] = (uintptr_t)out1;
  a[7] = (uintptr_t)out2;
  const int32_t blocks = block_count(rows);
  parallel_for(p, block_sums, blocks, block_grab(p, blocks));
}

// Sums over a middle run of axes: x as [outer, rows, inner] → out [outer, inner] (global average
// pooling, squeeze-excite, per-sample reductions). Items are (outer index, block of rows); the
// block partials are added in float64 in block order, so threads never change the result.
typedef struct {
  const float *x;
  float *out, *partial;
  int32_t outer, rows, inner, blocks, mean;
} middle_args;

static void middle_blocks(const int64_t *args, int32_t i0, int32_t i1, int32_t tid) {
  const middle_args *a = (const middle_args *)args;
  const int32_t inner = a->inner;
  for (int32_t item = i0; item < i1; item++) {
    const int32_t o = item / a->blocks, b = item % a->blocks;
    const int32_t r0 = b * SUM_BLOCK, r1 = r0 + SUM_BLOCK < a->rows ? r0 + SUM_BLOCK : a->rows;
    const float *x = a->x + (o * a->rows + r0) * inner;
    float *part = a->partial + item * inner;
    int32_t c = 0;
    for (; c + 4 <= inner; c += 4) {
      v128_t s = wasm_f32x4_splat(0.f);
      const float *px = x + c;
      for (int32_t r = r0; r < r1; r++, px += inner) s = wasm_f32x4_add(s, wasm_v128_load(px));
      wasm_v128_store(part + c, s);
    }
    for (; c < inner; c++) {
      float s = 0.f;
      for (int32_t r = r0; r < r1; r++) s += x[(r - r0) * inner + c];
      part[c] = s;
    }
  }
}

static void middle_totals(const int64_t *args, int32_t o0, int32_t o1, int32_t tid) {
  const middle_args *a = (const middle_args *)args;
  for (int32_t o = o0; o < o1; o++)
    for (int32_t c = 0; c < a->inner; c++) {
      double s = 0.0;
      for (int32_t b = 0; b < a->blocks; b++) s += (double)a->partial[(o * a->blocks + b) * a->inner + c];
      a->out[o * a->inner + c] = (float)(a->mean ? s / a->rows : s);
    }
}

__attribute__((export_name("sum_middle_scratch"))) int32_t sum_middle_scratch(int32_t outer, int32_t rows,
                                                                              int32_t inner) {
  return outer * block_count(rows) * inner;
}

// out[o, j] = Σ_r x[o, r, j] (mean 1: divided by rows).
__attribute__((export_name("sum_middle"))) void sum_middle(pool_t *p, const float *x, int32_t outer, int32_t rows,
                                                            int32_t inner, float *out, float *scratch, int32_t mean) {
  middle_args *a = (middle_args *)p->args;
  a->x = x, a->out = out, a->partial = scratch, a->outer = outer, a->rows = rows, a->inner = inner;
  a->blocks = block_count(rows), a->mean = mean;
  if (rows == 0) {
    for (int32_t i = 0; i < outer * inner; i++) out[i] = mean ? __builtin_nanf("") : 0.f;
    return;
  }
  parallel_for(p, middle_blocks, outer * a->blocks, 4);
  parallel_for(p, middle_totals, outer, 8);
}
