// The elementwise ops behind masks in gradients (ReLU6 / clipByValue, dropout, maxima):
// comparisons to bool, logical and/or, select, bool → float32. Same-shape operands, or a
// scalar right operand; one pass, SIMD, in chunks across threads. And float32 arithmetic
// (+ − × ÷) of a tensor with a same-shape or broadcast one (a scalar, a per-channel vector,
// SE gates [N, 1, 1, C]), which XNNPACK's pool would run on its own threads. And the gradients of
// ReLU, ReLU6 and clipByValue in one pass each, where tfjs-core composes 2–5 of the above; and
// those activations themselves.
#include <wasm_simd128.h>
#include "pool.h"

enum { CMP_GE = 0, CMP_LE = 1, CMP_GT = 2, CMP_LT = 3, CMP_EQ = 4, CMP_NE = 5 };
enum {
  EW_COMPARE = 0,
  EW_AND = 1,
  EW_OR = 2,
  EW_SELECT = 3,
  EW_BOOL_TO_F32 = 4,
  EW_ARITH = 5,
  EW_MASK_GRAD = 6,
  EW_CLAMP = 7
};
// Masked gradients: dy · step(x) (ReLU), dy · (x ≤ 6) · step(x) (ReLU6), x ∈ [lo, hi] ? dy : 0 (clip).
enum { MG_RELU = 0, MG_RELU6 = 1, MG_CLIP = 2 };
// Arithmetic ops; the R… ones take the broadcast operand first (small − big, small ÷ big);
// AR_SMALL copies the broadcast operand (Tile as a broadcast; the big operand, read and ignored,
// is the output itself).
enum { AR_ADD = 0, AR_SUB = 1, AR_RSUB = 2, AR_MUL = 3, AR_DIV = 4, AR_RDIV = 5, AR_SMALL = 6 };
#define EW_CHUNK 16384

typedef struct {
  const void *a, *b, *c;
  void *out;
  int32_t n, op, kind, b_scalar;
  int32_t mid, inner; // EW_ARITH with b_scalar = 2: b[a, c] broadcast over big[a, 0…mid, c]
  float lo, hi;       // EW_MASK_GRAD, MG_CLIP: the clip range
} ew_args;

static inline v128_t cmp4(v128_t x, v128_t y, int32_t op) {
  switch (op) {
    case CMP_GE: return wasm_f32x4_ge(x, y);
    case CMP_LE: return wasm_f32x4_le(x, y);
    case CMP_GT: return wasm_f32x4_gt(x, y);
    case CMP_LT: return wasm_f32x4_lt(x, y);
    case CMP_EQ: return wasm_f32x4_eq(x, y);
    default: return wasm_f32x4_ne(x, y);
  }
}

static inline int cmp1(float x, float y, int32_t op) {
  switch (op) {
    case CMP_GE: return x >= y;
    case CMP_LE: return x <= y;
    case CMP_GT: return x > y;
    case CMP_LT: return x < y;
    case CMP_EQ: return x == y;
    default: return x != y;
  }
}

static void compare_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const float *a = (const float *)e->a, *b = (const float *)e->b;
  uint8_t *out = (uint8_t *)e->out;
  const v128_t one = wasm_i8x16_splat(1);
  int32_t i = i0;
  for (; i + 16 <= i1; i += 16) {
    v128_t m[4];
    for (int k = 0; k < 4; k++) {
      const v128_t y = e->b_scalar ? wasm_v128_load32_splat(b) : wasm_v128_load(b + i + 4 * k);
      m[k] = cmp4(wasm_v128_load(a + i + 4 * k), y, e->op);
    }
    const v128_t lo = wasm_i16x8_narrow_i32x4(m[0], m[1]), hi = wasm_i16x8_narrow_i32x4(m[2], m[3]);
    wasm_v128_store(out + i, wasm_v128_and(wasm_i8x16_narrow_i16x8(lo, hi), one));
  }
  for (; i < i1; i++) out[i] = (uint8_t)cmp1(a[i], e->b_scalar ? b[0] : b[i], e->op);
}

