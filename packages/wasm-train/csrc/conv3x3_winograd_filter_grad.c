// dW of a 3×3, stride-1, dilation-1 convolution (NHWC) by Winograd F(2×2, 3×3):
//   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh + kh − pt, ow + kw − pl, ci] · dy[n, oh, ow, co].
//
// The forward is y_tile = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A per 2×2 output tile, so
//   dW = Gᵀ [ Σ_tiles (Bᵀ d B) ⊗ (A δ Aᵀ) ] G
// with δ the tile's 2×2 block of dy: per entry ξν of the 4×4 transform domain, the sum over tiles
// is a product [Ci, tiles] · [tiles, Co] (pixel_product.h), 16 of them for 4 ⋅ 9 / 16 = 2.25× fewer
// multiply-adds than the direct sum over the 9 taps. The tile rows (n, ty) are cut into a number
// of groups that depends on the shape only; each sums into its own partial, and the partials are
// added in group order: results do not depend on the thread count.
#include <wasm_simd128.h>
#include "conv_rows.h"
#include "pixel_product.h"
#include "pool.h"
#include "winograd.h"

typedef struct {
  const float *x, *dy;
  float *dw, *partials, *work; // partials: [groups][16][Ci][Co]; work: per thread V then D chunks
  int32_t n, h, wd, ci, oh, ow, co, pt, pl;
  int32_t groups, rows_per_group, chunk_rows;
} wgrad_args;

// A δ Aᵀ of the T 2×2 dy tiles of tile row ty (zeros past OH / OW) into d[ξν · stride + t · Co + co].
// A = [[1, 0], [1, 1], [1, −1], [0, −1]].
static void dy_tiles(const wgrad_args *a, int32_t n, int32_t ty, int32_t T, float *d, int32_t stride) {
  const int32_t C = a->co, oy = 2 * ty, two_rows = oy + 1 < a->oh;
  const v128_t zero = wasm_f32x4_splat(0.f);
  for (int32_t t = 0; t < T; t++) {
    const int32_t ox = 2 * t, two_cols = ox + 1 < a->ow;
    const float *p0 = a->dy + (((int64_t)n * a->oh + oy) * a->ow + ox) * C, *p1 = p0 + a->ow * C;
    float *o = d + t * C;
    for (int32_t ch = 0; ch < C; ch += 4) {
      const v128_t d00 = wasm_v128_load(p0 + ch), d01 = two_cols ? wasm_v128_load(p0 + C + ch) : zero;
      const v128_t d10 = two_rows ? wasm_v128_load(p1 + ch) : zero;
      const v128_t d11 = two_rows && two_cols ? wasm_v128_load(p1 + C + ch) : zero;
      // Rows of A δ: δ0, δ0 + δ1, δ0 − δ1, −δ1; then each row (u, v) → (u, u + v, u − v, −v).
#define ROW(i, u, v)                                                                                         \
  wasm_v128_store(o + (4 * i + 0) * stride + ch, u);                                                         \
  wasm_v128_store(o + (4 * i + 1) * stride + ch, wasm_f32x4_add(u, v));                                      \
  wasm_v128_store(o + (4 * i + 2) * stride + ch, wasm_f32x4_sub(u, v));                                      \
  wasm_v128_store(o + (4 * i + 3) * stride + ch, wasm_f32x4_neg(v));
      ROW(0, d00, d01)
      ROW(1, wasm_f32x4_add(d00, d10), wasm_f32x4_add(d01, d11))
      ROW(2, wasm_f32x4_sub(d00, d10), wasm_f32x4_sub(d01, d11))
      ROW(3, wasm_f32x4_neg(d10), wasm_f32x4_neg(d11))
#undef ROW
    }
  }
}

static void wgrad_groups(const int64_t *args, int32_t g0, int32_t g1, int32_t tid) {
  const wgrad_args *a = (const wgrad_args *)args;
  const int32_t K = a->ci, C = a->co, T = (a->ow + 1) / 2, TH = (a->oh + 1) / 2;
  const int32_t rows = a->n * TH, plane = K * C, chunk_tiles = a->chunk_rows * T;
  float *v = a->work + (int64_t)tid * 16 * chunk_tiles * (K + C);
  float *d = v + 16 * chunk_tiles * K;
  for (int32_t g = g0; g < g1; g++) {
    float *part = a->partials + (int64_t)g * 16 * plane;
    for (int32_t i = 0; i < 16 * plane; i++) part[i] = 0.f;
    const int32_t r0 = g * a->rows_per_group;
    const int32_t r1 = r0 + a->rows_per_group < rows ? r0 + a->rows_per_group : rows;
    for (int32_t c0 = r0; c0 < r1; c0 += a->chunk_rows) {
      const int32_t c1 = c0 + a->chunk_rows < r1 ? c0 + a->chunk_rows : r1, count = (c1 - c0) * T;
      for (int32_t r = c0; r < c1; r++) {
        const int32_t n = r / TH, ty = r % TH;
        winograd_input_tiles(a->x, a->h, a->wd, K, a->pt, a->pl, n, ty, T, v + (r - c0) * T * K, chunk_tiles * K);
        dy_tiles(a, n, ty, T, d + (r - c0) * T * C, chunk_tiles * C);
      }
      for (int32_t e = 0; e < 16; e++)
        pixel_product(v + e * chunk_tiles * K, K, d + e * chunk_tiles * C, count, K, C, part + e * plane);
    }
  }
}

