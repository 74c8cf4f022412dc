// A 2-D convolution (NHWC) with optional bias and ReLU / ReLU6, the forward of Conv2D and
// FusedConv2D:  y[n, oh, ow, co] = act(bias[co] + Σ_{kh, kw, ci} x[n, ih, iw, ci] · W[kh, kw, ci, co])
// with ih = oh·sh + kh·dh − pt, iw = ow·sw + kw·dw − pl.
//
// One output row (n, oh) per item. Pixels whose every column tap lies in x go through the
// micro-kernels (micro_kernels.h) four at a time, summed over the row's taps (a contiguous range
// of the tap table) and input channels; the few edge pixels tap by tap.
#include "micro_kernels.h"
#include "pool.h"

typedef struct {
  const float *x, *w, *bias;
  float *y;
  int32_t *taps; // [KH·KW][2]: x offset from the output pixel's base, W offset
  int32_t n, h, wd, ci, oh, ow, co, kh, kw, sh, sw, dh, dwl, pt, pl, act;
} fwd_args;

// The taps of output row oh that land inside x: kh ∈ [lo, hi).
static void row_taps(const fwd_args *a, int32_t oh, int32_t *lo, int32_t *hi) {
  int32_t l = 0, h = a->kh;
  while (l < h && oh * a->sh + l * a->dh - a->pt < 0) l++;
  while (h > l && oh * a->sh + (h - 1) * a->dh - a->pt >= a->h) h--;
  *lo = l;
  *hi = h;
}

// The scalar channels past the last multiple of 4, for one pixel.
static void out_scalar(const fwd_args *a, int32_t n, int32_t oh, int32_t ow, int32_t c0) {
  float *out = a->y + ((n * a->oh + oh) * a->ow + ow) * a->co;
  for (int32_t c = c0; c < a->co; c++) {
    float s = a->bias ? a->bias[c] : 0.f;
    for (int32_t kh = 0; kh < a->kh; kh++) {
      const int32_t ih = oh * a->sh + kh * a->dh - a->pt;
      if (ih < 0 || ih >= a->h) continue;
      for (int32_t kw = 0; kw < a->kw; kw++) {
        const int32_t iw = ow * a->sw + kw * a->dwl - a->pl;
        if (iw < 0 || iw >= a->wd) continue;
        const float *xp = a->x + ((n * a->h + ih) * a->wd + iw) * a->ci;
        const float *wp = a->w + (kh * a->kw + kw) * a->ci * a->co + c;
        for (int32_t k = 0; k < a->ci; k++) s += xp[k] * wp[k * a->co];
      }
    }
    if (a->act != MK_STORE) s = s > 0.f ? s : 0.f;
    if (a->act == MK_RELU6) s = s < 6.f ? s : 6.f;
    out[c] = s;
  }
}

// np (1–4) interior pixels from ow0, every channel.
static void interior(const fwd_args *a, int32_t n, int32_t oh, int32_t ow0, int32_t np, int32_t lo, int32_t hi) {
  const float *src = a->x + ((n * a->h + oh * a->sh) * a->wd + ow0 * a->sw) * a->ci;
  float *dst = a->y + ((n * a->oh + oh) * a->ow + ow0) * a->co;
  const int32_t *taps = a->taps + 2 * lo * a->kw;
  const int32_t ntaps = (hi - lo) * a->kw;
  int32_t c = 0;
  for (; c + 8 <= a->co; c += 8)
    micro_kernel_for(np, 2)(src, a->sw * a->ci, a->w + c, a->co, a->ci, taps, ntaps, dst + c, a->co,
                            a->bias ? a->bias + c : 0, a->act);
  for (; c + 4 <= a->co; c += 4)
    micro_kernel_for(np, 1)(src, a->sw * a->ci, a->w + c, a->co, a->ci, taps, ntaps, dst + c, a->co,
                            a->bias ? a->bias + c : 0, a->act);
  if (c < a->co)
    for (int32_t j = 0; j < np; j++) out_scalar(a, n, oh, ow0 + j, c);
}

