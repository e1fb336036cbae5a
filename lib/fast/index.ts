// @optlab/lib/fast: opt-in fused kernels for large parameter vectors. Import from "@optlab/lib/fast"; the
// readable optimizers in @optlab/lib stay the default and the reference these are tested against.
export { FusedAdam, FusedAdamW, type FusedAdamOptions } from "./adam";
export { assembleModule, type WatFunction, type ValueType } from "./wat";
