// A 3×3, stride-1, dilation-1 convolution (NHWC) by Winograd's minimal filtering F(2×2, 3×3)
// (Lavin & Gray 2016): each 2×2 output tile is Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A over its 4×4 input
// tile d, so the channel sums cost 16 multiply-adds per 4 outputs instead of 36 (2.25× fewer).
//
//   y[n, oh, ow, c] = act(bias[c] + Σ_{kh, kw, k} x[n, oh + kh − pt, ow + kw − pl, k] · g[kh, kw, k, c])
//
// with g = W ([3, 3, K, C], the forward) or g[kh, kw, k, c] = W[2 − kh, 2 − kw, c, k] (W of shape
// [3, 3, C, K]: the input gradient of a convolution, dy ⊛ W rotated by 180° and transposed).
//
// Steps: the filter transform U[ξν] = G g Gᵀ ([16][K][C], once per call); then per item, one row
// of tiles (n, ty): the input transform V[ξν][t][k] = (Bᵀ d B), 16 GEMMs M[ξν] = V[ξν] · U[ξν]
// on the direct convolution's register-tile micro-kernels, and the output transform Aᵀ M A with
// bias and activation. Items write disjoint output rows, so threads never change results.
#include <wasm_simd128.h>
#include "micro_kernels.h"
#include "pool.h"

typedef struct {
  const float *x, *w, *bias;
  float *y, *u, *work; // u: [16][K][C]; work: per thread [16][T][K] then [16][T][C]
  int32_t n, h, wd, k, oh, ow, c, pt, pl, act, rotated;
  int32_t zero_taps[2]; // the single (0, 0) tap of a plain GEMM through the micro-kernels
} wino_args;

// G g Gᵀ of one (k, c) pair, g read with strides: 4×4 from 3×3.
static void filter_rows(const int64_t *args, int32_t k0, int32_t k1, int32_t tid) {
  const wino_args *a = (const wino_args *)args;
  const int32_t K = a->k, C = a->c, plane = K * C;
  for (int32_t k = k0; k < k1; k++)
    for (int32_t c = 0; c < C; c++) {
      float g[3][3];
      for (int32_t i = 0; i < 3; i++)
        for (int32_t j = 0; j < 3; j++)
          g[i][j] = a->rotated ? a->w[((2 - i) * 3 + (2 - j)) * plane + c * K + k] : a->w[(i * 3 + j) * plane + k * C + c];
      float t[4][3];
      for (int32_t j = 0; j < 3; j++) {
        t[0][j] = g[0][j];
        t[1][j] = 0.5f * (g[0][j] + g[1][j] + g[2][j]);
        t[2][j] = 0.5f * (g[0][j] - g[1][j] + g[2][j]);
        t[3][j] = g[2][j];
      }
      float *u = a->u + k * C + c;
      for (int32_t i = 0; i < 4; i++) {
        u[(i * 4 + 0) * plane] = t[i][0];
        u[(i * 4 + 1) * plane] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
        u[(i * 4 + 2) * plane] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
        u[(i * 4 + 3) * plane] = t[i][2];
      }
    }
}

static inline v128_t load_or_zero(const float *p, int32_t ok) { return ok ? wasm_v128_load(p) : wasm_f32x4_splat(0.f); }

