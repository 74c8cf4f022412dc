import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { distillationLoss } from '@tftricks/distill';
import { crossEntropy } from '@tftricks/losses';
import { evaluateModel } from './evaluate-model';
import { flowSection } from './flow-section';
import type { Recipe } from './recipe';
import { trainLoop } from './train-loop';
import type { RunResult, TrainData, TrainOptions } from './train-options';

/** Options of {@link distillRun}. */
export interface DistillRunOptions extends TrainOptions {
  /**
   * An already trained teacher (e.g. cached on disk by a benchmark): used as is, not trained
   * and not disposed (the caller owns it); `distill.teacherEpochs` is then ignored.
   */
  teacher?: tfl.LayersModel;
}

/**
 * Knowledge distillation (the article's §7, Hinton et al. 2015): trains the recipe's
 * `distill.teacher` model for `teacherEpochs` with the recipe's other settings, then trains the
 * student (`recipe.model`) on `α · T² · KL(teacher ‖ student) + (1 − α) · CE`, the teacher
 * predicting the very same augmented batch in inference mode.
 *
 * @returns the student's run; `teacher` holds the teacher's run (its model is disposed unless
 * it was passed in `options.teacher`; a passed teacher reports its test accuracy, 0 s, 0 steps).
 */
export async function distillRun(
  recipe: Recipe,
  data: TrainData,
  options: DistillRunOptions,
): Promise<RunResult & { teacher: Omit<RunResult, 'model'> }> {
  const distill = flowSection('distillRun', recipe, 'distill');
  const { distill: _section, ...plain } = recipe;
  const { teacher: given, ...runOptions } = options;
  const label = options.label ?? recipe.name;
  // The teacher trains with the same data, augmentation and optimizer, only its model and
  // epochs differ; it gets no checkpoints (a resumed run retrains it).
  const teacherRun: RunResult = given
    ? {
        name: `${recipe.name}-teacher`,
        history: { loss: [], accuracy: [], valLoss: [], valAccuracy: [], lr: [] },
        schedule: { steps: [], lr: [] },
        test: evaluateModel(given, data.test, data.train.numClasses, { tta: recipe.tta }),
        params: given.countParams(),
        seconds: 0,
        steps: 0,
        interrupted: false,
        model: given,
      }
    : await trainLoop(
        { ...plain, name: `${recipe.name}-teacher`, model: distill.teacher, epochs: distill.teacherEpochs },
        data,
        { ...runOptions, label: `${label} teacher`, saveCheckpoint: undefined, resume: undefined },
      );
  const { model: teacher, ...teacherResult } = teacherRun;
  // Stopped while the teacher trained: its run is the result (the caller disposes its model).
  if (teacherRun.interrupted) return { ...teacherRun, teacher: teacherResult };
  options.callbacks?.onLog?.(
    `${label} teacher (${distill.teacher.type}): test accuracy ${(100 * teacherRun.test.accuracy).toFixed(2)}% · ${teacherRun.params} params · ${teacherRun.seconds.toFixed(1)} s`,
  );
  try {
    const student = await trainLoop(plain, data, {
      ...runOptions,
      // `smoothing` is what is left to smooth: 0 when the recipe's mix smoothed the targets.
      loss: (logits, batch, smoothing) => {
        // The teacher's logits carry no gradient to the student's variables: the tape only
        // differentiates paths from the student's weights.
        const teacherLogits = teacher.apply(batch.images, { training: false }) as tf.Tensor2D;
        return distillationLoss(logits, teacherLogits, batch.targets, {
          temperature: distill.temperature,
          alpha: distill.alpha,
          hardLoss: (s, t) => crossEntropy(s, t, { labelSmoothing: smoothing }) as tf.Scalar,
        });
      },
    });
    return { ...student, name: recipe.name, teacher: teacherResult };
  } finally {
    if (!given) teacher.dispose();
  }
}
