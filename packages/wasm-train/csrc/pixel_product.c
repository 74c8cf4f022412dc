// C += Xᵀ D over pixels, tile by tile of C (pixel_product.h).
#include "pixel_product.h"
#include "madd.h"

void pixel_product(const float *X, int32_t xs, const float *D, int32_t count, int32_t ci, int32_t co, float *C) {
  int32_t c0 = 0;
  for (; c0 + 4 <= ci; c0 += 4) {
    int32_t o0 = 0;
    for (; o0 + 8 <= co; o0 += 8) {
      float *c = C + c0 * co + o0;
      v128_t a00 = wasm_v128_load(c), a01 = wasm_v128_load(c + 4);
      v128_t a10 = wasm_v128_load(c + co), a11 = wasm_v128_load(c + co + 4);
      v128_t a20 = wasm_v128_load(c + 2 * co), a21 = wasm_v128_load(c + 2 * co + 4);
      v128_t a30 = wasm_v128_load(c + 3 * co), a31 = wasm_v128_load(c + 3 * co + 4);
      const float *xp = X + c0, *dp = D + o0;
      for (int32_t p = 0; p < count; p++, xp += xs, dp += co) {
        const v128_t d0 = wasm_v128_load(dp), d1 = wasm_v128_load(dp + 4);
        v128_t s = wasm_v128_load32_splat(xp);
        a00 = madd(a00, s, d0);
        a01 = madd(a01, s, d1);
        s = wasm_v128_load32_splat(xp + 1);
        a10 = madd(a10, s, d0);
        a11 = madd(a11, s, d1);
        s = wasm_v128_load32_splat(xp + 2);
        a20 = madd(a20, s, d0);
        a21 = madd(a21, s, d1);
        s = wasm_v128_load32_splat(xp + 3);
        a30 = madd(a30, s, d0);
        a31 = madd(a31, s, d1);
      }
      wasm_v128_store(c, a00);
      wasm_v128_store(c + 4, a01);
      wasm_v128_store(c + co, a10);
      wasm_v128_store(c + co + 4, a11);
      wasm_v128_store(c + 2 * co, a20);
      wasm_v128_store(c + 2 * co + 4, a21);
      wasm_v128_store(c + 3 * co, a30);
      wasm_v128_store(c + 3 * co + 4, a31);
    }
    for (; o0 + 4 <= co; o0 += 4) {
      float *c = C + c0 * co + o0;
      v128_t a0 = wasm_v128_load(c), a1 = wasm_v128_load(c + co);
      v128_t a2 = wasm_v128_load(c + 2 * co), a3 = wasm_v128_load(c + 3 * co);
      const float *xp = X + c0, *dp = D + o0;
      for (int32_t p = 0; p < count; p++, xp += xs, dp += co) {
        const v128_t d = wasm_v128_load(dp);
        a0 = madd(a0, wasm_v128_load32_splat(xp), d);
        a1 = madd(a1, wasm_v128_load32_splat(xp + 1), d);
        a2 = madd(a2, wasm_v128_load32_splat(xp + 2), d);
        a3 = madd(a3, wasm_v128_load32_splat(xp + 3), d);
      }
      wasm_v128_store(c, a0);
      wasm_v128_store(c + co, a1);
      wasm_v128_store(c + 2 * co, a2);
      wasm_v128_store(c + 3 * co, a3);
    }
    for (; o0 < co; o0++) {
      for (int32_t r = 0; r < 4; r++) {
        float s = C[(c0 + r) * co + o0];
        for (int32_t p = 0; p < count; p++) s += X[p * xs + c0 + r] * D[p * co + o0];
        C[(c0 + r) * co + o0] = s;
      }
    }
  }
  // Leftover input channels (Ci not a multiple of 4, e.g. a grey or RGB stem): one row at a time.
  for (; c0 < ci; c0++) {
    int32_t o0 = 0;
    float *c = C + c0 * co;
    for (; o0 + 8 <= co; o0 += 8) {
      v128_t a0 = wasm_v128_load(c + o0), a1 = wasm_v128_load(c + o0 + 4);
      const float *xp = X + c0, *dp = D + o0;
      for (int32_t p = 0; p < count; p++, xp += xs, dp += co) {
        const v128_t s = wasm_v128_load32_splat(xp);
        a0 = madd(a0, s, wasm_v128_load(dp));
        a1 = madd(a1, s, wasm_v128_load(dp + 4));
      }
      wasm_v128_store(c + o0, a0);
      wasm_v128_store(c + o0 + 4, a1);
    }
    for (; o0 + 4 <= co; o0 += 4) {
      v128_t a0 = wasm_v128_load(c + o0);
      const float *xp = X + c0, *dp = D + o0;
      for (int32_t p = 0; p < count; p++, xp += xs, dp += co)
        a0 = madd(a0, wasm_v128_load32_splat(xp), wasm_v128_load(dp));
      wasm_v128_store(c + o0, a0);
    }
    for (; o0 < co; o0++) {
      float s = c[o0];
      for (int32_t p = 0; p < count; p++) s += X[p * xs + c0] * D[p * co + o0];
      c[o0] = s;
    }
  }
}