// One pixel with some column taps outside x: bias, then tap by tap, then the activation.
static void edge(const fwd_args *a, int32_t n, int32_t oh, int32_t ow, int32_t lo, int32_t hi) {
  const float *src = a->x + ((n * a->h + oh * a->sh) * a->wd + ow * a->sw) * a->ci;
  float *dst = a->y + ((n * a->oh + oh) * a->ow + ow) * a->co;
  const int32_t vec = a->co & ~3;
  for (int32_t c = 0; c < vec; c++) dst[c] = a->bias ? a->bias[c] : 0.f;
  for (int32_t kh = lo; kh < hi; kh++) {
    for (int32_t kw = 0; kw < a->kw; kw++) {
      const int32_t iw = ow * a->sw + kw * a->dwl - a->pl;
      if (iw < 0 || iw >= a->wd) continue;
      const int32_t *tap = a->taps + 2 * (kh * a->kw + kw);
      int32_t c = 0;
      for (; c + 8 <= vec; c += 8) micro_kernel_for(1, 2)(src, 0, a->w + c, a->co, a->ci, tap, 1, dst + c, 0, 0, MK_ADD);
      for (; c + 4 <= vec; c += 4) micro_kernel_for(1, 1)(src, 0, a->w + c, a->co, a->ci, tap, 1, dst + c, 0, 0, MK_ADD);
    }
  }
  for (int32_t c = 0; c < vec; c++) {
    float s = dst[c];
    if (a->act != MK_STORE) s = s > 0.f ? s : 0.f;
    if (a->act == MK_RELU6) s = s < 6.f ? s : 6.f;
    dst[c] = s;
  }
  if (vec < a->co) out_scalar(a, n, oh, ow, vec);
}

static void forward_rows(const int64_t *args, int32_t r0, int32_t r1, int32_t tid) {
  const fwd_args *a = (const fwd_args *)args;
  // Columns whose taps all lie in x: 0 ≤ ow·sw − pl and ow·sw + (KW−1)·dw − pl < W.
  int32_t first = (a->pl + a->sw - 1) / a->sw;
  const int32_t last = a->wd - 1 - (a->kw - 1) * a->dwl + a->pl;
  int32_t end = last < 0 ? 0 : last / a->sw + 1;
  if (end > a->ow) end = a->ow;
  if (first > a->ow) first = a->ow;
  if (end < first) end = first;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / a->oh, oh = r % a->oh;
    int32_t lo, hi;
    row_taps(a, oh, &lo, &hi);
    for (int32_t ow = 0; ow < first; ow++) edge(a, n, oh, ow, lo, hi);
    int32_t ow = first;
    for (; ow + 4 <= end; ow += 4) interior(a, n, oh, ow, 4, lo, hi);
    if (ow < end) interior(a, n, oh, ow, end - ow, lo, hi);
    for (ow = end; ow < a->ow; ow++) edge(a, n, oh, ow, lo, hi);
  }
}

// Int32 slots conv2d_forward needs in `taps`.
__attribute__((export_name("conv2d_taps_size"))) int32_t conv2d_taps_size(int32_t kh, int32_t kw) {
  return 2 * kh * kw;
}

// activation: 0 linear, 1 ReLU, 2 ReLU6. bias may be 0. taps: conv2d_taps_size(kh, kw) int32s.
__attribute__((export_name("conv2d_forward"))) void conv2d_forward(
    pool_t *p, const float *x, const float *w, const float *bias, float *y, int32_t *taps, int32_t n, int32_t h,
    int32_t wd, int32_t ci, int32_t oh, int32_t ow, int32_t co, int32_t kh, int32_t kw, int32_t sh, int32_t sw,
    int32_t dh, int32_t dwl, int32_t pt, int32_t pl, int32_t activation) {
  fwd_args *a = (fwd_args *)p->args;
  a->x = x, a->w = w, a->bias = bias, a->y = y, a->taps = taps;
  a->n = n, a->h = h, a->wd = wd, a->ci = ci, a->oh = oh, a->ow = ow, a->co = co;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
  a->act = activation;
  for (int32_t i = 0; i < kh; i++)
    for (int32_t j = 0; j < kw; j++) {
      taps[2 * (i * kw + j)] = ((i * dh - pt) * wd + (j * dwl - pl)) * ci;
      taps[2 * (i * kw + j) + 1] = (i * kw + j) * ci * co;
    }
  parallel_for(p, forward_rows, n * oh, 2);
}
