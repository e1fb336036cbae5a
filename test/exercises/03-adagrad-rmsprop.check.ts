// Lesson 03's exercises (adagradStep, rmspropStep), checked against the reference: `npm run check -- 03`.
import { checkLesson } from "./lesson";

checkLesson("03-adagrad-rmsprop", () => import("../../exercises/03-adagrad-rmsprop"));
