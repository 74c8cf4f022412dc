// acc + a·b, the multiply-add at the heart of every convolution kernel.
//
// The relaxed-SIMD builds (WT_RELAXED, clang -mrelaxed-simd) emit f32x4.relaxed_madd, which V8
// lowers to one vfmadd on x86 with FMA3 (and a multiply and an add where there is none). Baseline
// SIMD has no fused multiply-add: the multiply needs its own instruction and a temporary
// register, which caps the 4×8 register tiles at about 60% of the multiply pipes and keeps V8's
// register allocator from holding a larger tile. Fused, each multiply-add rounds once; unfused,
// twice (the product, then the sum).
#pragma once
#include <wasm_simd128.h>

static inline __attribute__((always_inline)) v128_t madd(v128_t acc, v128_t a, v128_t b) {
#ifdef WT_RELAXED
  return wasm_f32x4_relaxed_madd(a, b, acc);
#else
  return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b));
#endif
}
