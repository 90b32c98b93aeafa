// The nonce of a webview page's Content-Security-Policy (the report, the graph view): 128 bits from the platform's
// cryptographic random source, fresh for every page.
export function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
