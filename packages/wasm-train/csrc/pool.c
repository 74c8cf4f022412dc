#include "pool.h"

#if defined(__wasm_atomics__)
#define WAIT32(addr, expected) __builtin_wasm_memory_atomic_wait32((addr), (expected), -1)
#define NOTIFY(addr, count) __builtin_wasm_memory_atomic_notify((addr), (count))
#else
#define WAIT32(addr, expected) ((void)0)
#define NOTIFY(addr, count) ((void)0)
#endif
#define LOAD(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

static void run_chunks(pool_t *p, int32_t tid) {
  const int32_t items = p->items, chunk = p->chunk;
  for (;;) {
    const int32_t b = __atomic_fetch_add(&p->next, chunk, __ATOMIC_SEQ_CST);
    if (b >= items) return;
    p->task(p->args, b, b + chunk < items ? b + chunk : items, tid);
  }
}

void parallel_for(pool_t *p, task_fn task, int32_t items, int32_t chunk) {
  if (items <= 0) return;
  if (chunk < 1) chunk = 1;
  const int32_t workers = LOAD(&p->workers);
  if (workers == 0 || items <= chunk) {
    task(p->args, 0, items, 0);
    return;
  }
  p->task = task;
  p->items = items;
  p->chunk = chunk;
  STORE(&p->next, 0);
  STORE(&p->pending, workers);
  __atomic_fetch_add(&p->generation, 1, __ATOMIC_SEQ_CST);
  NOTIFY(&p->generation, workers);
  run_chunks(p, 0);
  // The caller may be a browser main thread, which cannot block: spin (the wait is the tail of
  // one grab).
  while (LOAD(&p->pending) != 0) {
  }
}

// A helper thread's whole life: wait for a job, take grabs, report, repeat until stop.
__attribute__((export_name("worker_loop"))) void worker_loop(pool_t *p) {
  // Read the job counter before counting itself in: a job started after the count includes this
  // worker in `pending`, and bumps the counter after this read, so the worker sees it.
  int32_t seen = LOAD(&p->generation);
  const int32_t tid = __atomic_fetch_add(&p->workers, 1, __ATOMIC_SEQ_CST) + 1;
  for (;;) {
    int32_t g;
    int32_t spins = p->spin;
    while ((g = LOAD(&p->generation)) == seen) {
      if (spins > 0) {
        spins--;
        continue;
      }
      WAIT32(&p->generation, seen);
    }
    seen = g;
    if (LOAD(&p->stop)) return;
    run_chunks(p, tid);
    __atomic_fetch_sub(&p->pending, 1, __ATOMIC_SEQ_CST);
  }
}

// Ends every worker_loop (the workers then exit their threads).
__attribute__((export_name("pool_stop"))) void pool_stop(pool_t *p) {
  STORE(&p->stop, 1);
  __atomic_fetch_add(&p->generation, 1, __ATOMIC_SEQ_CST);
  NOTIFY(&p->generation, 1 << 30);
}

__attribute__((export_name("pool_size"))) int32_t pool_size(void) { return (int32_t)sizeof(pool_t); }
