// The .star parser: chevrotain with error recovery, building the generic tree of ast.ts directly (embedded actions).
// Nodes are attached to their parent as soon as their first token is read, so when recovery abandons a rule the
// part already read stays in the tree. The file is split at top-level keywords first ("workload NAME", ...): a
// block that never closes does not swallow the blocks after it.
// Why embedded actions and not chevrotain's CST + visitor: a prototype of that form (same grammar and recovery
// options, a CstParser plus a visitor building these nodes) took, on the bench's 10,000-line file (esbuild bundle, CPU
// time, 60 interleaved runs, 5 Dec 2026), best 45 ms / median 117-130 ms to parse, against 19-27 ms / 73 ms here:
// building the CST alone (best 38-43 ms) already cost more than parsing here, leaving no room in the 50 ms budget for check.
import { EmbeddedActionsParser, EOF, tokenMatcher, type IToken, type TokenType, type IParserErrorMessageProvider } from 'chevrotain';
import * as T from './lexer.js';
import type {
  StarFile, Item, TopBlock, SimulateStmt, Entry, Value, NumberValue, RefValue, CallValue,
  ListValue, Ident, Span, SyntaxError, TopKind, ExploreStmt, VaryEntry, ObjectiveClause, ConstraintEntry,
} from './ast.js';

const MAX_SYNTAX_ERRORS = 100;

function real(t: IToken | undefined): t is IToken {
  return !!t && !Number.isNaN(t.startOffset) && t.tokenType !== EOF && !t.isInsertedInRecovery;
}
function tokSpan(t: IToken): Span { return { start: t.startOffset, end: t.startOffset + t.image.length }; }
function ident(t: IToken): Ident | undefined { return real(t) ? { text: t.image, span: tokSpan(t) } : undefined; }
/** Stretch a node's span to cover a token (ignores tokens made up by recovery). */
function reach(node: { span: Span }, t: IToken | { span: Span } | undefined): void {
  if (!t) return;
  const end = 'span' in t ? t.span.end : real(t) ? t.startOffset + t.image.length : -1;
  if (end > node.span.end) node.span.end = end;
}

function describe(t: IToken): string {
  if (t.tokenType === EOF || Number.isNaN(t.startOffset)) return 'the end of the file';
  const img = t.image.length > 24 ? t.image.slice(0, 24) + '...' : t.image;
  return `'${img}'`;
}
function after(prev: IToken | undefined): string {
  return prev && real(prev) ? ` after ${describe(prev)}` : '';
}
function labelOf(tt: TokenType): string { return tt.LABEL ?? tt.name; }
function joinOr(labels: string[]): string {
  const u = [...new Set(labels)];
  return u.length <= 1 ? (u[0] ?? 'something else') : `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    return `expected ${labelOf(expected)}${after(previous)}, found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describe(firstRedundant)}: the block already ended (an extra '}' or a missing '{'?)`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, customUserDescription }) {
    const what = customUserDescription ?? joinOr(expectedPathsPerAlt.flatMap(alt => alt.map(path => labelOf(path[0]))));
    return `expected ${what}${after(previous)}, found ${describe(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, customUserDescription }) {
    const what = customUserDescription ?? joinOr(expectedIterationPaths.map(p => labelOf(p[0])));
    return `expected ${what}${after(previous)}, found ${describe(actual[0])}`;
  },
};

const VALUE_DESC = 'a value (a number with its unit, a string, a name or a [list])';

