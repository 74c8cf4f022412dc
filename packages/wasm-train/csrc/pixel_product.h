// C[Ci, Co] += Σ_p X[p, ci] · D[p, co] over `count` pixels (or tiles), the product at the heart of
// the filter gradients: a 4×8 tile of C stays in registers while the pixels stream; per pixel,
// two vector loads of D, four broadcast loads of X, eight multiply-adds. X advances by xs floats
// per pixel, D by Co; C rows are Co floats apart. Any Ci, Co (scalar leftovers).
#pragma once
#include <stdint.h>

void pixel_product(const float *X, int32_t xs, const float *D, int32_t count, int32_t ci, int32_t co, float *C);
