// dx of a 2-D convolution (NHWC), any stride, without spreading dy with zeros:
//   dx[n, ih, iw, ci] = Σ_{kh, kw, co} dy[n, oh, ow, co] · W[kh, kw, ci, co]
// over the taps with ih = oh·sh + kh·dh − pt and iw = ow·sw + kw·dw − pl.
//
// Each output row (n, ih) is one item: zeroed, then every tap that reaches it adds
// dy[n, oh, ow0.., :] · Wᵀ[kh, kw] into the pixels iw = ow·sw + off. The micro-kernel holds a
// 4-pixel × 8-channel tile of dx in registers (tile_mac.h), summed over every tap that reaches
// the pixels and every co. Rows are independent, so threads never share an output.
#include "pool.h"
#include "tile_mac.h"

typedef struct {
  const float *dy, *wt; // wt: W transposed to [KH, KW, Co, Ci]
  const float *w;
  float *dx, *wt_out;
  int32_t n, h, w_, ci, oh, ow, co, kh, kw, sh, sw, dh, dwl, pt, pl;
} input_args;

// NP pixels × 4·NV channels from c, added into dst (dst rows xs floats apart, src rows co apart).
static inline __attribute__((always_inline)) void tile(float *dst, int32_t xs, const float *src, const float *wt,
                                                       int32_t ci, int32_t co, int32_t c, const int NP, const int NV) {
  tile_t t;
  tile_load(&t, dst + c, xs, NP, NV);
  tile_mac(&t, src, co, wt + c, ci, co, NP, NV);
  tile_store(&t, dst + c, xs, NP, NV);
}

// NP pixels across every channel: 8-channel tiles, a 4-channel tile, then scalar channels.
static inline __attribute__((always_inline)) void pixels(float *dst, int32_t xs, const float *src, const float *wt,
                                                         int32_t ci, int32_t co, const int NP) {
  int32_t c = 0;
  for (; c + 8 <= ci; c += 8) tile(dst, xs, src, wt, ci, co, c, NP, 2);
  for (; c + 4 <= ci; c += 4) tile(dst, xs, src, wt, ci, co, c, NP, 1);
  for (; c < ci; c++) {
    for (int j = 0; j < NP; j++) {
      float a = dst[(int64_t)j * xs + c];
      for (int32_t o = 0; o < co; o++) a += src[(int64_t)j * co + o] * wt[(int64_t)o * ci + c];
      dst[(int64_t)j * xs + c] = a;
    }
  }
}

// dst[p·xs + c] += Σ_o src[p·co + o] · wt[o·ci + c] for p < count, c < ci: tiles of 4 pixels,
// then one tile of the 1–3 left over.
static void tap_accumulate(float *dst, int32_t xs, const float *src, int32_t count, const float *wt, int32_t ci,
                           int32_t co) {
  int32_t p = 0;
  for (; p + 4 <= count; p += 4) pixels(dst + (int64_t)p * xs, xs, src + (int64_t)p * co, wt, ci, co, 4);
  float *d = dst + (int64_t)p * xs;
  const float *s = src + (int64_t)p * co;
  switch (count - p) {
    case 3: pixels(d, xs, s, wt, ci, co, 3); break;
    case 2: pixels(d, xs, s, wt, ci, co, 2); break;
    case 1: pixels(d, xs, s, wt, ci, co, 1); break;
    default: break;
  }
}

// The first output column of tap kw for the pixels iw = q + m·sw of phase q: ow = m + base,
// when (q + pl − kw·dw) is a multiple of sw (else the tap skips the phase).
static int32_t tap_base(const input_args *a, int32_t q, int32_t kw, int32_t *base) {
  const int32_t r = q + a->pl - kw * a->dwl;
  const int32_t mod = ((r % a->sw) + a->sw) % a->sw;
  if (mod != 0) return 0;
  *base = (r - mod) / a->sw;
  return 1;
}

