// Lesson 02's exercises (momentumStep, nesterovStep), checked against the reference: `npm run check -- 02`.
import { checkLesson } from "./lesson";

checkLesson("02-momentum", () => import("../../exercises/02-momentum"));
