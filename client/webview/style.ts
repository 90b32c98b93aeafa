// The graph view's stylesheet. Colours come from VS Code's theme variables (light, dark, high contrast);
// the heat colours of cores and links are fixed so a utilisation reads the same in every theme.
export const GRAPH_CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { background: var(--vscode-editor-background, #1e1e1e); color: var(--vscode-editor-foreground, #d4d4d4);
  font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); display: flex; flex-direction: column; }
#toolbar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; flex-wrap: wrap;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #444)); }
#toolbar button { background: var(--vscode-button-secondaryBackground, #3a3d41); color: var(--vscode-button-secondaryForeground, #fff);
  border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; cursor: pointer; font: inherit; }
#toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
#toolbar button:focus-visible, #toolbar select:focus-visible { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
#toolbar button[disabled] { opacity: 0.5; cursor: default; }
#toolbar select { background: var(--vscode-dropdown-background, #3c3c3c); color: var(--vscode-dropdown-foreground, #f0f0f0);
  border: 1px solid var(--vscode-dropdown-border, #3c3c3c); font: inherit; }
#status { color: var(--vscode-descriptionForeground, #999); margin-left: 8px; }
#status.stale, #status.error { color: var(--vscode-editorWarning-foreground, #cca700); }
#canvas { flex: 1; position: relative; overflow: hidden; cursor: grab; }
#canvas.panning { cursor: grabbing; }
#canvas > svg { display: block; width: 100%; height: 100%; user-select: none; }
#empty { padding: 16px; color: var(--vscode-descriptionForeground, #999); }
.star-graph { font-family: var(--vscode-font-family, sans-serif); }
.star-graph text:not([fill]) { fill: var(--vscode-editor-foreground, #d4d4d4); }
.star-graph .title { font-size: 16px; font-weight: 600; }
.star-graph text.subtitle, .star-graph text.axis-label, .star-graph text.legend-text { fill: var(--vscode-descriptionForeground, #999); font-size: 12px; }
.star-graph .legend-title { font-weight: 600; font-size: 12px; }
.star-graph .chip-frame { fill: none; stroke: var(--vscode-editorWidget-border, #454545); stroke-dasharray: 6 4; }
.star-graph .core-box, .star-graph .engine-box { stroke: var(--vscode-editor-foreground, #d4d4d4); stroke-opacity: 0.35; stroke-width: 1; }
.star-graph .core, .star-graph .engine, .star-graph .buffer, .star-graph .link, .star-graph .dram-channel, .star-graph .kv { cursor: pointer; }
.star-graph .core:hover .core-box, .star-graph .engine:hover .engine-box, .star-graph .buffer:hover .engine-box { stroke-opacity: 1; stroke-width: 2; }
.star-graph text.core-label, .star-graph text.core-metric, .star-graph text.engine-label, .star-graph text.engine-metric, .star-graph text.dram-label { pointer-events: none; }
.star-graph .no-result { fill: var(--vscode-editorWidget-background, #252526); stroke: var(--vscode-descriptionForeground, #888); stroke-dasharray: 3 2; }
.star-graph line.link.no-result { stroke: var(--vscode-descriptionForeground, #888); stroke-opacity: 0.5; }
.star-graph .link:hover { stroke-opacity: 0.7; }
.star-graph .dram { stroke: var(--vscode-charts-purple, #b180d7); stroke-width: 2; }
.star-graph .dram:not([fill]) { fill: var(--vscode-charts-purple, #b180d7); }
.star-graph .kv { fill: none; stroke: var(--vscode-charts-green, #89d185); stroke-width: 2.5; stroke-dasharray: 8 4; stroke-opacity: 0.85; }
.star-graph.mesh .kv.multicast { stroke: var(--vscode-charts-blue, #75beff); }
.star-graph .kv-head { fill: var(--vscode-charts-green, #89d185); }
.star-graph .flow-head { fill: var(--vscode-editor-foreground, #d4d4d4); }
.star-graph .flow { fill: none; stroke: var(--vscode-editor-foreground, #d4d4d4); stroke-width: 1.5; }
.star-graph .bottleneck .engine-box, .star-graph .bottleneck-swatch { stroke: var(--vscode-errorForeground, #f48771); stroke-width: 4; stroke-opacity: 1; }
.star-graph .bottleneck-swatch { fill: none; }
.star-graph text.bottleneck-label { fill: var(--vscode-errorForeground, #f48771); font-weight: 600; font-size: 12px; }
.star-graph .highlight .core-box, .star-graph .highlight .engine-box, .star-graph rect.chip-frame.highlight {
  stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 4; stroke-opacity: 1; stroke-dasharray: none; }
.star-graph .kv.highlight { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 4; stroke-opacity: 1; }
.star-graph .selected .core-box { stroke: var(--vscode-editor-foreground, #d4d4d4); stroke-width: 3; stroke-opacity: 1; }
/* Overview (above 16 x 16): strokes in proportion to 12-unit cells. */
.star-graph.overview .kv { stroke-width: 0.8; stroke-dasharray: 3 1.5; }
.star-graph.overview .kv.highlight { stroke-width: 1.6; }
.star-graph.overview .core-box { stroke-width: 0.3; }
.star-graph.overview .core:hover .core-box { stroke-width: 0.8; }
.star-graph.overview .highlight .core-box, .star-graph.overview .selected .core-box { stroke-width: 1.2; }
.star-graph.overview .dram { stroke-width: 0.5; }
body.vscode-high-contrast .star-graph .core-box, body.vscode-high-contrast .star-graph .engine-box {
  stroke: var(--vscode-contrastBorder, #6fc3df); stroke-opacity: 1; }
`;
