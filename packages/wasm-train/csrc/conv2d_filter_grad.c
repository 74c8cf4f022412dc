// dW of a 2-D convolution (NHWC), without im2col or transposes:
//   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, ci] · dy[n, oh, ow, co].
//
// For each filter tap (kh, kw) this is a product of the shifted x ([pixels, Ci]) and dy
// ([pixels, Co]) over the pixels where the tap lands inside x (pixel_product.h: a 4×8 tile of dW
// in registers while the pixels stream).
//
// The (n, oh) rows are cut into a fixed number of groups that depends on the shape only; each
// group sums into its own partial dW, and the partials are added in group order. Threads take
// whole groups, so the result does not depend on how many there are.
#include "conv_rows.h"
#include "pixel_product.h"
#include "pool.h"

typedef struct {
  const float *x, *dy;
  float *partials; // [groups, KH, KW, Ci, Co]
  float *dw;
  int32_t n, h, w, ci, oh, ow, co, kh, kw, sh, sw, dh, dwl, pt, pl;
  int32_t groups, rows_per_group, chunk_rows;
} filter_args;

static void filter_group(const int64_t *args, int32_t g0, int32_t g1, int32_t tid) {
  const filter_args *a = (const filter_args *)args;
  const int32_t tap = a->ci * a->co;
  const int32_t dw_size = a->kh * a->kw * tap;
  const int32_t rows = a->n * a->oh;
  for (int32_t g = g0; g < g1; g++) {
    float *part = a->partials + g * dw_size;
    for (int32_t i = 0; i < dw_size; i++) part[i] = 0.f;
    const int32_t r0 = g * a->rows_per_group;
    const int32_t r1 = r0 + a->rows_per_group < rows ? r0 + a->rows_per_group : rows;
    for (int32_t c0 = r0; c0 < r1; c0 += a->chunk_rows) {
      const int32_t c1 = c0 + a->chunk_rows < r1 ? c0 + a->chunk_rows : r1;
      for (int32_t kh = 0; kh < a->kh; kh++) {
        for (int32_t kw = 0; kw < a->kw; kw++) {
          const int32_t off = kw * a->dwl - a->pl;
          int32_t ow0, ow1;
          tap_columns(off, a->sw, a->w, a->ow, &ow0, &ow1);
          if (ow1 <= ow0) continue;
          float *C = part + (kh * a->kw + kw) * tap;
          for (int32_t r = c0; r < c1; r++) {
            const int32_t n = r / a->oh, oh = r % a->oh;
            const int32_t ih = oh * a->sh + kh * a->dh - a->pt;
            if (ih < 0 || ih >= a->h) continue;
            const float *X = a->x + ((n * a->h + ih) * a->w + ow0 * a->sw + off) * a->ci;
            const float *D = a->dy + ((n * a->oh + oh) * a->ow + ow0) * a->co;
            pixel_product(X, a->sw * a->ci, D, ow1 - ow0, a->ci, a->co, C);
          }
        }
      }
    }
  }
}

// dw[i] = Σ_g partials[g][i] in group order, over a range of 1024-float blocks.
static void filter_reduce(const int64_t *args, int32_t b0, int32_t b1, int32_t tid) {
  const filter_args *a = (const filter_args *)args;
  const int32_t dw_size = a->kh * a->kw * a->ci * a->co;
  for (int32_t b = b0; b < b1; b++) {
    const int32_t i0 = b * 1024;
    const int32_t i1 = i0 + 1024 < dw_size ? i0 + 1024 : dw_size;
    for (int32_t i = i0; i < i1; i++) {
      float s = a->partials[i];
      for (int32_t g = 1; g < a->groups; g++) s += a->partials[g * dw_size + i];
      a->dw[i] = s;
    }
  }
}

// Scratch floats conv2d_filter_grad needs for these shapes (the per-group partials).
__attribute__((export_name("conv2d_filter_grad_scratch"))) int32_t conv2d_filter_grad_scratch(
    int32_t n, int32_t oh, int32_t kh, int32_t kw, int32_t ci, int32_t co) {
  const int32_t dw_size = kh * kw * ci * co;
  return (int32_t)(filter_groups(n * oh, dw_size) * dw_size);
}

__attribute__((export_name("conv2d_filter_grad"))) void conv2d_filter_grad(
    pool_t *p, const float *x, const float *dy, float *dw, float *scratch, int32_t n, int32_t h, int32_t w,
    int32_t ci, int32_t oh, int32_t ow, int32_t co, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh,
    int32_t dwl, int32_t pt, int32_t pl) {
  filter_args *a = (filter_args *)p->args;
  const int32_t dw_size = kh * kw * ci * co;
  const int32_t rows = n * oh;
  a->x = x;
  a->dy = dy;
  a->dw = dw;
  a->partials = scratch;
  a->n = n, a->h = h, a->w = w, a->ci = ci, a->oh = oh, a->ow = ow, a->co = co;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
  a->groups = filter_groups(rows, dw_size);
  a->rows_per_group = (rows + a->groups - 1) / a->groups;
  a->chunk_rows = rows_for_32(ow);
  if (rows == 0) {
    for (int32_t i = 0; i < dw_size; i++) dw[i] = 0.f;
    return;
  }
  parallel_for(p, filter_group, a->groups, 1);
  parallel_for(p, filter_reduce, (int32_t)((dw_size + 1023) / 1024), 16);
}
