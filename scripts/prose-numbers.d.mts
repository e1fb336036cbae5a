// Types for scripts/prose-numbers.mjs, so tests can import it without `any`.
/** A notebook as parsed JSON (only what the checker reads is typed). */
export interface CheckedNotebook {
  cells: { cell_type: string; source: string | string[]; outputs?: NotebookOutput[] }[];
}
/** One output of a code cell. */
export interface NotebookOutput {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
/** A number as written: absolute value and the place value of its last digit (0.001 for "2.322"). */
export interface WrittenNumber {
  value: number;
  unit: number;
}
/** A number stated by the prose. */
export interface StatedNumber extends WrittenNumber {
  token: string;
  percent: boolean;
  context: string;
}
/** A prose number that no code cell of its section printed. */
export interface Offender {
  cell: number;
  kind: "reading" | "answer";
  section: string;
  number: string;
  context: string;
}
/** A section: its heading, its prose pieces to check, its code cells. */
export interface Section {
  heading: string;
  pieces: { cell: number; kind: "reading" | "answer"; text: string }[];
  codeCells: { index: number; source: string; outputs: NotebookOutput[] }[];
}
/** Headings of this level and above start a section. */
export declare const SECTION_LEVEL: number;
/** Parses a number token ("2.322", "1.00e+0", "10,000"); null when it is not one. */
export declare function parseNumber(token: string): (WrittenNumber & { decimals: number; scientific: boolean }) | null;
/** True when the stated number is the printed one, as printed or rounded. */
export declare function sameNumber(stated: WrittenNumber, printed: WrittenNumber): boolean;
/** True when the stated number is among the printed ones (a percentage also as a fraction). */
export declare function isPrinted(stated: WrittenNumber & { percent: boolean }, printed: WrittenNumber[]): boolean;
/** Every number in printed text. */
export declare function printedNumbers(text: string): WrittenNumber[];
/** The numeric literals of a code cell's source. */
export declare function codeLiterals(source: string): WrittenNumber[];
/** The numbers a piece of Markdown prose states, after the exemptions. */
export declare function proseNumbers(text: string): StatedNumber[];
/** The text of a cell's source. */
export declare function cellSource(cell: { source: string | string[] }): string;
/** The course figures drawn by an HTML output. */
export declare function figuresInHtml(html: string): { data?: unknown[]; layout?: unknown }[];
/** The text a reader sees in one output. */
export declare function outputText(output: NotebookOutput): string;
/** The notebook's sections. */
export declare function sections(notebook: CheckedNotebook): Section[];
/** Checks one executed notebook. */
export declare function checkNotebook(notebook: CheckedNotebook): { numbers: number; inAnswers: number; printed: number; settings: number; offenders: Offender[] };