class StarParser extends EmbeddedActionsParser {
  text = '';
  extraErrors: SyntaxError[] = [];
  item: Item | undefined;

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, errorMessageProvider: messages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /** A unit follows a number on the same line, and is not the key of the next field. */
  private unitAhead(): boolean {
    const u = this.LA(1);
    if (u.tokenType !== T.Identifier && u.tokenType !== T.Percent) return false;      // not keywords: x, of, to, on ...
    const prev = this.LA(0);
    if (real(prev)) {
      const text = this.text;
      for (let i = prev.startOffset + prev.image.length; i < u.startOffset; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) return false;
      }
    }
    const next = this.LA(2).tokenType;
    return next !== T.Equals && next !== T.LCurly && next !== T.Arrow;
  }

  public topItem = this.RULE('topItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.topBlock) },
      { ALT: () => this.SUBRULE(this.simulateStmt) },
      { ALT: () => this.SUBRULE(this.exploreStmt) },
    ]);
  });

  private topBlock = this.RULE('topBlock', () => {
    let node!: TopBlock;
    const start = (kwTok: IToken, kind: TopKind) => this.ACTION(() => {
      node = { kind, keyword: ident(kwTok)!, body: [], span: tokSpan(kwTok) };
      this.item = node;
    });
    this.OR([
      { ALT: () => {
        const kw = this.CONSUME(T.Mapping); start(kw, 'mapping');
        const name = this.CONSUME(T.Identifier); if (!this.RECORDING_PHASE) { node.name = ident(name); reach(node, name); }
        const f = this.CONSUME(T.For); if (!this.RECORDING_PHASE) reach(node, f);
        const w = this.CONSUME2(T.Identifier); if (!this.RECORDING_PHASE) { node.forRef = ident(w); reach(node, w); }
        const o = this.CONSUME(T.On); if (!this.RECORDING_PHASE) reach(node, o);
        const c = this.CONSUME3(T.Identifier); if (!this.RECORDING_PHASE) { node.onRef = ident(c); reach(node, c); }
      } },
      { ALT: () => {
        const kw = this.OR2([
          { ALT: () => this.CONSUME(T.Technology) },
          { ALT: () => this.CONSUME(T.Workload) },
          { ALT: () => this.CONSUME(T.Core) },
          { ALT: () => this.CONSUME(T.Chip) },
        ]);
        if (!this.RECORDING_PHASE) start(kw, kw.image as TopKind);
        const name = this.CONSUME4(T.Identifier); if (!this.RECORDING_PHASE) { node.name = ident(name); reach(node, name); }
      } },
    ]);
    const l = this.CONSUME(T.LCurly); if (!this.RECORDING_PHASE) reach(node, l);
    // Only a mapping's own body takes partitions (heads -> mesh.rows); its nested blocks do not.
    this.SUBRULE(this.entries, { ARGS: [node?.body, node, node?.kind === 'mapping'] });
    const r = this.CONSUME(T.RCurly); if (!this.RECORDING_PHASE) reach(node, r);
  });

  private simulateStmt = this.RULE('simulateStmt', () => {
    const kw = this.CONSUME(T.Simulate);
    let node!: SimulateStmt;
    if (!this.RECORDING_PHASE) { node = { kind: 'simulate', keyword: ident(kw)!, against: [], body: [], span: tokSpan(kw) }; this.item = node; }
    const m = this.CONSUME(T.Identifier); if (!this.RECORDING_PHASE) { node.mapping = ident(m); reach(node, m); }
    this.OPTION(() => {
      const a = this.CONSUME(T.Against); if (!this.RECORDING_PHASE) reach(node, a);
      const b = this.CONSUME2(T.Identifier); if (!this.RECORDING_PHASE) { const i = ident(b); if (i) node.against.push(i); reach(node, b); }
      this.MANY(() => {
        const c = this.CONSUME(T.Comma); if (!this.RECORDING_PHASE) reach(node, c);
        const d = this.CONSUME3(T.Identifier); if (!this.RECORDING_PHASE) { const i = ident(d); if (i) node.against.push(i); reach(node, d); }
      });
    });
    this.OPTION2(() => {
      const l = this.CONSUME(T.LCurly); if (!this.RECORDING_PHASE) reach(node, l);
      this.SUBRULE(this.entries, { ARGS: [node?.body, node, false] });
      const r = this.CONSUME(T.RCurly); if (!this.RECORDING_PHASE) reach(node, r);
    });
  });

  /** explore NAME for MAPPING { vary { ... } minimize ... maximize ... subject to { ... } search = ... } (issue 14). */
  private exploreStmt = this.RULE('exploreStmt', () => {
    const kw = this.CONSUME(T.Explore);
    let node!: ExploreStmt;
    if (!this.RECORDING_PHASE) {
      node = { kind: 'explore', keyword: ident(kw)!, vary: [], varyBlocks: [], objectives: [], constraints: [], constraintBlocks: [], span: tokSpan(kw) };
      this.item = node;
    }
    const name = this.CONSUME(T.Identifier); if (!this.RECORDING_PHASE) { node.name = ident(name); reach(node, name); }
    const f = this.CONSUME(T.For); if (!this.RECORDING_PHASE) reach(node, f);
    const m = this.CONSUME2(T.Identifier); if (!this.RECORDING_PHASE) { node.forRef = ident(m); reach(node, m); }
    const l = this.CONSUME(T.LCurly); if (!this.RECORDING_PHASE) reach(node, l);
    this.MANY(() => {
      if (!this.RECORDING_PHASE) this.curExplore = node;
      this.OR(this.exploreClauseAlts);
    });
    const r = this.CONSUME(T.RCurly); if (!this.RECORDING_PHASE) reach(node, r);
  });
  private curExplore!: ExploreStmt;
  private readonly exploreClauseAlts = {
    ERR_MSG: "vary { }, minimize, maximize, subject to { }, search = or '}'",
    DEF: [
      { ALT: () => this.SUBRULE(this.varyBlock) },
      { ALT: () => this.SUBRULE(this.objectiveClause) },
      { ALT: () => this.SUBRULE(this.constraintBlock) },
      { ALT: () => this.SUBRULE(this.searchClause) },
    ],
  };

  private varyBlock = this.RULE('varyBlock', () => {
    const node = this.curExplore;
    const kw = this.CONSUME(T.Vary);
    const block = { span: tokSpan(kw) };
    if (!this.RECORDING_PHASE) { node.varyBlocks.push(block.span); reach(node, kw); }
    const l = this.CONSUME(T.LCurly); if (!this.RECORDING_PHASE) { reach(block, l); reach(node, l); }
    this.MANY(() => {
      const e = this.SUBRULE(this.varyEntry, { ARGS: [node] });
      if (!this.RECORDING_PHASE && e) { reach(block, e); reach(node, e); }
      const c = this.OPTION(this.commaOpt); if (!this.RECORDING_PHASE) reach(block, c);
    });
    const r = this.CONSUME(T.RCurly); if (!this.RECORDING_PHASE) { reach(block, r); reach(node, r); }
  });

  /** PATH = VALUES, attached to the explore node as soon as the path's first word is read. */
  private varyEntry = this.RULE('varyEntry', (owner: ExploreStmt): VaryEntry => {
    const first = this.CONSUME(T.Identifier);
    let e!: VaryEntry;
    if (!this.RECORDING_PHASE) { e = { kind: 'vary', path: [ident(first)!], span: tokSpan(first) }; owner.vary.push(e); }
    this.MANY(() => {
      this.CONSUME(T.Dot);
      const seg = this.CONSUME2(T.Identifier);
      if (!this.RECORDING_PHASE) { const i = ident(seg); if (i) { e.path.push(i); reach(e, seg); } }
    });
    const eq = this.CONSUME(T.Equals); if (!this.RECORDING_PHASE) reach(e, eq);
    const v = this.SUBRULE(this.value); if (!this.RECORDING_PHASE && v) { e.value = v; reach(e, v); }
    this.OPTION(() => {
      const st = this.CONSUME(T.Step); if (!this.RECORDING_PHASE) { e.stepKeyword = ident(st); reach(e, st); }
      const n = this.SUBRULE(this.number); if (!this.RECORDING_PHASE && n) { e.step = n; reach(e, n); }
    });
    return e;
  }, { recoveryValueFunc: () => undefined as never });

  private objectiveClause = this.RULE('objectiveClause', () => {
    const node = this.curExplore;
    const kw = this.OR([
      { ALT: () => this.CONSUME(T.Minimize) },
      { ALT: () => this.CONSUME(T.Maximize) },
    ]);
    let clause!: ObjectiveClause;
    if (!this.RECORDING_PHASE) {
      clause = { kind: 'objective', keyword: ident(kw)!, sense: kw.tokenType === T.Minimize ? 'min' : 'max', metrics: [], span: tokSpan(kw) };
      node.objectives.push(clause); reach(node, kw);
    }
    const a = this.CONSUME(T.Identifier); if (!this.RECORDING_PHASE) { const i = ident(a); if (i) clause.metrics.push(i); reach(clause, a); reach(node, a); }
    this.MANY(() => {
      this.CONSUME(T.Comma);
      const b = this.CONSUME2(T.Identifier); if (!this.RECORDING_PHASE) { const i = ident(b); if (i) clause.metrics.push(i); reach(clause, b); reach(node, b); }
    });
  });

  private constraintBlock = this.RULE('constraintBlock', () => {
    const node = this.curExplore;
    const kw = this.CONSUME(T.Subject);
    const block = { span: tokSpan(kw) };
    if (!this.RECORDING_PHASE) { node.constraintBlocks.push(block.span); reach(node, kw); }
    this.CONSUME(T.To);
    const l = this.CONSUME(T.LCurly); if (!this.RECORDING_PHASE) { reach(block, l); reach(node, l); }
    this.MANY(() => {
      const metric = this.CONSUME(T.Identifier);
      let c!: ConstraintEntry;
      if (!this.RECORDING_PHASE) { c = { kind: 'constraint', metric: ident(metric)!, span: tokSpan(metric) }; node.constraints.push(c); }
      const op = this.CONSUME(T.Compare); if (!this.RECORDING_PHASE) { c.op = ident(op); reach(c, op); }
      const n = this.SUBRULE(this.number); if (!this.RECORDING_PHASE && n) { c.value = n; reach(c, n); reach(block, n); reach(node, n); }
      const comma = this.OPTION(this.commaOpt); if (!this.RECORDING_PHASE) reach(block, comma);
    });
    const r = this.CONSUME(T.RCurly); if (!this.RECORDING_PHASE) { reach(block, r); reach(node, r); }
  });

  private searchClause = this.RULE('searchClause', () => {
    const node = this.curExplore;
    const kw = this.CONSUME(T.Search);
    let clause!: NonNullable<ExploreStmt['search']>;
    if (!this.RECORDING_PHASE) { clause = { keyword: ident(kw)!, span: tokSpan(kw) }; node.search = clause; reach(node, kw); }
    const eq = this.CONSUME(T.Equals); if (!this.RECORDING_PHASE) { reach(clause, eq); reach(node, eq); }
    const v = this.SUBRULE(this.value); if (!this.RECORDING_PHASE && v) { clause.value = v; reach(clause, v); reach(node, v); }
  });

  // State handed between rules through fields rather than closures or ARGS arrays: a closure per entry or per number
  // would dominate parse time. Each reader copies what it needs before it parses further (nesting overwrites them).
  private curInto!: Entry[];
  private curOwner!: { span: Span };
  private curPartitions = false;
  private curEntry!: Entry;
  private readonly commaOpt = () => this.CONSUME(T.Comma);
  // One set of alternatives for every body; the partition one is gated, and the message names only what the body takes.
  private readonly entryAlts = [
    { ALT: () => this.fieldRest() },
    { ALT: () => this.blockRest() },
    { GATE: () => this.curPartitions, ALT: () => this.partitionRest() },
  ];
  private readonly entryOpts = { DEF: this.entryAlts, ERR_MSG: joinOr([T.Equals, T.LCurly].map(labelOf)) };
  private readonly mappingEntryOpts = { DEF: this.entryAlts, ERR_MSG: joinOr([T.Equals, T.LCurly, T.Arrow].map(labelOf)) };

  /** Entries of a block, pushed into `into` as they are read; `owner`'s span grows with them. */
  private entries = this.RULE('entries', (into: Entry[], owner: { span: Span }, partitions: boolean) => {
    this.MANY(() => {
      if (!this.RECORDING_PHASE) { this.curInto = into; this.curOwner = owner; this.curPartitions = partitions; }
      this.SUBRULE(this.entry);
      const c = this.OPTION(this.commaOpt);
      if (!this.RECORDING_PHASE) reach(owner, c);
    });
  });

  /** key = value, key { ... } or (in a mapping) what -> target. */
  private entry = this.RULE('entry', () => {
    const key = this.CONSUME(T.Identifier);
    if (!this.RECORDING_PHASE) this.curEntry = this.startEntry(key);
    this.OR(this.curPartitions ? this.mappingEntryOpts : this.entryOpts);
  });

  /**
   * The entry's node, built and attached as soon as its key is read so that recovery keeps it. Its kind is told by
   * the next token, the same one the alternatives above are chosen by; with no alternative it stays a bare field.
   */
  private startEntry(keyTok: IToken): Entry {
    const key = ident(keyTok)!, span = tokSpan(keyTok);
    const next = this.LA(1).tokenType;
    const node: Entry = next === T.LCurly ? { kind: 'block', key, body: [], span }
      : next === T.Arrow && this.curPartitions ? { kind: 'partition', what: key, span }
        : { kind: 'field', key, span };
    this.curInto.push(node);
    reach(this.curOwner, keyTok);
    return node;
  }
  private fieldRest(): void {
    const node = this.curEntry, owner = this.curOwner;
    const eq = this.CONSUME(T.Equals);
    if (!this.RECORDING_PHASE) { reach(node, eq); reach(owner, eq); }
    const v = this.SUBRULE(this.value);
    if (!this.RECORDING_PHASE && v && node.kind === 'field') { node.value = v; reach(node, v); reach(owner, v); }
  }
  private blockRest(): void {
    const node = this.curEntry, owner = this.curOwner;
    const l = this.CONSUME(T.LCurly);
    if (!this.RECORDING_PHASE) { reach(node, l); reach(owner, l); }
    this.SUBRULE2(this.entries, { ARGS: [node?.kind === 'block' ? node.body : [], node, false] });
    if (!this.RECORDING_PHASE) reach(owner, node);
    const r = this.CONSUME(T.RCurly);
    if (!this.RECORDING_PHASE) { reach(node, r); reach(owner, r); }
  }
  private partitionRest(): void {
    const node = this.curEntry, owner = this.curOwner;
    const a = this.CONSUME(T.Arrow);
    if (!this.RECORDING_PHASE) { reach(node, a); reach(owner, a); }
    const target = this.SUBRULE(this.refValue);
    if (!this.RECORDING_PHASE && target && node.kind === 'partition') { node.target = target; reach(node, target); reach(owner, target); }
  }

  // value, its numbers and its name-or-call are one rule: each rule call costs more than the code in it, and a
  // field's value is the hottest path of the parser. Occurrence indices (OPTION3, ...) keep the parts apart.
  private value = this.RULE('value', (): Value => this.OR(this.valueAlts), { recoveryValueFunc: () => undefined as never });
  private readonly valueAlts = {
    ERR_MSG: VALUE_DESC,
    DEF: [
      { ALT: () => this.numericValue() },
      { ALT: () => {
        const s = this.CONSUME(T.StringLiteral);
        return this.RECORDING_PHASE ? (undefined as never) : { kind: 'string', value: unescape(s.image.slice(1, -1)), span: tokSpan(s) } as Value;
      } },
      { ALT: () => {
        const s = this.CONSUME(T.UnterminatedString);
        if (this.RECORDING_PHASE) return undefined as never;
        this.extraErrors.push({ message: 'string is never closed: add the closing \'"\' on the same line', span: tokSpan(s) });
        return { kind: 'string', value: unescape(s.image.slice(1)), span: tokSpan(s) } as Value;
      } },
      { ALT: () => this.refOrCall() },
      { ALT: () => this.SUBRULE(this.listValue) },
    ],
  };

  private unitGate = { GATE: () => this.unitAhead(), DEF: () => this.CONSUME(T.UnitLike) };

  /** The number that follows `x` or `to`. */
  private number = this.RULE('number', (): NumberValue => {
    const minus = this.OPTION(this.minusOpt);
    const n = this.CONSUME(T.NumberLiteral);
    const unit = this.OPTION2(this.unitGate);
    return this.numberNode(minus, n, unit);
  });

  private numberNode(minus: IToken | undefined, n: IToken, unit: IToken | undefined): NumberValue {
    if (this.RECORDING_PHASE || !real(n)) return undefined as never;     // made up by recovery: no number
    const signed = real(minus);
    const text = signed ? '-' + n.image : n.image;
    const node: NumberValue = { kind: 'number', value: Number(text), text, span: tokSpan(signed ? minus : n) };
    reach(node, n);
    if (real(unit)) { node.unit = ident(unit); reach(node, unit); }
    return node;
  }

  /** 128, 192 KB, 128 x 32, 4 x 4 of star, 16 to 4 (part of `value`). */
  private numericValue(): Value {
    const minus = this.OPTION3(this.minusOpt);
    const n = this.CONSUME(T.NumberLiteral);
    const unit = this.OPTION4(this.unitGate);
    const first = this.numberNode(minus, n, unit);
    if (!this.RECORDING_PHASE) { this.numFirst = first; this.numResult = first; }
    this.OPTION(this.dimsOrRangeOpt);
    return (this.RECORDING_PHASE ? undefined : this.numResult) as Value;
  }
  private numFirst: NumberValue | undefined;
  private numResult: Value | undefined;
  private readonly minusOpt = () => this.CONSUME(T.Minus);
  private readonly dimsOrRangeAlts = [
    { ALT: () => {
      const first = this.numFirst;
      this.CONSUME(T.X);
      const second = this.SUBRULE2(this.number);
      let dims: Extract<Value, { kind: 'dims' }> | undefined;
      if (!this.RECORDING_PHASE && first && second) { dims = { kind: 'dims', rows: first, cols: second, span: { ...first.span } }; reach(dims, second); this.numResult = dims; }
      this.OPTION2(() => {
        const o = this.CONSUME(T.Of);
        const c = this.CONSUME(T.Identifier);
        if (!this.RECORDING_PHASE && dims) { reach(dims, o); dims.of = ident(c); reach(dims, c); }
      });
    } },
    { ALT: () => {
      const first = this.numFirst;
      this.CONSUME(T.To);
      const second = this.SUBRULE3(this.number);
      if (!this.RECORDING_PHASE && first && second) { const range: Value = { kind: 'range', from: first, to: second, span: { ...first.span } }; reach(range, second); this.numResult = range; }
    } },
  ];
  private readonly dimsOrRangeOpt = () => this.OR2(this.dimsOrRangeAlts);

  /** A name, a dotted path or a call `name { ... }` (part of `value`). */
  private refOrCall(): Value {
    const ref = this.SUBRULE(this.refValue);
    let result: Value | undefined = ref;
    this.OPTION5(() => {
      const l = this.CONSUME(T.LCurly);
      let call!: CallValue;
      if (!this.RECORDING_PHASE) {
        const name = ref?.path[0] ?? { text: '', span: tokSpan(l) };
        call = { kind: 'call', name, body: [], span: { ...(ref?.span ?? tokSpan(l)) } }; reach(call, l); result = call;
      }
      this.SUBRULE(this.entries, { ARGS: [call?.body, call, false] });
      const r = this.CONSUME(T.RCurly);
      if (!this.RECORDING_PHASE) reach(call, r);
    });
    return result!;
  }

  private refValue = this.RULE('refValue', (): RefValue => {
    const first = this.CONSUME(T.Identifier);
    // A name made up by recovery (the text stops short) gives no value at all.
    const node = this.RECORDING_PHASE || !real(first) ? undefined : { kind: 'ref', path: [ident(first)!], span: tokSpan(first) } as RefValue;
    if (!this.RECORDING_PHASE) this.curRef = node;
    this.MANY(this.dotPart);
    return node!;
  }, { recoveryValueFunc: () => undefined as never });
  private curRef: RefValue | undefined;
  private readonly dotPart = () => {
    const node = this.curRef;
    const d = this.CONSUME(T.Dot);
    const next = this.CONSUME2(T.Identifier);
    if (!this.RECORDING_PHASE && node) { reach(node, d); const i = ident(next); if (i) { node.path.push(i); reach(node, next); } }
  };

  /** [a, b] or (r, c): both are lists in the tree. */
  private listValue = this.RULE('listValue', (): ListValue => {
    const open = this.OR([
      { ALT: () => this.CONSUME(T.LBracket) },
      { ALT: () => this.CONSUME(T.LParen) },
    ]);
    const node = this.RECORDING_PHASE ? (undefined as never) : { kind: 'list', items: [], span: tokSpan(open) } as ListValue;
    this.OPTION(() => {
      const v = this.SUBRULE(this.value);
      if (!this.RECORDING_PHASE && v) { node.items.push(v); reach(node, v); }
      this.MANY(() => {
        const c = this.CONSUME(T.Comma);
        const w = this.SUBRULE2(this.value);
        if (!this.RECORDING_PHASE) { reach(node, c); if (w) { node.items.push(w); reach(node, w); } }
      });
    });
    const close = this.OR2({ ERR_MSG: 'the closing bracket', DEF: [
      { GATE: () => open.tokenType === T.LBracket, ALT: () => this.CONSUME(T.RBracket) },
      { GATE: () => open.tokenType === T.LParen, ALT: () => this.CONSUME(T.RParen) },
    ] });
    if (!this.RECORDING_PHASE) reach(node, close);
    return node;
  });
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

