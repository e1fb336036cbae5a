// @optlab/solutions: reference answers to every exercise, same files and signatures as exercises/.
export * from "./01-gradient-descent";
export * from "./02-momentum";
export * from "./03-adagrad-rmsprop";
export * from "./04-adam";
export * from "./05-adamw";
export * from "./06-schedules";
export * from "./07-clipping";
export * from "./08-capstone";
export * from "./09-after-adam";
