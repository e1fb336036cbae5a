// Types for scripts/strip.mjs, so tests can import it without `any`.
/** A notebook as parsed JSON (only what the strip script touches is typed). */
export interface NotebookJson {
  nbformat: number;
  metadata: Record<string, unknown>;
  cells: { cell_type: string; source: string | string[]; metadata?: Record<string, unknown>; outputs?: unknown[]; execution_count?: number | null }[];
}
/** The metadata every course notebook carries. */
export declare const NOTEBOOK_METADATA: {
  kernelspec: { name: string; display_name: string; language: string };
  language_info: { name: string };
};
/** A clean copy: no outputs, no execution counts, no run timings, the course kernel. */
export declare function stripNotebook(nb: NotebookJson): NotebookJson;
/** Serialises a notebook the way Jupyter does. */
export declare function formatNotebook(nb: NotebookJson): string;
/** The course notebooks, in lesson order. */
export declare function notebookFiles(dir?: string): string[];