let shared: StarParser | undefined;
function parser(): StarParser { return (shared ??= new StarParser()); }

function isTopStart(tokens: IToken[], i: number): boolean {
  const t = tokens[i];
  if (!T.topKeywords.includes(t.tokenType)) return false;
  const next = tokens[i + 1];
  return !next || tokenMatcher(next, T.Identifier) || next.tokenType === T.LCurly;
}

/** Parse a .star text. Never throws: every problem becomes a SyntaxError with a span inside the text. */
export function parse(text: string): StarFile {
  const file: StarFile = { items: [], syntaxErrors: [], comments: [] };
  const errors = file.syntaxErrors;
  const addError = (e: SyntaxError) => { errors.push(clampError(e, text.length)); };
  try {
    const p = parser();
    p.text = text;
    const lexed = T.StarLexer.tokenize(text);
    for (const e of lexed.errors) {
      const ch = text.slice(e.offset, e.offset + Math.min(e.length, 12));
      addError({ message: `unexpected character${e.length > 1 ? 's' : ''} '${ch}${e.length > 12 ? '...' : ''}': not part of the .star language`, span: { start: e.offset, end: e.offset + e.length } });
    }
    for (const c of lexed.groups.comments ?? []) {
      file.comments.push(tokSpan(c));
      if (c.tokenType === T.UnterminatedComment) addError({ message: "comment is never closed: add '*/'", span: { start: c.startOffset, end: c.startOffset + 2 } });
    }
    parseTokens(p, text, lexed.tokens, file, addError);
  } catch (err) {
    // A parser bug must not take the editor down: report it where the file starts.
    addError({ message: `internal parser error: ${(err as Error).message}`, span: { start: 0, end: Math.min(1, text.length) } });
  }
  // In text order, and only the first ones: a file this broken is repaired from the top.
  errors.sort((a, b) => a.span.start - b.span.start);
  if (errors.length > MAX_SYNTAX_ERRORS) errors.length = MAX_SYNTAX_ERRORS;
  return file;
}

