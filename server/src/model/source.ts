// Source positions, shared by the language layer (syntax tree, diagnostics) and the model (where each part of a
// design was written), so the model need not import the language.

/** Character offsets into the text, end exclusive. */
export interface Span { start: number; end: number }
