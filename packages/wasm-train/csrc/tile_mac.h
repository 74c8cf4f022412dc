// The register tile the convolution kernels share: NP pixels × 4·NV output channels.
#pragma once
#include <wasm_simd128.h>
#include <stdint.h>

typedef struct {
  v128_t v[4][2];
} tile_t;

static inline __attribute__((always_inline)) void tile_zero(tile_t *t, const int NP, const int NV) {
  for (int j = 0; j < NP; j++)
    for (int v = 0; v < NV; v++) t->v[j][v] = wasm_f32x4_splat(0.f);
}

// t[j][c..] += Σ_{k < K} src[j·ss + k] · w[k·ws + c..]: per k, NV vector loads of w, NP broadcast
// loads of src and NP·NV multiply-adds. NP and NV are constants at every call (always inlined),
// so the tile stays in registers.
static inline __attribute__((always_inline)) void tile_mac(tile_t *t, const float *src, int32_t ss, const float *w,
                                                           int32_t ws, int32_t K, const int NP, const int NV) {
  for (int32_t k = 0; k < K; k++, w += ws) {
    v128_t wv[2];
    for (int v = 0; v < NV; v++) wv[v] = wasm_v128_load(w + 4 * v);
    for (int j = 0; j < NP; j++) {
      const v128_t s = wasm_v128_load32_splat(src + (int64_t)j * ss + k);
      for (int v = 0; v < NV; v++) t->v[j][v] = wasm_f32x4_add(t->v[j][v], wasm_f32x4_mul(s, wv[v]));
    }
  }
}

static inline __attribute__((always_inline)) void tile_store(const tile_t *t, float *dst, int32_t ds, const int NP,
                                                             const int NV) {
  for (int j = 0; j < NP; j++)
    for (int v = 0; v < NV; v++) wasm_v128_store(dst + (int64_t)j * ds + 4 * v, t->v[j][v]);
}

static inline __attribute__((always_inline)) void tile_load(tile_t *t, const float *dst, int32_t ds, const int NP,
                                                            const int NV) {
  for (int j = 0; j < NP; j++)
    for (int v = 0; v < NV; v++) t->v[j][v] = wasm_v128_load(dst + (int64_t)j * ds + 4 * v);
}
