// The library as the browser gets it (lib/plot/bundle.ts bundles this file into one script that defines
// the global `OptLab`): the playground's mount() and model, and the optimizers, problems, schedules and
// loops, so a page computes with exactly the code the notebooks run.
export { mount, type ExploreController, type MountOptions } from "./explore-app";
export * from "./playground";
export { SGD } from "../optimizers/sgd";
export { Adagrad } from "../optimizers/adagrad";
export { RMSProp } from "../optimizers/rmsprop";
export { Adam, AdamW } from "../optimizers/adam";
export * from "../schedules";
export * from "../clipping";
export * from "../problems";
export { minimize } from "../loop";
