// dx of 2-D max pooling (NHWC): each window's dy goes to the first maximum of x in the window
// (row-major scan, strict >: the cpu backend's tie rule), summed where windows overlap. A
// window whose values are all −∞ or NaN passes nothing, as in the cpu backend. One sample per
// item (windows never cross samples), SIMD across channels.
#include <wasm_simd128.h>
#include "pool.h"

typedef struct {
  const float *x, *dy;
  float *dx;
  int32_t h, w, c, oh, ow, kh, kw, sh, sw, pt, pl;
} pool_grad_args;

static void sample_grad(const int64_t *args, int32_t n0, int32_t n1, int32_t tid) {
  const pool_grad_args *a = (const pool_grad_args *)args;
  const int32_t c = a->c;
  const int32_t plane = a->h * a->w * c;
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  for (int32_t n = n0; n < n1; n++) {
    const float *x = a->x + n * plane;
    float *dx = a->dx + n * plane;
    const float *dy = a->dy + n * a->oh * a->ow * c;
    for (int32_t i = 0; i < plane; i++) dx[i] = 0.f;
    for (int32_t oy = 0; oy < a->oh; oy++) {
      int32_t y0 = oy * a->sh - a->pt, y1 = y0 + a->kh;
      if (y0 < 0) y0 = 0;
      if (y1 > a->h) y1 = a->h;
      for (int32_t ox = 0; ox < a->ow; ox++) {
        int32_t x0 = ox * a->sw - a->pl, x1 = x0 + a->kw;
        if (x0 < 0) x0 = 0;
        if (x1 > a->w) x1 = a->w;
        const float *g = dy + (oy * a->ow + ox) * c;
        int32_t k = 0;
        for (; k + 4 <= c; k += 4) {
          v128_t m = ninf;
          for (int32_t iy = y0; iy < y1; iy++)
            for (int32_t ix = x0; ix < x1; ix++) {
              const v128_t v = wasm_v128_load(x + (iy * a->w + ix) * c + k);
              m = wasm_v128_bitselect(v, m, wasm_f32x4_gt(v, m));
            }
          // Only the first position equal to a max above −∞ takes the gradient.
          v128_t open = wasm_f32x4_gt(m, ninf);
          const v128_t d = wasm_v128_load(g + k);
          for (int32_t iy = y0; iy < y1; iy++)
            for (int32_t ix = x0; ix < x1; ix++) {
              const int32_t at = (iy * a->w + ix) * c + k;
              const v128_t hit = wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(x + at), m), open);
              wasm_v128_store(dx + at, wasm_f32x4_add(wasm_v128_load(dx + at), wasm_v128_and(d, hit)));
              open = wasm_v128_andnot(open, hit);
            }
        }
        for (; k < c; k++) {
          float m = -__builtin_inff();
          int32_t best = -1;
          for (int32_t iy = y0; iy < y1; iy++)
            for (int32_t ix = x0; ix < x1; ix++) {
              const int32_t at = (iy * a->w + ix) * c + k;
              if (x[at] > m) m = x[at], best = at;
            }
          if (best >= 0) dx[best] += g[k];
        }
      }
    }
  }
}

__attribute__((export_name("max_pool_grad"))) void max_pool_grad(pool_t *p, const float *x, const float *dy, float *dx,
                                                                  int32_t n, int32_t h, int32_t w, int32_t c,
                                                                  int32_t oh, int32_t ow, int32_t kh, int32_t kw,
                                                                  int32_t sh, int32_t sw, int32_t pt, int32_t pl) {
  pool_grad_args *a = (pool_grad_args *)p->args;
  a->x = x, a->dy = dy, a->dx = dx;
  a->h = h, a->w = w, a->c = c, a->oh = oh, a->ow = ow, a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw;
  a->pt = pt, a->pl = pl;
  parallel_for(p, sample_grad, n, 1);
}
