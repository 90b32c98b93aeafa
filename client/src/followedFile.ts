// Which .star file the status bar headline shows: the one in the active text editor, and while focus is in a webview
// (the report, the graph or the Pareto view leave no active text editor) still that file, so a result that arrives
// then (a point applied from the Pareto view, saved and simulated) updates the headline. No vscode imports (tested).
export class FollowedFile {
  private current: string | undefined;

  /** The active text editor changed: `doc` is its document (undefined: focus in a webview or no editor). */
  onActive(doc: { uri: string; isStar: boolean } | undefined): void {
    if (doc) this.current = doc.isStar ? doc.uri : undefined;
  }
  /** The file whose headline is shown, if any. */
  get uri(): string | undefined { return this.current; }
  /** Whether a result for `uri` changes what the status bar should show. */
  concerns(uri: string): boolean { return this.current === uri; }
}
