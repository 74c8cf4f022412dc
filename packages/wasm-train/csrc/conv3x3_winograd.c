// A 3×3, stride-1, dilation-1 convolution (NHWC) by Winograd's minimal filtering F(2×2, 3×3)
// (Lavin & Gray 2016): each 2×2 output tile is Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A over its 4×4 input
// tile d, so the channel sums cost 16 multiply-adds per 4 outputs instead of 36 (2.25× fewer).
//
//   y[n, oh, ow, c] = act(bias[c] + Σ_{kh, kw, k} x[n, oh + kh − pt, ow + kw − pl, k] · g[kh, kw, k, c])
//
// with g = W ([3, 3, K, C], the forward) or g[kh, kw, k, c] = W[2 − kh, 2 − kw, c, k] (W of shape
// [3, 3, C, K]: the input gradient of a convolution, dy ⊛ W rotated by 180° and transposed).
//
// Steps: the filter transform U[ξν] = G g Gᵀ ([16][K][C], once per call); then per item, a few
// rows of tiles (n, ty): the input transform V[ξν][t][k] = (Bᵀ d B), 16 GEMMs M[ξν] = V[ξν] · U[ξν]
// on the direct convolution's register-tile micro-kernels, and the output transform Aᵀ M A with
// bias and activation. Items write disjoint output rows, so threads never change results.
#include <wasm_simd128.h>
#include "conv_rows.h"
#include "micro_kernels.h"
#include "pool.h"
#include "winograd.h"

typedef struct {
  const float *x, *w, *bias;
  float *y, *u, *work; // u: [16][K][C]; work: per thread [16][tiles][K] then [16][tiles][C]
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

static inline v128_t activate(v128_t r, int32_t act) {
  if (act == MK_RELU || act == MK_RELU6) r = wasm_f32x4_pmax(wasm_f32x4_splat(0.f), r);
  if (act == MK_RELU6) r = wasm_f32x4_pmin(wasm_f32x4_splat(6.f), r);
  return r;
}

// Aᵀ m A (Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]]) of tile row ty from m [16][T][C], with bias and
// activation; the outputs past OH / OW (odd sizes) are dropped. m[ξν · stride + t · C + c].
static void output_transform(const wino_args *a, int32_t n, int32_t ty, int32_t T, const float *m, int32_t stride) {
  const int32_t C = a->c;
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

static void tile_rows(const int64_t *args, int32_t i0, int32_t i1, int32_t tid) {
  const wino_args *a = (const wino_args *)args;
  const int32_t K = a->k, C = a->c, T = (a->ow + 1) / 2, TH = (a->oh + 1) / 2;
  const int32_t per = rows_for_32(T), rows = a->n * TH, span = per * T;
  float *v = a->work + (int64_t)tid * 16 * span * (K + C);
  float *m = v + 16 * span * K;
  for (int32_t item = i0; item < i1; item++) {
    const int32_t r0 = item * per, r1 = r0 + per < rows ? r0 + per : rows, tiles = (r1 - r0) * T;
    for (int32_t r = r0; r < r1; r++)
      winograd_input_tiles(a->x, a->h, a->wd, K, a->pt, a->pl, r / TH, r % TH, T, v + (r - r0) * T * K, span * K);
    // Column strips outside, tiles inside: a K × 8 strip of U stays in L1 across the tiles.
    for (int32_t e = 0; e < 16; e++) {
      const float *src = v + e * span * K, *u = a->u + e * K * C;
      float *dst = m + e * span * C;
      for (int32_t ch = 0; ch < C; ch += 8) {
        const int32_t nv = C - ch >= 8 ? 2 : 1;
        for (int32_t t = 0; t < tiles; t += 4) {
          const int32_t np = tiles - t < 4 ? tiles - t : 4;
          micro_kernel_for(np, nv)(src + t * K, K, u + ch, C, K, a->zero_taps, 1, dst + t * C + ch, C, 0, MK_STORE);
        }
      }
    }
    for (int32_t r = r0; r < r1; r++) output_transform(a, r / TH, r % TH, T, m + (r - r0) * T * C, span * C);
  }
}

// Floats conv3x3_winograd needs in `scratch`: U, then the per-thread tile buffers.
__attribute__((export_name("conv3x3_winograd_scratch"))) int32_t conv3x3_winograd_scratch(int32_t k, int32_t c,
                                                                                          int32_t ow,
                                                                                          int32_t threads) {
  const int32_t T = (ow + 1) / 2;
  return 16 * k * c + threads * 16 * rows_for_32(T) * T * (k + c);
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
  const int32_t rows = n * ((oh + 1) / 2), per = rows_for_32((ow + 1) / 2);
  parallel_for(p, tile_rows, (rows + per - 1) / per, 1);
}
