// Gradients of a depthwise convolution (NHWC, filter [KH, KW, C, m], output channels C·m):
//   dW[kh, kw, c, q] = Σ_{n, oh, ow} x[n, ih, iw, c] · dy[n, oh, ow, c·m + q]
//   dx[n, ih, iw, c] = Σ_{kh, kw, q} dy[n, oh, ow, c·m + q] · W[kh, kw, c, q]
// with ih = oh·sh + kh·dh − pt, iw = ow·sw + kw·dw − pl. Channel multiplier 1 (MobileNet,
// EfficientNet) runs SIMD across channels; other multipliers run a scalar loop.
#include "madd.h"
#include "conv_rows.h"
#include "pool.h"

typedef struct {
  const float *x, *dy, *w;
  float *out, *partials;
  int32_t n, h, wd, c, oh, ow, m, kh, kw, sh, sw, dh, dwl, pt, pl, groups, rows_per_group;
} dw_args;

// part[oc] += Σ_p x[p·xs + oc/m] · dy[p·oc_count + oc] over count pixels (one tap).
static void tap_filter(float *part, const float *x, int32_t xs, const float *dy, int32_t count, int32_t c, int32_t m) {
  const int32_t oc = c * m;
  if (m == 1) {
    int32_t k = 0;
    for (; k + 8 <= c; k += 8) {
      v128_t a0 = wasm_v128_load(part + k), a1 = wasm_v128_load(part + k + 4);
      const float *xp = x + k, *dp = dy + k;
      for (int32_t p = 0; p < count; p++, xp += xs, dp += oc) {
        a0 = madd(a0, wasm_v128_load(xp), wasm_v128_load(dp));
        a1 = madd(a1, wasm_v128_load(xp + 4), wasm_v128_load(dp + 4));
      }
      wasm_v128_store(part + k, a0);
      wasm_v128_store(part + k + 4, a1);
    }
    for (; k + 4 <= c; k += 4) {
      v128_t a0 = wasm_v128_load(part + k);
      const float *xp = x + k, *dp = dy + k;
      for (int32_t p = 0; p < count; p++, xp += xs, dp += oc)
        a0 = madd(a0, wasm_v128_load(xp), wasm_v128_load(dp));
      wasm_v128_store(part + k, a0);
    }
    for (; k < c; k++) {
      float s = part[k];
      for (int32_t p = 0; p < count; p++) s += x[p * xs + k] * dy[p * oc + k];
      part[k] = s;
    }
    return;
  }
  for (int32_t o = 0; o < oc; o++) {
    float s = part[o];
    for (int32_t p = 0; p < count; p++) s += x[p * xs + o / m] * dy[p * oc + o];
    part[o] = s;
  }
}

static void filter_group(const int64_t *args, int32_t g0, int32_t g1, int32_t tid) {
  const dw_args *a = (const dw_args *)args;
  const int32_t oc = a->c * a->m;
  const int32_t dw_size = a->kh * a->kw * oc;
  const int32_t rows = a->n * a->oh;
  for (int32_t g = g0; g < g1; g++) {
    float *part = a->partials + g * dw_size;
    for (int32_t i = 0; i < dw_size; i++) part[i] = 0.f;
    const int32_t r0 = g * a->rows_per_group;
    const int32_t r1 = r0 + a->rows_per_group < rows ? r0 + a->rows_per_group : rows;
    for (int32_t r = r0; r < r1; r++) {
      const int32_t n = r / a->oh, oh = r % a->oh;
      const float *D = a->dy + (n * a->oh + oh) * a->ow * oc;
      for (int32_t kh = 0; kh < a->kh; kh++) {
        const int32_t ih = oh * a->sh + kh * a->dh - a->pt;
        if (ih < 0 || ih >= a->h) continue;
        const float *X = a->x + (n * a->h + ih) * a->wd * a->c;
        for (int32_t kw = 0; kw < a->kw; kw++) {
          const int32_t off = kw * a->dwl - a->pl;
          int32_t ow0, ow1;
          tap_columns(off, a->sw, a->wd, a->ow, &ow0, &ow1);
          if (ow1 <= ow0) continue;
          tap_filter(part + (kh * a->kw + kw) * oc, X + (ow0 * a->sw + off) * a->c,
                     a->sw * a->c, D + ow0 * oc, ow1 - ow0, a->c, a->m);
        }
      }
    }
  }
}

