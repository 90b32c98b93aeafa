// The Pareto view's stylesheet: VS Code's theme variables as in the graph view; the plot's points use a fixed
// colour scale (viridis) so a value reads the same in every theme.
export const PARETO_CSS = `
html, body { height: 100%; margin: 0; padding: 0; }
body { background: var(--vscode-editor-background, #1e1e1e); color: var(--vscode-editor-foreground, #d4d4d4);
  font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); display: flex; flex-direction: column; }
#toolbar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; flex-wrap: wrap;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #444)); }
#toolbar label { color: var(--vscode-descriptionForeground, #999); }
button { background: var(--vscode-button-secondaryBackground, #3a3d41); color: var(--vscode-button-secondaryForeground, #fff);
  border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
button.primary { background: var(--vscode-button-background, #0e639c); color: var(--vscode-button-foreground, #fff); }
button.primary:hover { background: var(--vscode-button-hoverBackground, #1177bb); }
button:focus-visible, select:focus-visible, th:focus-visible { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
button[disabled] { opacity: 0.5; cursor: default; }
select { background: var(--vscode-dropdown-background, #3c3c3c); color: var(--vscode-dropdown-foreground, #f0f0f0);
  border: 1px solid var(--vscode-dropdown-border, #3c3c3c); font: inherit; }
#status { color: var(--vscode-descriptionForeground, #999); margin-left: 8px; }
#status.stale, #status.error { color: var(--vscode-editorWarning-foreground, #cca700); }
#main { flex: 1; display: flex; flex-direction: column; min-height: 0; overflow: auto; }
#empty { padding: 16px; color: var(--vscode-descriptionForeground, #999); }
#plot-wrap { position: relative; padding: 8px 8px 0 8px; }
#plot .u-legend { display: none; }
#plot .u-over { cursor: crosshair; }
#colour-key { display: flex; align-items: center; gap: 6px; padding: 2px 8px 4px 60px; color: var(--vscode-descriptionForeground, #999); font-size: 12px; }
#colour-key canvas { width: 160px; height: 10px; border: 1px solid var(--vscode-panel-border, #444); }
#facts { padding: 0 8px 6px 60px; color: var(--vscode-descriptionForeground, #999); font-size: 12px; }
#tooltip { position: absolute; pointer-events: none; z-index: 10; padding: 4px 8px; white-space: pre; font-size: 12px;
  background: var(--vscode-editorHoverWidget-background, #252526); color: var(--vscode-editorHoverWidget-foreground, #ccc);
  border: 1px solid var(--vscode-editorHoverWidget-border, #454545); display: none; }
#tooltip.shown { display: block; }
#selection { display: flex; gap: 8px; align-items: center; padding: 6px 8px; flex-wrap: wrap;
  border-top: 1px solid var(--vscode-panel-border, #444); }
#selection .what { color: var(--vscode-descriptionForeground, #999); }
#table-wrap { padding: 0 8px 8px 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 2px 8px; border-bottom: 1px solid var(--vscode-panel-border, #333); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { cursor: pointer; user-select: none; position: sticky; top: 0; background: var(--vscode-editor-background, #1e1e1e);
  color: var(--vscode-descriptionForeground, #999); font-weight: 600; }
th.sorted::after { content: ' \\25B2'; }
th.sorted.desc::after { content: ' \\25BC'; }
tr.point:focus-visible { outline: 1px solid var(--vscode-focusBorder, #007fd4); }
tr.point:hover td { background: var(--vscode-list-hoverBackground, #2a2d2e); cursor: pointer; }
tr.point.selected td { background: var(--vscode-list-activeSelectionBackground, #094771); color: var(--vscode-list-activeSelectionForeground, #fff); }
`;
