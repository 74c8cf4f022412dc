// dx of a 2-D convolution (NHWC), any stride, without spreading dy with zeros:
//   dx[n, ih, iw, ci] = Σ_{kh, kw, co} dy[n, oh, ow, co] · W[kh, kw, ci, co]
// over the taps with ih = oh·sh + kh·dh − pt and iw = ow·sw + kw·dw − pl.
//
// Each output row (n, ih) is one item. Its pixels split into sw phases (iw = q + m·sw); the
// pixels of a phase share their set of taps, and those every tap reaches (the interior) go
// through the micro-kernels (micro_kernels.h) four at a time, summed over the taps and co in
// registers against Wᵀ. The few edge pixels add tap by tap. Rows are independent, so threads
// never share an output.
#include "madd.h"
#include "micro_kernels.h"
#include "pool.h"

typedef struct {
  const float *dy, *w;
  float *wt;     // W transposed to [KH, KW, Co, Ci]
  int32_t *taps; // per thread: [KH·KW][2] (dy offset, Wᵀ offset), then [KH·KW] column bases
  float *dx;
  int32_t n, h, w_, ci, oh, ow, co, kh, kw, sh, sw, dh, dwl, pt, pl;
} input_args;

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

// The taps of row ih and phase q into `taps` (offsets from dy's pixel m of sample n, pixel
// m = 0); returns how many. Their column bases go to `bases`.
static int32_t phase_taps(const input_args *a, int32_t ih, int32_t q, int32_t *taps, int32_t *bases) {
  int32_t count = 0;
  for (int32_t kh = 0; kh < a->kh; kh++) {
    int32_t oh;
    if (!row_tap(a, ih, kh, &oh)) continue;
    for (int32_t kw = 0; kw < a->kw; kw++) {
      int32_t base;
      if (!tap_base(a, q, kw, &base)) continue;
      taps[2 * count] = (oh * a->ow + base) * a->co;
      taps[2 * count + 1] = (kh * a->kw + kw) * a->co * a->ci;
      bases[count++] = base;
    }
  }
  return count;
}

// The input channels [c0, ci) past the last multiple of 4 (a grey or RGB stem's 1–3) of np
// pixels of a phase, over the taps valid for each pixel: per channel a dot product over Co of dy
// with W's row [tap, c, ·] (contiguous in W itself, unlike Wᵀ), four lanes at a time, summed
// across lanes once per pixel.
static void scalar_channels(const input_args *a, const float *src, float *dst, int32_t xs, int32_t m0, int32_t np,
                            const int32_t *taps, const int32_t *bases, int32_t ntaps, int32_t c0) {
  const int32_t vco = a->co & ~3;
  for (int32_t j = 0; j < np; j++)
    for (int32_t c = c0; c < a->ci; c++) {
      v128_t acc = wasm_f32x4_splat(0.f);
      float s = 0.f;
      for (int32_t t = 0; t < ntaps; t++) {
        const int32_t ow = m0 + j + bases[t];
        if (ow < 0 || ow >= a->ow) continue;
        const float *d = src + j * a->co + taps[2 * t];
        const float *wr = a->w + taps[2 * t + 1] + c * a->co;
        int32_t o = 0;
        for (; o < vco; o += 4) acc = madd(acc, wasm_v128_load(d + o), wasm_v128_load(wr + o));
        for (; o < a->co; o++) s += d[o] * wr[o];
      }
      dst[j * xs + c] = s + ((wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
                             (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3)));
    }
}

