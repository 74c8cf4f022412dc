/**
 * A learning-rate schedule: `schedule(t)` is the learning rate of the t-th optimizer update
 * (0-based). It equals PyTorch's `scheduler.get_last_lr()` after t calls to `scheduler.step()`.
 * Pure and closed-form, so the training loop owns the counter and resuming is trivial.
 */
export type Schedule = (step: number) => number;
