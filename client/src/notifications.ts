// Many subscribers per server notification. vscode-languageclient keeps ONE handler per method (registering a second
// replaces the first), while the graph view, the headline and the report all follow the same simulation results.
// Plain code (no vscode import) so it is unit-tested in client/test.

export interface NotificationSource {
  onNotification(method: string, handler: (params: unknown) => void): unknown;
}

export class NotificationHub {
  private readonly subscribers = new Map<string, Set<(params: unknown) => void>>();

  constructor(private readonly source: NotificationSource, private readonly onError: (method: string, error: unknown) => void) {}

  /** Calls `handler` for every `method` notification until the returned object is disposed. */
  subscribe<P>(method: string, handler: (params: P) => void): { dispose(): void } {
    let set = this.subscribers.get(method);
    if (!set) {
      const all = new Set<(params: unknown) => void>();
      this.subscribers.set(method, all);
      set = all;
      // One registration with the client per method, made on first use; it dispatches to everyone.
      this.source.onNotification(method, params => {
        for (const h of [...all]) {
          try { h(params); } catch (error) { this.onError(method, error); }
        }
      });
    }
    const entry = handler as (params: unknown) => void;
    set.add(entry);
    return { dispose: () => { set.delete(entry); } };
  }

  subscriberCount(method: string): number { return this.subscribers.get(method)?.size ?? 0; }
}
