// A 2-D convolution (NHWC) with optional bias and ReLU / ReLU6, the forward of Conv2D and
// FusedConv2D:  y[n, oh, ow, co] = act(bias[co] + Σ_{kh, kw, ci} x[n, ih, iw, ci] · W[kh, kw, ci, co])
// with ih = oh·sh + kh·dh − pt, iw = ow·sw + kw·dw − pl.
//
// One output row (n, oh) per item. Inside the row, pixels whose every tap lies in x are
// computed four at a time in a 4-pixel × 8-channel register tile (tile_mac.h) summed over all
// taps and input channels; the few edge pixels one at a time, skipping taps outside x.
#include "pool.h"
#include "tile_mac.h"

enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2 };

typedef struct {
  const float *x, *w, *bias;
  float *y;
  int32_t n, h, wd, ci, oh, ow, co, kh, kw, sh, sw, dh, dwl, pt, pl, act;
} fwd_args;

static inline __attribute__((always_inline)) void epilogue(tile_t *t, const float *bias, int32_t c, int32_t act,
                                                           const int NP, const int NV) {
  for (int v = 0; v < NV; v++) {
    const v128_t b = bias ? wasm_v128_load(bias + c + 4 * v) : wasm_f32x4_splat(0.f);
    for (int j = 0; j < NP; j++) {
      v128_t r = wasm_f32x4_add(t->v[j][v], b);
      if (act != ACT_LINEAR) r = wasm_f32x4_pmax(wasm_f32x4_splat(0.f), r);
      if (act == ACT_RELU6) r = wasm_f32x4_pmin(wasm_f32x4_splat(6.f), r);
      t->v[j][v] = r;
    }
  }
}

// NP output pixels from ow0 × 4·NV channels from c. `edge`: check each tap's column (NP = 1).
static inline __attribute__((always_inline)) void out_tile(const fwd_args *a, int32_t n, int32_t oh, int32_t ow0,
                                                           int32_t c, int edge, const int NP, const int NV) {
  tile_t t;
  tile_zero(&t, NP, NV);
  for (int32_t kh = 0; kh < a->kh; kh++) {
    const int32_t ih = oh * a->sh + kh * a->dh - a->pt;
    if (ih < 0 || ih >= a->h) continue;
    const float *row = a->x + ((int64_t)n * a->h + ih) * a->wd * a->ci;
    for (int32_t kw = 0; kw < a->kw; kw++) {
      const int32_t iw = ow0 * a->sw + kw * a->dwl - a->pl;
      if (edge && (iw < 0 || iw >= a->wd)) continue;
      tile_mac(&t, row + (int64_t)iw * a->ci, a->sw * a->ci, a->w + (int64_t)(kh * a->kw + kw) * a->ci * a->co + c,
               a->co, a->ci, NP, NV);
    }
  }
  epilogue(&t, a->bias, c, a->act, NP, NV);
  tile_store(&t, a->y + (((int64_t)n * a->oh + oh) * a->ow + ow0) * a->co + c, a->co, NP, NV);
}

// Output channels past the last multiple of 4, one pixel at a time.
static void out_scalar(const fwd_args *a, int32_t n, int32_t oh, int32_t ow, int32_t c0) {
  float *out = a->y + (((int64_t)n * a->oh + oh) * a->ow + ow) * a->co;
  for (int32_t c = c0; c < a->co; c++) {
    float s = a->bias ? a->bias[c] : 0.f;
    for (int32_t kh = 0; kh < a->kh; kh++) {
      const int32_t ih = oh * a->sh + kh * a->dh - a->pt;
      if (ih < 0 || ih >= a->h) continue;
      for (int32_t kw = 0; kw < a->kw; kw++) {
        const int32_t iw = ow * a->sw + kw * a->dwl - a->pl;
        if (iw < 0 || iw >= a->wd) continue;
        const float *xp = a->x + (((int64_t)n * a->h + ih) * a->wd + iw) * a->ci;
        const float *wp = a->w + (int64_t)(kh * a->kw + kw) * a->ci * a->co + c;
        for (int32_t k = 0; k < a->ci; k++) s += xp[k] * wp[(int64_t)k * a->co];
      }
    }
    if (a->act != ACT_LINEAR) s = s > 0.f ? s : 0.f;
    if (a->act == ACT_RELU6) s = s < 6.f ? s : 6.f;
    out[c] = s;
  }
}

// NP pixels from ow0 across every output channel.
static inline __attribute__((always_inline)) void out_pixels(const fwd_args *a, int32_t n, int32_t oh, int32_t ow0,
                                                             int edge, const int NP) {
  int32_t c = 0;
  for (; c + 8 <= a->co; c += 8) out_tile(a, n, oh, ow0, c, edge, NP, 2);
  for (; c + 4 <= a->co; c += 4) out_tile(a, n, oh, ow0, c, edge, NP, 1);
  if (c < a->co)
    for (int j = 0; j < NP; j++) out_scalar(a, n, oh, ow0 + j, c);
}

static void forward_rows(const int64_t *args, int32_t r0, int32_t r1) {
  const fwd_args *a = (const fwd_args *)args;
  // Columns whose taps all lie in x: 0 ≤ ow·sw − pl and ow·sw + (KW−1)·dw − pl < W.
  int32_t lo = (a->pl + a->sw - 1) / a->sw;
  const int32_t last = a->wd - 1 - (a->kw - 1) * a->dwl + a->pl;
  int32_t hi = last < 0 ? 0 : last / a->sw + 1;
  if (hi > a->ow) hi = a->ow;
  if (lo > a->ow) lo = a->ow;
  if (hi < lo) hi = lo;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / a->oh, oh = r % a->oh;
    for (int32_t ow = 0; ow < lo; ow++) out_pixels(a, n, oh, ow, 1, 1);
    int32_t ow = lo;
    for (; ow + 4 <= hi; ow += 4) out_pixels(a, n, oh, ow, 0, 4);
    switch (hi - ow) {
      case 3: out_pixels(a, n, oh, ow, 0, 3); break;
      case 2: out_pixels(a, n, oh, ow, 0, 2); break;
      case 1: out_pixels(a, n, oh, ow, 0, 1); break;
      default: break;
    }
    for (ow = hi; ow < a->ow; ow++) out_pixels(a, n, oh, ow, 1, 1);
  }
}

// activation: 0 linear, 1 ReLU, 2 ReLU6. bias may be 0.
__attribute__((export_name("conv2d_forward"))) void conv2d_forward(
    pool_t *p, const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t h, int32_t wd,
    int32_t ci, int32_t oh, int32_t ow, int32_t co, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh,
    int32_t dwl, int32_t pt, int32_t pl, int32_t activation) {
  fwd_args *a = (fwd_args *)p->args;
  a->x = x, a->w = w, a->bias = bias, a->y = y;
  a->n = n, a->h = h, a->wd = wd, a->ci = ci, a->oh = oh, a->ow = ow, a->co = co;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
  a->act = activation;
  parallel_for(p, forward_rows, n * oh, 2);
}