/** The items of one run of tokens: each top-level item parsed on its own, junk between them reported once. */
function parseTokens(p: StarParser, text: string, tokens: IToken[], file: StarFile, addError: (e: SyntaxError) => void): void {
  let i = 0;
  while (i < tokens.length) {
    if (!isTopStart(tokens, i)) {
      // Junk before the next top-level item: one error for the whole run.
      const first = tokens[i];
      while (i < tokens.length && !isTopStart(tokens, i)) i++;
      addError({
        message: `expected technology, workload, core, chip, mapping, simulate or explore, found ${describe(first)}`,
        span: tokSpan(first),
      });
      continue;
    }
    let j = i + 1;
    while (j < tokens.length && !isTopStart(tokens, j)) j++;
    p.input = i === 0 && j === tokens.length ? tokens : tokens.slice(i, j);
    p.item = undefined;
    p.extraErrors = [];
    p.topItem();
    if (p.item) file.items.push(p.item);
    for (const e of p.extraErrors) addError(e);
    for (const e of p.errors) {
      const tok = e.token;
      const prev = (e as { previousToken?: IToken }).previousToken;
      let span: Span;
      // Point at what is missing: after the previous token when the found one is on a later line.
      if (real(tok) && !(real(prev) && text.slice(prev.startOffset + prev.image.length, tok.startOffset).includes('\n'))) span = tokSpan(tok);
      else span = tokSpan(real(prev) ? prev : tokens[j - 1]);
      addError({ message: e.message, span });
    }
    i = j;
  }
}

function clampError(e: SyntaxError, len: number): SyntaxError {
  const start = Math.max(0, Math.min(e.span.start, len));
  const end = Math.max(start, Math.min(e.span.end, len));
  return { message: e.message, span: { start, end } };
}
