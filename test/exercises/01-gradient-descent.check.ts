// Lesson 01's exercises (sgdStep, stableLearningRate), checked against the reference: `npm run check -- 01`.
import { checkLesson } from "./lesson";

checkLesson("01-gradient-descent", () => import("../../exercises/01-gradient-descent"));
