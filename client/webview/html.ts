// The graph view's HTML page: a strict Content-Security-Policy with a per-load nonce (server/src/present/nonce.ts),
// local scripts only.
import { GRAPH_CSS } from './style.js';

export interface PageParts {
  cspSource: string;     // webview.cspSource
  nonce: string;
  scriptUri: string;     // dist/webview/graph.js as a webview URI
  elkUri: string;        // dist/webview/elk.bundled.js as a webview URI
}

/** Text made safe inside a double-quoted HTML attribute. */
export const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
}

export function graphPage(p: PageParts): string {
  const n = attr(p.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>STAR Graph</title>
<style nonce="${n}">${GRAPH_CSS}</style>
</head>
<body>
<div id="toolbar"></div>
<div id="canvas"><div id="empty">Waiting for a simulation result…</div></div>
<script nonce="${n}" src="${attr(p.elkUri)}"></script>
<script nonce="${n}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
