// Lesson 06's exercises (stepDecay, cosineAnnealing, warmupCosine), checked against the reference: `npm run check -- 06`.
import { checkLesson } from "./lesson";

checkLesson("06-schedules", () => import("../../exercises/06-schedules"));
