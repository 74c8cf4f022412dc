// Split and concat of 4-byte tensors along an axis, as row copies: seen as [outer, C·inner]
// with piece i of width w_i·inner, a split copies every row's pieces out, a concat copies them
// back in. One pass over the rows for all pieces (a grouped convolution splits into 8 pieces
// of 4 channels: piece by piece, that would be 8 strided passes). Rows split across threads.
#include <wasm_simd128.h>
#include "pool.h"

typedef struct {
  uint32_t *whole;        // [outer, total]
  const int32_t *pieces;  // [count][2]: address of piece i ([outer, width_i]), width_i (elements)
  int32_t count, outer, total, gather;
} sc_args;

static inline void copy_run(uint32_t *dst, const uint32_t *src, int32_t n) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

static void sc_rows(const int64_t *args, int32_t r0, int32_t r1, int32_t tid) {
  const sc_args *a = (const sc_args *)args;
  for (int32_t r = r0; r < r1; r++) {
    uint32_t *row = a->whole + r * a->total;
    int32_t off = 0;
    for (int32_t i = 0; i < a->count; i++) {
      const int32_t w = a->pieces[2 * i + 1];
      uint32_t *piece = (uint32_t *)(uintptr_t)a->pieces[2 * i] + r * w;
      if (a->gather) copy_run(row + off, piece, w);
      else copy_run(piece, row + off, w);
      off += w;
    }
  }
}

// gather 1: concat the pieces into whole; 0: split whole into the pieces.
__attribute__((export_name("split_concat"))) void split_concat(pool_t *p, uint32_t *whole, const int32_t *pieces,
                                                                int32_t count, int32_t outer, int32_t total,
                                                                int32_t gather) {
  sc_args *a = (sc_args *)p->args;
  a->whole = whole, a->pieces = pieces, a->count = count, a->outer = outer, a->total = total, a->gather = gather;
  // Grabs of ~64 KiB of rows.
  int32_t grab = total > 0 ? 16384 / total : 1;
  parallel_for(p, sc_rows, outer, grab < 1 ? 1 : grab);
}