static void logic_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const uint8_t *a = (const uint8_t *)e->a, *b = (const uint8_t *)e->b;
  uint8_t *out = (uint8_t *)e->out;
  const v128_t bs = e->b_scalar ? wasm_i8x16_splat(b[0] != 0) : wasm_i8x16_splat(0);
  const v128_t one = wasm_i8x16_splat(1);
  int32_t i = i0;
  // Bools are 0/1 bytes; normalise with != 0 so any nonzero byte counts as true.
  for (; i + 16 <= i1; i += 16) {
    const v128_t x = wasm_v128_and(wasm_i8x16_ne(wasm_v128_load(a + i), wasm_i8x16_splat(0)), one);
    const v128_t y = e->b_scalar ? bs : wasm_v128_and(wasm_i8x16_ne(wasm_v128_load(b + i), wasm_i8x16_splat(0)), one);
    wasm_v128_store(out + i, e->kind == EW_AND ? wasm_v128_and(x, y) : wasm_v128_or(x, y));
  }
  for (; i < i1; i++) {
    const int x = a[i] != 0, y = (e->b_scalar ? b[0] : b[i]) != 0;
    out[i] = (uint8_t)(e->kind == EW_AND ? (x && y) : (x || y));
  }
}

// The 4 bytes of cond at p as a 32-bit lane mask (all ones where nonzero).
static inline v128_t mask4(const uint8_t *p) {
  const v128_t bytes = wasm_v128_load32_zero(p);
  const v128_t wide = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(bytes));
  return wasm_i32x4_ne(wide, wasm_i32x4_splat(0));
}

static void select_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const uint8_t *c = (const uint8_t *)e->c;
  const float *t = (const float *)e->a, *f = (const float *)e->b;
  float *out = (float *)e->out;
  int32_t i = i0;
  for (; i + 4 <= i1; i += 4)
    wasm_v128_store(out + i, wasm_v128_bitselect(wasm_v128_load(t + i), wasm_v128_load(f + i), mask4(c + i)));
  for (; i < i1; i++) out[i] = c[i] ? t[i] : f[i];
}

static void bool_to_f32_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const uint8_t *c = (const uint8_t *)e->a;
  float *out = (float *)e->out;
  int32_t i = i0;
  for (; i + 4 <= i1; i += 4)
    wasm_v128_store(out + i, wasm_v128_and(mask4(c + i), wasm_f32x4_splat(1.f)));
  for (; i < i1; i++) out[i] = c[i] ? 1.f : 0.f;
}

static inline v128_t arith4(v128_t x, v128_t y, int32_t op) {
  switch (op) {
    case AR_ADD: return wasm_f32x4_add(x, y);
    case AR_SUB: return wasm_f32x4_sub(x, y);
    case AR_RSUB: return wasm_f32x4_sub(y, x);
    case AR_MUL: return wasm_f32x4_mul(x, y);
    case AR_DIV: return wasm_f32x4_div(x, y);
    case AR_SMALL: return y;
    default: return wasm_f32x4_div(y, x);
  }
}

static inline float arith1(float x, float y, int32_t op) {
  switch (op) {
    case AR_ADD: return x + y;
    case AR_SUB: return x - y;
    case AR_RSUB: return y - x;
    case AR_MUL: return x * y;
    case AR_DIV: return x / y;
    case AR_SMALL: return y;
    default: return y / x;
  }
}

// out[j] = big[j] op small[j − i] over [i, end): a run where the small operand is contiguous.
static inline void arith_run(const float *big, const float *small, float *out, int32_t i, int32_t end, int32_t op) {
  const float *s = small - i;
  for (; i + 4 <= end; i += 4) wasm_v128_store(out + i, arith4(wasm_v128_load(big + i), wasm_v128_load(s + i), op));
  for (; i < end; i++) out[i] = arith1(big[i], s[i], op);
}

// out[j] = big[j] op y over [i, end).
static inline void arith_splat(const float *big, float y, float *out, int32_t i, int32_t end, int32_t op) {
  const v128_t y4 = wasm_f32x4_splat(y);
  for (; i + 4 <= end; i += 4) wasm_v128_store(out + i, arith4(wasm_v128_load(big + i), y4, op));
  for (; i < end; i++) out[i] = arith1(big[i], y, op);
}

// b_scalar: 0 same shape, 1 scalar, 2 b[a, c] over big viewed as [A, mid, inner].
static void arith_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const float *a = (const float *)e->a, *b = (const float *)e->b;
  float *out = (float *)e->out;
  if (e->b_scalar == 0) return arith_run(a, b + i0, out, i0, i1, e->op);
  if (e->b_scalar == 1) return arith_splat(a, b[0], out, i0, i1, e->op);
  const int32_t C = e->inner, block = e->mid * C;
  for (int32_t i = i0; i < i1;) {
    const int32_t outer = i / block, c = i % C;
    if (C == 1) {
      // One value per outer index, over its whole block.
      const int32_t end = (outer + 1) * block < i1 ? (outer + 1) * block : i1;
      arith_splat(a, b[outer], out, i, end, e->op);
      i = end;
    } else {
      // The rest of this row of C values.
      const int32_t end = i - c + C < i1 ? i - c + C : i1;
      arith_run(a, b + outer * C + c, out, i, end, e->op);
      i = end;
    }
  }
}

