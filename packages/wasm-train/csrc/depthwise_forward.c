// Forward of a depthwise convolution with channel multiplier 1 (MobileNet, EfficientNet), NHWC:
//   y[n, oh, ow, c] = Σ_{kh, kw} x[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, c] · W[kh, kw, c]
// One output row per thread item, taps in (kh, kw) order, SIMD across channels. It replaces the
// stock XNNPACK kernel, whose pool runs on one thread beside wasm-train's (threaded-wasm-backend.ts).
#include "madd.h"
#include "conv_rows.h"
#include "pool.h"

typedef struct {
  const float *x, *w;
  float *y;
  int32_t n, h, wd, c, oh, ow, kh, kw, sh, sw, dh, dwl, pt, pl;
} dwf_args;

static void forward_rows(const int64_t *args, int32_t r0, int32_t r1, int32_t tid) {
  const dwf_args *a = (const dwf_args *)args;
  const int32_t c = a->c;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / a->oh, oh = r % a->oh;
    float *out = a->y + (int64_t)r * a->ow * c;
    for (int32_t i = 0; i < a->ow * c; i++) out[i] = 0.f;
    for (int32_t kh = 0; kh < a->kh; kh++) {
      const int32_t ih = oh * a->sh + kh * a->dh - a->pt;
      if (ih < 0 || ih >= a->h) continue;
      const float *X = a->x + ((int64_t)n * a->h + ih) * a->wd * c;
      for (int32_t kw = 0; kw < a->kw; kw++) {
        const int32_t off = kw * a->dwl - a->pl;
        int32_t ow0, ow1;
        tap_columns(off, a->sw, a->wd, a->ow, &ow0, &ow1);
        const float *W = a->w + (kh * a->kw + kw) * c;
        for (int32_t ow = ow0; ow < ow1; ow++) {
          float *o = out + ow * c;
          const float *xi = X + (ow * a->sw + off) * c;
          int32_t k = 0;
          for (; k + 4 <= c; k += 4)
            wasm_v128_store(o + k, madd(wasm_v128_load(o + k), wasm_v128_load(xi + k), wasm_v128_load(W + k)));
          for (; k < c; k++) o[k] += xi[k] * W[k];
        }
      }
    }
  }
}

// x [N, H, W, C], w [KH, KW, C, 1] → y [N, OH, OW, C].
__attribute__((export_name("depthwise_forward"))) void depthwise_forward(
    pool_t *p, const float *x, const float *w, float *y, int32_t n, int32_t h, int32_t wd, int32_t c, int32_t oh,
    int32_t ow, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dwl, int32_t pt, int32_t pl) {
  dwf_args *a = (dwf_args *)p->args;
  a->x = x, a->w = w, a->y = y;
  a->n = n, a->h = h, a->wd = wd, a->c = c, a->oh = oh, a->ow = ow;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
  parallel_for(p, forward_rows, n * oh, 4);
}
