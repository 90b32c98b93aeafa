// The Pareto view's HTML page: the graph view's strict Content-Security-Policy (nonce'd script and style, no inline
// attributes, no eval); uPlot's stylesheet is a local file under the webview's own origin.
import { attr, contentSecurityPolicy } from '../html.js';
import { PARETO_CSS } from './style.js';

export interface ParetoPageParts {
  cspSource: string;     // webview.cspSource
  nonce: string;
  scriptUri: string;     // dist/webview/pareto.js as a webview URI
  uplotCssUri: string;   // dist/webview/uPlot.min.css as a webview URI
}

export function paretoPage(p: ParetoPageParts): string {
  const n = attr(p.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>STAR Pareto Front</title>
<link rel="stylesheet" href="${attr(p.uplotCssUri)}">
<style nonce="${n}">${PARETO_CSS}</style>
</head>
<body>
<div id="toolbar"></div>
<div id="main"><div id="empty">Waiting for an exploration…</div></div>
<script nonce="${n}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