// tfjs-core's compositions, bit for bit: ReLU's mul(dy, step(x)) with step(x) = 1, 0 or NaN for
// NaN x (so dy · 0 keeps its sign, and ∞ · 0 is NaN); ReLU6's mask (x ≤ 6) · step(x); clip's
// where(x ≥ lo and x ≤ hi, dy, zerosLike(dy)), which gives +0 outside and for NaN x.
static void mask_grad_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const float *dy = (const float *)e->a, *x = (const float *)e->b;
  float *out = (float *)e->out;
  const float nan = __builtin_nanf("");
  const v128_t zero = wasm_f32x4_splat(0.f), one = wasm_f32x4_splat(1.f), six = wasm_f32x4_splat(6.f);
  const v128_t vnan = wasm_f32x4_splat(nan), lo = wasm_f32x4_splat(e->lo), hi = wasm_f32x4_splat(e->hi);
  int32_t i = i0;
  if (e->op == MG_CLIP) {
    for (; i + 4 <= i1; i += 4) {
      const v128_t v = wasm_v128_load(x + i);
      const v128_t in = wasm_v128_and(wasm_f32x4_ge(v, lo), wasm_f32x4_le(v, hi));
      wasm_v128_store(out + i, wasm_v128_and(wasm_v128_load(dy + i), in));
    }
    for (; i < i1; i++) out[i] = x[i] >= e->lo && x[i] <= e->hi ? dy[i] : 0.f;
    return;
  }
  const int relu6 = e->op == MG_RELU6;
  for (; i + 4 <= i1; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    v128_t pass = wasm_f32x4_gt(v, zero);
    if (relu6) pass = wasm_v128_and(pass, wasm_f32x4_le(v, six));
    // 1 where x passes, NaN where x is NaN, else 0.
    const v128_t m = wasm_v128_bitselect(vnan, wasm_v128_and(one, pass), wasm_f32x4_ne(v, v));
    wasm_v128_store(out + i, wasm_f32x4_mul(wasm_v128_load(dy + i), m));
  }
  for (; i < i1; i++) {
    const float v = x[i];
    const float m = v != v ? nan : (v > 0.f && (!relu6 || v <= 6.f)) ? 1.f : 0.f;
    out[i] = dy[i] * m;
  }
}

// The activations as the cpu backend computes them: ReLU max(0, x) and ReLU6 min(max(0, x), 6)
// (NaN stays NaN, −0 becomes +0), clip x > hi ? hi : x < lo ? lo : x (NaN and −0 pass through).
static void clamp_chunk(const ew_args *e, int32_t i0, int32_t i1) {
  const float *x = (const float *)e->a;
  float *out = (float *)e->out;
  const v128_t zero = wasm_f32x4_splat(0.f), six = wasm_f32x4_splat(6.f);
  const v128_t lo = wasm_f32x4_splat(e->lo), hi = wasm_f32x4_splat(e->hi);
  int32_t i = i0;
  if (e->op == MG_CLIP) {
    for (; i + 4 <= i1; i += 4) {
      const v128_t v = wasm_v128_load(x + i);
      const v128_t r = wasm_v128_bitselect(lo, v, wasm_f32x4_lt(v, lo));
      wasm_v128_store(out + i, wasm_v128_bitselect(hi, r, wasm_f32x4_gt(v, hi)));
    }
    for (; i < i1; i++) out[i] = x[i] > e->hi ? e->hi : x[i] < e->lo ? e->lo : x[i];
    return;
  }
  const int relu6 = e->op == MG_RELU6;
  for (; i + 4 <= i1; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    const v128_t keep = wasm_v128_or(wasm_f32x4_gt(v, zero), wasm_f32x4_ne(v, v));
    v128_t r = wasm_v128_and(v, keep);
    if (relu6) r = wasm_v128_bitselect(six, r, wasm_f32x4_gt(r, six));
    wasm_v128_store(out + i, r);
  }
  for (; i < i1; i++) {
    const float v = x[i], r = v > 0.f || v != v ? v : 0.f;
    out[i] = relu6 && r > 6.f ? 6.f : r;
  }
}