// dW[kh, kw, ci, :] = Gᵀ (Σ_g partials[g][·][ci][:]) G for a range of ci, four co at a time.
// Gᵀ = [[1, ½, ½, 0], [0, ½, −½, 0], [0, ½, ½, 1]].
static void wgrad_reduce(const int64_t *args, int32_t k0, int32_t k1, int32_t tid) {
  const wgrad_args *a = (const wgrad_args *)args;
  const int32_t K = a->ci, C = a->co, plane = K * C;
  const v128_t half = wasm_f32x4_splat(0.5f);
  for (int32_t k = k0; k < k1; k++)
    for (int32_t ch = 0; ch < C; ch += 4) {
      const float *p = a->partials + k * C + ch;
      v128_t m[16];
      for (int32_t e = 0; e < 16; e++) {
        v128_t s = wasm_v128_load(p + e * plane);
        for (int32_t g = 1; g < a->groups; g++) s = wasm_f32x4_add(s, wasm_v128_load(p + ((int64_t)g * 16 + e) * plane));
        m[e] = s;
      }
      // Rows: q0 = m0 + ½(m1 + m2), q1 = ½(m1 − m2), q2 = ½(m1 + m2) + m3 (per column).
      v128_t q[3][4];
      for (int32_t j = 0; j < 4; j++) {
        const v128_t s = wasm_f32x4_mul(half, wasm_f32x4_add(m[4 + j], m[8 + j]));
        q[0][j] = wasm_f32x4_add(m[j], s);
        q[1][j] = wasm_f32x4_mul(half, wasm_f32x4_sub(m[4 + j], m[8 + j]));
        q[2][j] = wasm_f32x4_add(s, m[12 + j]);
      }
      for (int32_t i = 0; i < 3; i++) {
        const v128_t s = wasm_f32x4_mul(half, wasm_f32x4_add(q[i][1], q[i][2]));
        float *o = a->dw + (i * 3) * plane + k * C + ch;
        wasm_v128_store(o, wasm_f32x4_add(q[i][0], s));
        wasm_v128_store(o + plane, wasm_f32x4_mul(half, wasm_f32x4_sub(q[i][1], q[i][2])));
        wasm_v128_store(o + 2 * plane, wasm_f32x4_add(s, q[i][3]));
      }
    }
}

static int32_t wgrad_groups_for(int32_t n, int32_t oh, int32_t ci, int32_t co) {
  return filter_groups(n * ((oh + 1) / 2), 16 * ci * co);
}

// Floats conv3x3_winograd_filter_grad needs in `scratch`: the partials, then per-thread chunks.
__attribute__((export_name("conv3x3_winograd_filter_grad_scratch"))) int32_t conv3x3_winograd_filter_grad_scratch(
    int32_t n, int32_t oh, int32_t ow, int32_t ci, int32_t co, int32_t threads) {
  const int32_t T = (ow + 1) / 2;
  return wgrad_groups_for(n, oh, ci, co) * 16 * ci * co + threads * 16 * rows_for_32(T) * T * (ci + co);
}

// x [N, H, W, Ci], dy [N, OH, OW, Co] → dw [3, 3, Ci, Co]; Ci and Co multiples of 4.
__attribute__((export_name("conv3x3_winograd_filter_grad"))) void conv3x3_winograd_filter_grad(
    pool_t *p, const float *x, const float *dy, float *dw, float *scratch, int32_t n, int32_t h, int32_t wd,
    int32_t ci, int32_t oh, int32_t ow, int32_t co, int32_t pt, int32_t pl) {
  wgrad_args *a = (wgrad_args *)p->args;
  const int32_t T = (ow + 1) / 2, rows = n * ((oh + 1) / 2);
  a->x = x, a->dy = dy, a->dw = dw;
  a->n = n, a->h = h, a->wd = wd, a->ci = ci, a->oh = oh, a->ow = ow, a->co = co, a->pt = pt, a->pl = pl;
  a->groups = wgrad_groups_for(n, oh, ci, co);
  a->rows_per_group = (rows + a->groups - 1) / a->groups;
  a->chunk_rows = rows_for_32(T);
  a->partials = scratch;
  a->work = scratch + a->groups * 16 * ci * co;
  if (rows == 0 || ow == 0) {
    for (int32_t i = 0; i < 9 * ci * co; i++) dw[i] = 0.f;
    return;
  }
  parallel_for(p, wgrad_groups, a->groups, 1);
  parallel_for(p, wgrad_reduce, ci, 4);
}
