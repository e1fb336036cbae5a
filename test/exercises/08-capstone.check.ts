// Lesson 08's exercises (fitCircle), checked against the reference: `npm run check -- 08`.
import { checkLesson } from "./lesson";

checkLesson("08-capstone", () => import("../../exercises/08-capstone"));
