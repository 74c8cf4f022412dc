// A tiny fork-join pool that lives in the wasm memory tfjs-backend-wasm owns.
//
// The module has no data segment and no shadow stack (the build checks both): it is instantiated
// over tfjs's own memory, so any static byte would overwrite tfjs's data. All state, kernel
// arguments included, lives in a pool_t that JavaScript allocates on tfjs's heap.
#pragma once
#include <stdint.h>

// tid: 0 for the caller, 1… for the workers (per-thread scratch); below pool_t.workers + 1.
typedef void (*task_fn)(const int64_t *args, int32_t begin, int32_t end, int32_t tid);

typedef struct {
  int32_t generation; // bumped by the caller to start a job; workers sleep on it
  int32_t stop;       // 1: workers return from worker_loop
  int32_t workers;    // helper threads inside worker_loop (0: everything runs inline)
  int32_t pending;    // workers that have not finished the current job
  int32_t next;       // first item not yet taken
  int32_t items;      // items of the current job
  int32_t chunk;      // items taken per grab
  int32_t spin;       // polls of `generation` before a worker sleeps
  task_fn task;
  int32_t reserved[7];
  int64_t args[32]; // the current kernel's arguments (pointers, sizes, float bits)
} pool_t;

// Runs task(args, b, e, tid) over [0, items) in grabs of `chunk` items, on the caller and every worker;
// returns when all items are done. The split never changes results: tasks write disjoint outputs
// per item, and reductions combine per-item partials in item order.
void parallel_for(pool_t *p, task_fn task, int32_t items, int32_t chunk);

static inline float arg_f32(const int64_t *a, int i) {
  union { int32_t i; float f; } u;
  u.i = (int32_t)a[i];
  return u.f;
}
#define ARG_PTR(type, a, i) ((type)(uintptr_t)(a)[i])
