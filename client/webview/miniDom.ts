// A minimal SVG document that renders to text: for tests, the benchmark and SVG export outside a browser.
// It implements only what render.ts uses, so any other DOM call (innerHTML, insertAdjacentHTML) would fail loudly.
import type { SvgDocument, SvgNode } from './render.js';

export class MiniElement implements SvgNode {
  readonly attributes = new Map<string, string>();
  readonly children: MiniElement[] = [];
  private text: string | null = null;
  constructor(readonly namespaceURI: string, readonly tagName: string) {}
  setAttribute(name: string, value: string): void {
    if (!/^[A-Za-z_][\w:.-]*$/.test(name)) throw new Error(`invalid attribute name ${JSON.stringify(name)}`);
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null { return this.attributes.get(name) ?? null; }
  appendChild(child: never): unknown { this.children.push(child as MiniElement); this.text = null; return child; }
  get textContent(): string | null { return this.text ?? this.children.map(c => c.textContent ?? '').join(''); }
  set textContent(v: string | null) { this.children.length = 0; this.text = v === null ? null : String(v); }
  /** Own text only (not descendants'). */
  get ownText(): string | null { return this.text; }
  *walk(): Generator<MiniElement> { yield this; for (const c of this.children) yield* c.walk(); }
}

export class MiniDocument implements SvgDocument {
  createElementNS(ns: string, qualifiedName: string): MiniElement {
    if (!/^[A-Za-z][\w-]*$/.test(qualifiedName)) throw new Error(`invalid element name ${JSON.stringify(qualifiedName)}`);
    return new MiniElement(ns, qualifiedName);
  }
}

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => escText(s).replace(/"/g, '&quot;');

/** XML text of an element tree, escaped the way XMLSerializer does. */
export function serialize(e: MiniElement): string {
  const parts: string[] = [];
  const rec = (n: MiniElement) => {
    parts.push('<', n.tagName);
    for (const [k, v] of n.attributes) parts.push(' ', k, '="', escAttr(v), '"');
    const own = n.ownText;
    if (own === null && n.children.length === 0) { parts.push('/>'); return; }
    parts.push('>');
    if (own !== null) parts.push(escText(own)); else for (const c of n.children) rec(c);
    parts.push('</', n.tagName, '>');
  };
  rec(e);
  return parts.join('');
}