static void filter_reduce(const int64_t *args, int32_t b0, int32_t b1, int32_t tid) {
  const dw_args *a = (const dw_args *)args;
  const int32_t size = a->kh * a->kw * a->c * a->m;
  for (int32_t b = b0; b < b1; b++) {
    const int32_t i0 = b * 1024, i1 = i0 + 1024 < size ? i0 + 1024 : size;
    for (int32_t i = i0; i < i1; i++) {
      float s = a->partials[i];
      for (int32_t g = 1; g < a->groups; g++) s += a->partials[g * size + i];
      a->out[i] = s;
    }
  }
}

static void set_args(dw_args *a, int32_t n, int32_t h, int32_t wd, int32_t c, int32_t oh, int32_t ow, int32_t m,
                     int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dwl, int32_t pt,
                     int32_t pl) {
  a->n = n, a->h = h, a->wd = wd, a->c = c, a->oh = oh, a->ow = ow, a->m = m;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
}

__attribute__((export_name("depthwise_filter_grad_scratch"))) int32_t depthwise_filter_grad_scratch(
    int32_t n, int32_t oh, int32_t kh, int32_t kw, int32_t c, int32_t m) {
  const int32_t size = kh * kw * c * m;
  return (int32_t)(filter_groups(n * oh, size) * size);
}

__attribute__((export_name("depthwise_filter_grad"))) void depthwise_filter_grad(
    pool_t *p, const float *x, const float *dy, float *dw, float *scratch, int32_t n, int32_t h, int32_t wd,
    int32_t c, int32_t oh, int32_t ow, int32_t m, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh,
    int32_t dwl, int32_t pt, int32_t pl) {
  dw_args *a = (dw_args *)p->args;
  const int32_t size = kh * kw * c * m;
  a->x = x, a->dy = dy, a->out = dw, a->partials = scratch;
  set_args(a, n, h, wd, c, oh, ow, m, kh, kw, sh, sw, dh, dwl, pt, pl);
  a->groups = filter_groups(n * oh, size);
  a->rows_per_group = (n * oh + a->groups - 1) / a->groups;
  if (n * oh == 0) {
    for (int32_t i = 0; i < size; i++) dw[i] = 0.f;
    return;
  }
  parallel_for(p, filter_group, a->groups, 1);
  parallel_for(p, filter_reduce, (int32_t)((size + 1023) / 1024), 16);
}

// dx rows (n, ih), each gathered once: Σ over taps of dy · W (channel multiplier 1: SIMD).
static void input_rows(const int64_t *args, int32_t r0, int32_t r1, int32_t tid) {
  const dw_args *a = (const dw_args *)args;
  const int32_t c = a->c, m = a->m, oc = c * m;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / a->h, ih = r % a->h;
    float *out = a->out + r * a->wd * c;
    for (int32_t i = 0; i < a->wd * c; i++) out[i] = 0.f;
    for (int32_t kh = 0; kh < a->kh; kh++) {
      const int32_t t = ih + a->pt - kh * a->dh;
      if (t < 0 || t % a->sh != 0 || t / a->sh >= a->oh) continue;
      const float *D = a->dy + (n * a->oh + t / a->sh) * a->ow * oc;
      for (int32_t kw = 0; kw < a->kw; kw++) {
        const int32_t off = kw * a->dwl - a->pl;
        int32_t ow0, ow1;
        tap_columns(off, a->sw, a->wd, a->ow, &ow0, &ow1);
        const float *W = a->w + (kh * a->kw + kw) * oc;
        for (int32_t ow = ow0; ow < ow1; ow++) {
          float *o = out + (ow * a->sw + off) * c;
          const float *d = D + ow * oc;
          if (m == 1) {
            int32_t k = 0;
            for (; k + 4 <= c; k += 4)
              wasm_v128_store(o + k, madd(wasm_v128_load(o + k), wasm_v128_load(d + k), wasm_v128_load(W + k)));
            for (; k < c; k++) o[k] += d[k] * W[k];
          } else {
            for (int32_t k = 0; k < c; k++) {
              float s = 0.f;
              for (int32_t q = 0; q < m; q++) s += d[k * m + q] * W[k * m + q];
              o[k] += s;
            }
          }
        }
      }
    }
  }
}

__attribute__((export_name("depthwise_input_grad"))) void depthwise_input_grad(
    pool_t *p, const float *dy, const float *w, float *dx, int32_t n, int32_t h, int32_t wd, int32_t c, int32_t oh,
    int32_t ow, int32_t m, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dwl, int32_t pt,
    int32_t pl) {
  dw_args *a = (dw_args *)p->args;
  a->dy = dy, a->w = w, a->out = dx;
  set_args(a, n, h, wd, c, oh, ow, m, kh, kw, sh, sw, dh, dwl, pt, pl);
  parallel_for(p, input_rows, n * h, 4);
}
