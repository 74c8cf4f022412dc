#include "micro_kernels.h"
#include "madd.h"

static inline __attribute__((always_inline)) void body(const float *src, int32_t ss, const float *w, int32_t ws,
                                                       int32_t K, const int32_t *taps, int32_t ntaps, float *dst,
                                                       int32_t ds, const float *bias, int32_t mode, const int NP,
                                                       const int NV) {
  v128_t acc[4][2];
  for (int j = 0; j < NP; j++)
    for (int v = 0; v < NV; v++) acc[j][v] = wasm_f32x4_splat(0.f);
  for (int32_t t = 0; t < ntaps; t++) {
    const float *s = src + taps[2 * t];
    const float *wp = w + taps[2 * t + 1];
    for (int32_t k = 0; k < K; k++, wp += ws) {
      v128_t wv[2];
      for (int v = 0; v < NV; v++) wv[v] = wasm_v128_load(wp + 4 * v);
      for (int j = 0; j < NP; j++) {
        const v128_t b = wasm_v128_load32_splat(s + j * ss + k);
        for (int v = 0; v < NV; v++) acc[j][v] = madd(acc[j][v], b, wv[v]);
      }
    }
  }
  for (int v = 0; v < NV; v++) {
    const v128_t b = bias ? wasm_v128_load(bias + 4 * v) : wasm_f32x4_splat(0.f);
    for (int j = 0; j < NP; j++) {
      float *d = dst + j * ds + 4 * v;
      v128_t r = wasm_f32x4_add(acc[j][v], b);
      if (mode == MK_ADD) r = wasm_f32x4_add(r, wasm_v128_load(d));
      if (mode == MK_RELU || mode == MK_RELU6) r = wasm_f32x4_pmax(wasm_f32x4_splat(0.f), r);
      if (mode == MK_RELU6) r = wasm_f32x4_pmin(wasm_f32x4_splat(6.f), r);
      wasm_v128_store(d, r);
    }
  }
}

#define MICRO_KERNEL(NP, NV)                                                                                         \
  static void __attribute__((noinline)) mk_##NP##x##NV(const float *src, int32_t ss, const float *w, int32_t ws,    \
                                                       int32_t K, const int32_t *taps, int32_t ntaps, float *dst,   \
                                                       int32_t ds, const float *bias, int32_t mode) {               \
    body(src, ss, w, ws, K, taps, ntaps, dst, ds, bias, mode, NP, NV);                                               \
  }
MICRO_KERNEL(1, 1)
MICRO_KERNEL(2, 1)
MICRO_KERNEL(3, 1)
MICRO_KERNEL(4, 1)
MICRO_KERNEL(1, 2)
MICRO_KERNEL(2, 2)
MICRO_KERNEL(3, 2)
MICRO_KERNEL(4, 2)

micro_kernel micro_kernel_for(int32_t np, int32_t nv) {
  if (nv == 2) return np == 4 ? mk_4x2 : np == 3 ? mk_3x2 : np == 2 ? mk_2x2 : mk_1x2;
  return np == 4 ? mk_4x1 : np == 3 ? mk_3x1 : np == 2 ? mk_2x1 : mk_1x1;
}