// Whether tap kh reaches output row ih; its dy row oh.
static int32_t row_tap(const input_args *a, int32_t ih, int32_t kh, int32_t *oh) {
  const int32_t t = ih + a->pt - kh * a->dh;
  if (t < 0 || t % a->sh != 0 || t / a->sh >= a->oh) return 0;
  *oh = t / a->sh;
  return 1;
}

// A tile of NP pixels (m0.., phase q, all inside every tap) × 4·NV channels from c, summed in
// registers over every tap and every co: the accumulators are loaded and stored once.
static inline __attribute__((always_inline)) void interior_tile(const input_args *a, float *dst, int32_t n,
                                                                int32_t ih, int32_t q, int32_t m0, int32_t c,
                                                                const int NP, const int NV) {
  const int32_t ci = a->ci, co = a->co, xs = a->sw * ci;
  tile_t t;
  tile_zero(&t, NP, NV);
  for (int32_t kh = 0; kh < a->kh; kh++) {
    int32_t oh;
    if (!row_tap(a, ih, kh, &oh)) continue;
    const float *row = a->dy + ((int64_t)n * a->oh + oh) * a->ow * co;
    for (int32_t kw = 0; kw < a->kw; kw++) {
      int32_t base;
      if (!tap_base(a, q, kw, &base)) continue;
      tile_mac(&t, row + (int64_t)(m0 + base) * co, co, a->wt + (int64_t)(kh * a->kw + kw) * co * ci + c, ci, co, NP, NV);
    }
  }
  tile_store(&t, dst + c, xs, NP, NV);
}

// NP interior pixels across every channel (8-channel tiles, a 4-channel tile, scalar channels).
static inline __attribute__((always_inline)) void interior_pixels(const input_args *a, float *dst, int32_t n,
                                                                  int32_t ih, int32_t q, int32_t m0, const int NP) {
  int32_t c = 0;
  for (; c + 8 <= a->ci; c += 8) interior_tile(a, dst, n, ih, q, m0, c, NP, 2);
  for (; c + 4 <= a->ci; c += 4) interior_tile(a, dst, n, ih, q, m0, c, NP, 1);
  if (c < a->ci) {
    // Scalar channels: per tap, as the edge pixels (dst is zero there still).
    for (int32_t kh = 0; kh < a->kh; kh++) {
      int32_t oh;
      if (!row_tap(a, ih, kh, &oh)) continue;
      for (int32_t kw = 0; kw < a->kw; kw++) {
        int32_t base;
        if (!tap_base(a, q, kw, &base)) continue;
        const float *src = a->dy + (((int64_t)n * a->oh + oh) * a->ow + m0 + base) * a->co;
        const float *wt = a->wt + (int64_t)(kh * a->kw + kw) * a->co * a->ci;
        for (int j = 0; j < NP; j++)
          for (int32_t cc = c; cc < a->ci; cc++) {
            float s = dst[(int64_t)j * a->sw * a->ci + cc];
            for (int32_t o = 0; o < a->co; o++) s += src[(int64_t)j * a->co + o] * wt[(int64_t)o * a->ci + cc];
            dst[(int64_t)j * a->sw * a->ci + cc] = s;
          }
      }
    }
  }
}

// Pixels m ∈ [m0, m1) of phase q, tap by tap (edges, where some taps fall outside dy).
static void edge_pixels(const input_args *a, float *out, int32_t n, int32_t ih, int32_t q, int32_t m0, int32_t m1) {
  for (int32_t kh = 0; kh < a->kh; kh++) {
    int32_t oh;
    if (!row_tap(a, ih, kh, &oh)) continue;
    for (int32_t kw = 0; kw < a->kw; kw++) {
      int32_t base;
      if (!tap_base(a, q, kw, &base)) continue;
      int32_t lo = -base > m0 ? -base : m0;
      int32_t hi = a->ow - base < m1 ? a->ow - base : m1;
      if (hi <= lo) continue;
      tap_accumulate(out + ((int64_t)q + (int64_t)lo * a->sw) * a->ci, a->sw * a->ci,
                     a->dy + (((int64_t)n * a->oh + oh) * a->ow + lo + base) * a->co, hi - lo,
                     a->wt + (int64_t)(kh * a->kw + kw) * a->co * a->ci, a->ci, a->co);
    }
  }
}

