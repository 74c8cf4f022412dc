// The input transform of Winograd F(2×2, 3×3) (winograd.h).
#include <wasm_simd128.h>
#include "winograd.h"

static inline v128_t load_or_zero(const float *p, int32_t ok) { return ok ? wasm_v128_load(p) : wasm_f32x4_splat(0.f); }

void winograd_input_tiles(const float *x, int32_t h, int32_t wd, int32_t K, int32_t pt, int32_t pl, int32_t n,
                          int32_t ty, int32_t T, float *v, int32_t stride) {
  const int32_t iy0 = 2 * ty - pt;
  for (int32_t t = 0; t < T; t++) {
    const int32_t ix0 = 2 * t - pl;
    const int32_t r0 = iy0 >= 0 && iy0 < h, r1 = iy0 + 1 >= 0 && iy0 + 1 < h;
    const int32_t r2 = iy0 + 2 >= 0 && iy0 + 2 < h, r3 = iy0 + 3 >= 0 && iy0 + 3 < h;
    const int32_t c0 = ix0 >= 0 && ix0 < wd, c1 = ix0 + 1 >= 0 && ix0 + 1 < wd;
    const int32_t c2 = ix0 + 2 >= 0 && ix0 + 2 < wd, c3 = ix0 + 3 >= 0 && ix0 + 3 < wd;
    // The flags guard every load: out-of-range taps read as zeros (the padding).
    const float *base = x + ((int64_t)n * h * wd) * K;
    const int32_t row = wd * K;
    for (int32_t ch = 0; ch < K; ch += 4) {
      const float *p0 = base + (iy0 + 0) * row + ix0 * K + ch, *p1 = p0 + row, *p2 = p1 + row, *p3 = p2 + row;
      v128_t d00 = load_or_zero(p0, r0 & c0), d01 = load_or_zero(p0 + K, r0 & c1);
      v128_t d02 = load_or_zero(p0 + 2 * K, r0 & c2), d03 = load_or_zero(p0 + 3 * K, r0 & c3);
      v128_t d10 = load_or_zero(p1, r1 & c0), d11 = load_or_zero(p1 + K, r1 & c1);
      v128_t d12 = load_or_zero(p1 + 2 * K, r1 & c2), d13 = load_or_zero(p1 + 3 * K, r1 & c3);
      v128_t d20 = load_or_zero(p2, r2 & c0), d21 = load_or_zero(p2 + K, r2 & c1);
      v128_t d22 = load_or_zero(p2 + 2 * K, r2 & c2), d23 = load_or_zero(p2 + 3 * K, r2 & c3);
      v128_t d30 = load_or_zero(p3, r3 & c0), d31 = load_or_zero(p3 + K, r3 & c1);
      v128_t d32 = load_or_zero(p3 + 2 * K, r3 & c2), d33 = load_or_zero(p3 + 3 * K, r3 & c3);
      // Rows: Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]].
#define BT(s0, s1, s2, s3, o0, o1, o2, o3)                                                                   \
  const v128_t o0 = wasm_f32x4_sub(s0, s2), o1 = wasm_f32x4_add(s1, s2), o2 = wasm_f32x4_sub(s2, s1),        \
               o3 = wasm_f32x4_sub(s1, s3);
      BT(d00, d10, d20, d30, t00, t10, t20, t30)
      BT(d01, d11, d21, d31, t01, t11, t21, t31)
      BT(d02, d12, d22, d32, t02, t12, t22, t32)
      BT(d03, d13, d23, d33, t03, t13, t23, t33)
      // Columns, the same combination; stored at ξν = 4·row + column.
      float *o = v + t * K + ch;
#define STORE_ROW(i, s0, s1, s2, s3)                                                                         \
  wasm_v128_store(o + (4 * i + 0) * stride, wasm_f32x4_sub(s0, s2));                                         \
  wasm_v128_store(o + (4 * i + 1) * stride, wasm_f32x4_add(s1, s2));                                         \
  wasm_v128_store(o + (4 * i + 2) * stride, wasm_f32x4_sub(s2, s1));                                         \
  wasm_v128_store(o + (4 * i + 3) * stride, wasm_f32x4_sub(s1, s3));
      STORE_ROW(0, t00, t01, t02, t03)
      STORE_ROW(1, t10, t11, t12, t13)
      STORE_ROW(2, t20, t21, t22, t23)
      STORE_ROW(3, t30, t31, t32, t33)
#undef BT
#undef STORE_ROW
    }
  }
}

