// @optlab/lib: the course's shared code. Notebooks, exercises, solutions and tests import from here;
// this package imports none of them.
export type { Optimizer } from "./optimizers/optimizer";
export type { GroupOptions, GroupRate, ParamGroup } from "./optimizers/groups";
export { SGD, type SGDOptions, type SGDSettings } from "./optimizers/sgd";
export { Adagrad, type AdagradOptions, type AdagradSettings } from "./optimizers/adagrad";
export { RMSProp, type RMSPropOptions, type RMSPropSettings } from "./optimizers/rmsprop";
export { Adam, AdamW, type AdamOptions, type AdamSettings } from "./optimizers/adam";
export * from "./schedules";
export * from "./clipping";
export * from "./problems";
export { Rng } from "./rng";
export * from "./data";
export * from "./mlp";
export * from "./loop";
export * from "./landscape";
export { meanStd, apartFromExtreme, type GroupStats } from "./stats";
export { checkNumber, checkBoolean, checkFloat64Array, checkSameLength, describeRange, type NumberRange } from "./validate";
export * from "./plot";