// Bᵀ d B of the 4×4 tiles of tile row ty (four channels at a time) into v [16][T][K].
static void input_transform(const wino_args *a, int32_t n, int32_t ty, int32_t T, float *v) {
  const int32_t K = a->k, stride = T * K;
  const int32_t iy0 = 2 * ty - a->pt;
  for (int32_t t = 0; t < T; t++) {
    const int32_t ix0 = 2 * t - a->pl;
    const int32_t r0 = iy0 >= 0 && iy0 < a->h, r1 = iy0 + 1 >= 0 && iy0 + 1 < a->h;
    const int32_t r2 = iy0 + 2 >= 0 && iy0 + 2 < a->h, r3 = iy0 + 3 >= 0 && iy0 + 3 < a->h;
    const int32_t c0 = ix0 >= 0 && ix0 < a->wd, c1 = ix0 + 1 >= 0 && ix0 + 1 < a->wd;
    const int32_t c2 = ix0 + 2 >= 0 && ix0 + 2 < a->wd, c3 = ix0 + 3 >= 0 && ix0 + 3 < a->wd;
    // Pointers are formed only where they are in range (the flags guard every load).
    const float *base = a->x + ((int64_t)n * a->h * a->wd) * K;
    const int32_t row = a->wd * K;
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

static inline v128_t activate(v128_t r, int32_t act) {
  if (act == MK_RELU || act == MK_RELU6) r = wasm_f32x4_pmax(wasm_f32x4_splat(0.f), r);
  if (act == MK_RELU6) r = wasm_f32x4_pmin(wasm_f32x4_splat(6.f), r);
  return r;
}

// Aᵀ m A (Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]]) of tile row ty from m [16][T][C], with bias and
// activation; the outputs past OH / OW (odd sizes) are dropped.
static void output_transform(const wino_args *a, int32_t n, int32_t ty, int32_t T, const float *m) {
  const int32_t C = a->c, stride = T * C;
  const int32_t oy = 2 * ty, two_rows = oy + 1 < a->oh;
  for (int32_t t = 0; t < T; t++) {
    const int32_t ox = 2 * t, two_cols = ox + 1 < a->ow;
    float *y0 = a->y + (((int64_t)n * a->oh + oy) * a->ow + ox) * C, *y1 = y0 + a->ow * C;
    for (int32_t ch = 0; ch < C; ch += 4) {
      const float *p = m + t * C + ch;
#define M(e) wasm_v128_load(p + (e) * stride)
      // Rows of Aᵀ m: s0 = m0 + m1 + m2, s1 = m1 − m2 − m3 (per column j).
      v128_t s0[4], s1[4];
      for (int32_t j = 0; j < 4; j++) {
        const v128_t m0 = M(j), m1 = M(4 + j), m2 = M(8 + j), m3 = M(12 + j);
        s0[j] = wasm_f32x4_add(wasm_f32x4_add(m0, m1), m2);
        s1[j] = wasm_f32x4_sub(wasm_f32x4_sub(m1, m2), m3);
      }
#undef M
      const v128_t b = a->bias ? wasm_v128_load(a->bias + ch) : wasm_f32x4_splat(0.f);
      const v128_t y00 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s0[0], s0[1]), s0[2]), b);
      const v128_t y01 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s0[1], s0[2]), s0[3]), b);
      const v128_t y10 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s1[0], s1[1]), s1[2]), b);
      const v128_t y11 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s1[1], s1[2]), s1[3]), b);
      wasm_v128_store(y0 + ch, activate(y00, a->act));
      if (two_cols) wasm_v128_store(y0 + C + ch, activate(y01, a->act));
      if (two_rows) {
        wasm_v128_store(y1 + ch, activate(y10, a->act));
        if (two_cols) wasm_v128_store(y1 + C + ch, activate(y11, a->act));
      }
    }
  }
}

static void tile_rows(const int64_t *args, int32_t r0, int32_t r1, int32_t tid) {
  const wino_args *a = (const wino_args *)args;
  const int32_t K = a->k, C = a->c, T = (a->ow + 1) / 2, TH = (a->oh + 1) / 2;
  float *v = a->work + (int64_t)tid * 16 * T * (K + C);
  float *m = v + 16 * T * K;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / TH, ty = r % TH;
    input_transform(a, n, ty, T, v);
    for (int32_t e = 0; e < 16; e++) {
      const float *src = v + e * T * K, *u = a->u + e * K * C;
      float *dst = m + e * T * C;
      for (int32_t t = 0; t < T; t += 4) {
        const int32_t np = T - t < 4 ? T - t : 4;
        int32_t ch = 0;
        for (; ch + 8 <= C; ch += 8)
          micro_kernel_for(np, 2)(src + t * K, K, u + ch, C, K, a->zero_taps, 1, dst + t * C + ch, C, 0, MK_STORE);
        if (ch < C)
          micro_kernel_for(np, 1)(src + t * K, K, u + ch, C, K, a->zero_taps, 1, dst + t * C + ch, C, 0, MK_STORE);
      }
    }
    output_transform(a, n, ty, T, m);
  }
}

// Floats conv3x3_winograd needs in `scratch`: U, then the per-thread tile buffers.
__attribute__((export_name("conv3x3_winograd_scratch"))) int32_t conv3x3_winograd_scratch(int32_t k, int32_t c,
                                                                                          int32_t ow,
                                                                                          int32_t threads) {
  return 16 * k * c + threads * 16 * ((ow + 1) / 2) * (k + c);
}

// x [N, H, W, K] → y [N, OH, OW, C]; K and C multiples of 4. rotated: 0 for W [3, 3, K, C] (the
// forward), 1 for W [3, 3, C, K] used rotated and transposed (an input gradient). activation: 0
// linear, 1 ReLU, 2 ReLU6; bias may be 0.
__attribute__((export_name("conv3x3_winograd"))) void conv3x3_winograd(
    pool_t *p, const float *x, const float *w, const float *bias, float *y, float *scratch, int32_t n, int32_t h,
    int32_t wd, int32_t k, int32_t oh, int32_t ow, int32_t c, int32_t pt, int32_t pl, int32_t activation,
    int32_t rotated) {
  wino_args *a = (wino_args *)p->args;
  a->x = x, a->w = w, a->bias = bias, a->y = y;
  a->u = scratch, a->work = scratch + 16 * k * c;
  a->n = n, a->h = h, a->wd = wd, a->k = k, a->oh = oh, a->ow = ow, a->c = c, a->pt = pt, a->pl = pl;
  a->act = activation, a->rotated = rotated;
  a->zero_taps[0] = 0, a->zero_taps[1] = 0;
  parallel_for(p, filter_rows, k, 4);
  parallel_for(p, tile_rows, n * ((oh + 1) / 2), 1);
}