static void input_rows(const int64_t *args, int32_t r0, int32_t r1) {
  const input_args *a = (const input_args *)args;
  const int64_t row = (int64_t)a->w_ * a->ci;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / a->h, ih = r % a->h;
    float *out = a->dx + (int64_t)r * row;
    for (int64_t i = 0; i < row; i++) out[i] = 0.f;
    int32_t any = 0;
    for (int32_t kh = 0; kh < a->kh; kh++) {
      int32_t oh;
      any |= row_tap(a, ih, kh, &oh);
    }
    if (!any) continue;
    // Pixels iw = q + m·sw share their set of column taps; per phase q, the interior [lo, hi)
    // lies inside every tap and is summed in registers, the edges tap by tap.
    for (int32_t q = 0; q < a->sw && q < a->w_; q++) {
      const int32_t count = (a->w_ - q + a->sw - 1) / a->sw;
      int32_t lo = 0, hi = count, taps = 0;
      for (int32_t kw = 0; kw < a->kw; kw++) {
        int32_t base;
        if (!tap_base(a, q, kw, &base)) continue;
        taps++;
        if (-base > lo) lo = -base;
        if (a->ow - base < hi) hi = a->ow - base;
      }
      if (taps == 0) continue;
      if (hi < lo) hi = lo;
      float *ph = out + (int64_t)q * a->ci;
      const int64_t step = (int64_t)a->sw * a->ci;
      int32_t m = lo;
      for (; m + 4 <= hi; m += 4) interior_pixels(a, ph + m * step, n, ih, q, m, 4);
      switch (hi - m) {
        case 3: interior_pixels(a, ph + m * step, n, ih, q, m, 3); break;
        case 2: interior_pixels(a, ph + m * step, n, ih, q, m, 2); break;
        case 1: interior_pixels(a, ph + m * step, n, ih, q, m, 1); break;
        default: break;
      }
      if (lo > 0) edge_pixels(a, out, n, ih, q, 0, lo < count ? lo : count);
      if (hi < count) edge_pixels(a, out, n, ih, q, hi > lo ? hi : lo, count);
    }
  }
}

// Wᵀ[tap, co, ci] = W[tap, ci, co], one tap per item.
static void transpose_taps(const int64_t *args, int32_t t0, int32_t t1) {
  const input_args *a = (const input_args *)args;
  const int64_t tap = (int64_t)a->ci * a->co;
  for (int32_t t = t0; t < t1; t++) {
    const float *src = a->w + t * tap;
    float *dst = a->wt_out + t * tap;
    for (int32_t c = 0; c < a->ci; c++)
      for (int32_t o = 0; o < a->co; o++) dst[(int64_t)o * a->ci + c] = src[(int64_t)c * a->co + o];
  }
}

// Scratch floats conv2d_input_grad needs (the transposed filter).
__attribute__((export_name("conv2d_input_grad_scratch"))) int32_t conv2d_input_grad_scratch(int32_t kh, int32_t kw,
                                                                                            int32_t ci, int32_t co) {
  return kh * kw * ci * co;
}

__attribute__((export_name("conv2d_input_grad"))) void conv2d_input_grad(
    pool_t *p, const float *dy, const float *w, float *dx, float *scratch, int32_t n, int32_t h, int32_t wd,
    int32_t ci, int32_t oh, int32_t ow, int32_t co, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh,
    int32_t dwl, int32_t pt, int32_t pl) {
  input_args *a = (input_args *)p->args;
  a->dy = dy;
  a->w = w;
  a->wt = scratch;
  a->wt_out = scratch;
  a->dx = dx;
  a->n = n, a->h = h, a->w_ = wd, a->ci = ci, a->oh = oh, a->ow = ow, a->co = co;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
  parallel_for(p, transpose_taps, kh * kw, 1);
  parallel_for(p, input_rows, n * h, 4);
}
