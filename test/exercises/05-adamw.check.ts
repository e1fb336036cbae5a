// Lesson 05's exercises (adamL2Step, adamwStep, noDecayOnBiases), checked against the reference: `npm run check -- 05`.
import { checkLesson } from "./lesson";

checkLesson("05-adamw", () => import("../../exercises/05-adamw"));
