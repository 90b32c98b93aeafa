// Imported FIRST by extension.ts: ES module evaluation order makes this the first line of the bundle to run, so the
// activation time measured from here includes loading the language client library.
export const moduleLoadStart = performance.now();
