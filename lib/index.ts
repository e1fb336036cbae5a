// @optlab/lib: the course's shared code. Notebooks, exercises, solutions and tests import from here;
// this package imports none of them.
export type { Optimizer } from "./optimizers/optimizer";
export { SGD, type SGDOptions } from "./optimizers/sgd";
export { Adagrad, type AdagradOptions } from "./optimizers/adagrad";
export { RMSProp, type RMSPropOptions } from "./optimizers/rmsprop";
export { Adam, AdamW, type AdamOptions } from "./optimizers/adam";
export * from "./schedules";
export * from "./clipping";
export * from "./problems";
export { Rng } from "./rng";
export * from "./data";
export * from "./mlp";
export * from "./loop";
export { meanStd, apartFromExtreme, type GroupStats } from "./stats";
export { checkNumber, checkFloat64Array, checkSameLength, describeRange, type NumberRange } from "./validate";
export * from "./plot";