static void input_rows(const int64_t *args, int32_t r0, int32_t r1, int32_t tid) {
  const input_args *a = (const input_args *)args;
  const int32_t row = a->w_ * a->ci, ntap_max = a->kh * a->kw;
  int32_t *taps = a->taps + tid * 3 * ntap_max, *bases = taps + 2 * ntap_max;
  const int32_t vec = a->ci & ~3, xs = a->sw * a->ci;
  for (int32_t r = r0; r < r1; r++) {
    const int32_t n = r / a->h, ih = r % a->h;
    float *out = a->dx + r * row;
    for (int32_t i = 0; i < row; i++) out[i] = 0.f;
    for (int32_t q = 0; q < a->sw && q < a->w_; q++) {
      const int32_t ntaps = phase_taps(a, ih, q, taps, bases);
      if (ntaps == 0) continue;
      const int32_t count = (a->w_ - q + a->sw - 1) / a->sw;
      // The interior: pixels m that every tap of the phase reaches (0 ≤ m + base < OW).
      int32_t lo = 0, hi = count;
      for (int32_t t = 0; t < ntaps; t++) {
        if (-bases[t] > lo) lo = -bases[t];
        if (a->ow - bases[t] < hi) hi = a->ow - bases[t];
      }
      if (lo > count) lo = count;
      if (hi < lo) hi = lo;
      const float *src0 = a->dy + n * a->oh * a->ow * a->co;
      for (int32_t m = lo; m < hi; m += 4) {
        const int32_t np = hi - m < 4 ? hi - m : 4;
        const float *src = src0 + m * a->co;
        float *dst = out + (q + m * a->sw) * a->ci;
        int32_t c = 0;
        for (; c + 8 <= vec; c += 8)
          micro_kernel_for(np, 2)(src, a->co, a->wt + c, a->ci, a->co, taps, ntaps, dst + c, xs, 0, MK_STORE);
        for (; c + 4 <= vec; c += 4)
          micro_kernel_for(np, 1)(src, a->co, a->wt + c, a->ci, a->co, taps, ntaps, dst + c, xs, 0, MK_STORE);
        if (vec < a->ci) scalar_channels(a, src, dst, xs, m, np, taps, bases, ntaps, vec);
      }
      // Edge pixels, tap by tap (the row is zero there).
      for (int32_t m = 0; m < count; m++) {
        if (m == lo) m = hi;
        if (m >= count) break;
        const float *src = src0 + m * a->co;
        float *dst = out + (q + m * a->sw) * a->ci;
        for (int32_t t = 0; t < ntaps; t++) {
          const int32_t ow = m + bases[t];
          if (ow < 0 || ow >= a->ow) continue;
          for (int32_t c = 0; c + 8 <= vec; c += 8)
            micro_kernel_for(1, 2)(src, 0, a->wt + c, a->ci, a->co, taps + 2 * t, 1, dst + c, 0, 0, MK_ADD);
          if (vec & 4)
            micro_kernel_for(1, 1)(src, 0, a->wt + (vec - 4), a->ci, a->co, taps + 2 * t, 1, dst + vec - 4, 0, 0,
                                   MK_ADD);
        }
        if (vec < a->ci) scalar_channels(a, src, dst, xs, m, 1, taps, bases, ntaps, vec);
      }
    }
  }
}

// Wᵀ[tap, co, ci] = W[tap, ci, co], one tap per item.
static void transpose_taps(const int64_t *args, int32_t t0, int32_t t1, int32_t tid) {
  const input_args *a = (const input_args *)args;
  const int32_t tap = a->ci * a->co;
  for (int32_t t = t0; t < t1; t++) {
    const float *src = a->w + t * tap;
    float *dst = a->wt + t * tap;
    for (int32_t c = 0; c < a->ci; c++)
      for (int32_t o = 0; o < a->co; o++) dst[o * a->ci + c] = src[c * a->co + o];
  }
}

// Scratch conv2d_input_grad needs: Wᵀ (floats), then 3·KH·KW int32s per thread.
__attribute__((export_name("conv2d_input_grad_scratch"))) int32_t conv2d_input_grad_scratch(int32_t kh, int32_t kw,
                                                                                            int32_t ci, int32_t co,
                                                                                            int32_t threads) {
  return kh * kw * ci * co + 3 * kh * kw * threads;
}

__attribute__((export_name("conv2d_input_grad"))) void conv2d_input_grad(
    pool_t *p, const float *dy, const float *w, float *dx, float *scratch, int32_t n, int32_t h, int32_t wd,
    int32_t ci, int32_t oh, int32_t ow, int32_t co, int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh,
    int32_t dwl, int32_t pt, int32_t pl) {
  input_args *a = (input_args *)p->args;
  a->dy = dy;
  a->w = w;
  a->wt = scratch;
  a->taps = (int32_t *)(scratch + kh * kw * ci * co);
  a->dx = dx;
  a->n = n, a->h = h, a->w_ = wd, a->ci = ci, a->oh = oh, a->ow = ow, a->co = co;
  a->kh = kh, a->kw = kw, a->sh = sh, a->sw = sw, a->dh = dh, a->dwl = dwl, a->pt = pt, a->pl = pl;
  parallel_for(p, transpose_taps, kh * kw, 1);
  parallel_for(p, input_rows, n * h, 4);
}
