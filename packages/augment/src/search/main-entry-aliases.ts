// The policy search is a training tool rather than an augmentation, so it has its own entry
// point, '@tftricks/augment/search'. The main entry keeps its old names as the deprecated
// aliases below (declarations, not re-exports, so that editors and linters see the tag).
import type * as fast from './fast-auto-augment';
import { fastAutoAugment as fastAutoAugmentSearch } from './fast-auto-augment';
import type * as tpe from './tpe-search';
import { tpeSuggest as tpeSuggestSearch } from './tpe-search';

/** Fast AutoAugment policy search. @deprecated import from '@tftricks/augment/search' */
export const fastAutoAugment = fastAutoAugmentSearch;
/** Options of `fastAutoAugment`. @deprecated import from '@tftricks/augment/search' */
export type FastAutoAugmentOptions = fast.FastAutoAugmentOptions;
/** Progress events of `fastAutoAugment`. @deprecated import from '@tftricks/augment/search' */
export type FastAutoAugmentProgress = fast.FastAutoAugmentProgress;
/** What `fastAutoAugment` returns. @deprecated import from '@tftricks/augment/search' */
export type FastAutoAugmentResult = fast.FastAutoAugmentResult;
/** A fold's trained model. @deprecated import from '@tftricks/augment/search' */
export type FoldModel = fast.FoldModel;
/** One fold of the search. @deprecated import from '@tftricks/augment/search' */
export type SearchFold = fast.SearchFold;
/** One scored trial of the search. @deprecated import from '@tftricks/augment/search' */
export type SearchTrial = fast.SearchTrial;
/** Seeded TPE suggestion. @deprecated import from '@tftricks/augment/search' */
export const tpeSuggest = tpeSuggestSearch;
/** One TPE search dimension. @deprecated import from '@tftricks/augment/search' */
export type TpeDimension = tpe.TpeDimension;
/** An observed TPE trial. @deprecated import from '@tftricks/augment/search' */
export type TpeObservation = tpe.TpeObservation;
/** Options of `tpeSuggest`. @deprecated import from '@tftricks/augment/search' */
export type TpeOptions = tpe.TpeOptions;