static void ew_chunks(const int64_t *args, int32_t b0, int32_t b1, int32_t tid) {
  const ew_args *e = (const ew_args *)args;
  for (int32_t b = b0; b < b1; b++) {
    const int32_t i0 = b * EW_CHUNK, i1 = i0 + EW_CHUNK < e->n ? i0 + EW_CHUNK : e->n;
    switch (e->kind) {
      case EW_COMPARE: compare_chunk(e, i0, i1); break;
      case EW_AND:
      case EW_OR: logic_chunk(e, i0, i1); break;
      case EW_SELECT: select_chunk(e, i0, i1); break;
      case EW_ARITH: arith_chunk(e, i0, i1); break;
      case EW_MASK_GRAD: mask_grad_chunk(e, i0, i1); break;
      case EW_CLAMP: clamp_chunk(e, i0, i1); break;
      default: bool_to_f32_chunk(e, i0, i1); break;
    }
  }
}

static void run(pool_t *p, int32_t kind, int32_t op, const void *a, const void *b, const void *c, void *out, int32_t n,
                int32_t b_scalar) {
  ew_args *e = (ew_args *)p->args;
  e->a = a, e->b = b, e->c = c, e->out = out, e->n = n, e->op = op, e->kind = kind, e->b_scalar = b_scalar;
  parallel_for(p, ew_chunks, (n + EW_CHUNK - 1) / EW_CHUNK, 1);
}

// out[i] = a[i] op b[i] (or b[0] when b_scalar), as 0/1 bytes. op: GE LE GT LT EQ NE = 0…5.
__attribute__((export_name("compare_f32"))) void compare_f32(pool_t *p, int32_t op, const float *a, const float *b,
                                                              uint8_t *out, int32_t n, int32_t b_scalar) {
  run(p, EW_COMPARE, op, a, b, 0, out, n, b_scalar);
}

// out[i] = a[i] and/or b[i] (b[0] when b_scalar) on bools. or_: 0 and, 1 or.
__attribute__((export_name("logical_u8"))) void logical_u8(pool_t *p, int32_t or_, const uint8_t *a, const uint8_t *b,
                                                            uint8_t *out, int32_t n, int32_t b_scalar) {
  run(p, or_ ? EW_OR : EW_AND, 0, a, b, 0, out, n, b_scalar);
}

// out[i] = cond[i] ? t[i] : e[i].
__attribute__((export_name("select_f32"))) void select_f32(pool_t *p, const uint8_t *cond, const float *t, const float *e,
                                                            float *out, int32_t n) {
  run(p, EW_SELECT, 0, t, e, cond, out, n, 0);
}

// out[i] = b[i] ? 1 : 0.
__attribute__((export_name("bool_to_f32"))) void bool_to_f32(pool_t *p, const uint8_t *b, float *out, int32_t n) {
  run(p, EW_BOOL_TO_F32, 0, b, 0, 0, out, n, 0);
}

// out[i] = a[i] op b[·] for float32, with b same-shape (mode 0), a scalar (1), or b[o, c]
// broadcast over a viewed as [n / (mid · inner), mid, inner] (2). op: AR_* above.
__attribute__((export_name("arith_f32"))) void arith_f32(pool_t *p, int32_t op, const float *a, const float *b,
                                                          float *out, int32_t n, int32_t mode, int32_t mid,
                                                          int32_t inner) {
  ew_args *e = (ew_args *)p->args;
  e->mid = mid, e->inner = inner;
  run(p, EW_ARITH, op, a, b, 0, out, n, mode);
}

// The gradient dx of ReLU (op 0), ReLU6 (1) or clipByValue to [lo, hi] (2) from dy and the
// op's input x, all float32 of n elements (MG_* above).
__attribute__((export_name("mask_grad_f32"))) void mask_grad_f32(pool_t *p, int32_t op, const float *dy, const float *x,
                                                                  float *out, int32_t n, float lo, float hi) {
  ew_args *e = (ew_args *)p->args;
  e->lo = lo, e->hi = hi;
  run(p, EW_MASK_GRAD, op, dy, x, 0, out, n, 0);
}

// ReLU (op 0), ReLU6 (1) or clipByValue to [lo, hi] (2) of n float32 (MG_* above).
__attribute__((export_name("clamp_f32"))) void clamp_f32(pool_t *p, int32_t op, const float *x, float *out, int32_t n,
                                                          float lo, float hi) {
  ew_args *e = (ew_args *)p->args;
  e->lo = lo, e->hi = hi;
  run(p, EW_CLAMP, op, x, 0, 0, out, n, 0);
}
