// The register-tile micro-kernels of the direct convolutions (forward and input gradient).
//
//   dst[p·ds + c] (=|+=) act(bias[c] + Σ_{t < ntaps} Σ_{k < K} src[p·ss + taps[2t] + k] · w[taps[2t+1] + k·ws + c])
//
// for NP ≤ 4 pixels p and 4·NV ≤ 8 channels c. Each (NP, NV) is its own small function: V8's
// register allocator keeps the ≤ 8 accumulators, two weight vectors and a broadcast in
// registers only when the loop is not buried in a large function (inlined into the row loops,
// it spilled every accumulator on every iteration and ran at half speed).
#pragma once
#include <stdint.h>

// What a micro-kernel does with its sums: store them (no activation, ReLU, ReLU6), or add them
// to dst.
enum { MK_STORE = 0, MK_RELU = 1, MK_RELU6 = 2, MK_ADD = 3 };

typedef void (*micro_kernel)(const float *src, int32_t ss, const float *w, int32_t ws, int32_t K,
                             const int32_t *taps, int32_t ntaps, float *dst, int32_t ds, const float *bias,
                             int32_t mode);

// The micro-kernel for NP pixels (1–4) × 4·NV channels (NV 1 or 2).
micro_kernel micro_kernel_for(int32_t np, int32_t nv);
