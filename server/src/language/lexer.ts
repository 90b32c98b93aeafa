// All tokens of the .star language in one module (chevrotain's convention). Keywords are also Identifiers (token
// category), so a field may be called `technology` and a value may read `on`; the parser tells them apart by place.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF\u00A0]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
/** A comment that never closes: kept as a comment so the rest of the file is not lexed as code; the parser reports it. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'comments', line_breaks: true });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, label: 'a string' });
/** A string that reaches the end of the line: lexed as one token so the parser can say "missing closing quote". */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/, label: 'a string' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/, label: 'a number' });

/** What may follow a number as its unit: a name (nm, GB/s) or '%'. A category, so the parser needs no alternation. */
export const UnitLike = createToken({ name: 'UnitLike', pattern: Lexer.NA, label: 'a unit' });

// Units such as GB/s lex as one identifier: the "/s" suffix is only meaningful there, and the checker says so.
// The metric units of explore constraints (GOPS/W, GOPS/mm2) lex the same way.
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\/(?:s|W|mm2)(?![A-Za-z0-9_]))?/, label: 'a name', categories: [UnitLike] });

function keyword(word: string, name: string): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Identifier], label: `'${word}'` });
}
export const Technology = keyword('technology', 'Technology');
export const Workload = keyword('workload', 'Workload');
export const Core = keyword('core', 'Core');
export const Chip = keyword('chip', 'Chip');
export const Mapping = keyword('mapping', 'Mapping');
export const Simulate = keyword('simulate', 'Simulate');
export const For = keyword('for', 'For');
export const On = keyword('on', 'On');
export const Against = keyword('against', 'Against');
export const Of = keyword('of', 'Of');
export const To = keyword('to', 'To');
export const X = keyword('x', 'X');
// explore items (issue 14): only `explore` opens an item; the others have a place only inside its body.
export const Explore = keyword('explore', 'Explore');
export const Vary = keyword('vary', 'Vary');
export const Minimize = keyword('minimize', 'Minimize');
export const Maximize = keyword('maximize', 'Maximize');
export const Subject = keyword('subject', 'Subject');
export const Search = keyword('search', 'Search');
export const Step = keyword('step', 'Step');

export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
/** Comparisons of explore constraints: one category so the parser reads any of them in one CONSUME. */
export const Compare = createToken({ name: 'Compare', pattern: Lexer.NA, label: "'<=', '>=', '<' or '>'" });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, label: "'<='", categories: [Compare] });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, label: "'>='", categories: [Compare] });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'", categories: [Compare] });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'", categories: [Compare] });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'", categories: [UnitLike] });

/** Keywords that open a top-level item; the parser splits the file at them so one broken block spares the rest. */
export const topKeywords: TokenType[] = [Technology, Workload, Core, Chip, Mapping, Simulate, Explore];

export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  StringLiteral, UnterminatedString, NumberLiteral,
  Technology, Workload, Core, Chip, Mapping, Simulate, For, On, Against, Of, To, X,
  Explore, Vary, Minimize, Maximize, Subject, Search, Step,
  Identifier,
  Arrow, LessEq, GreaterEq, Less, Greater, Compare, Minus, Equals, LCurly, RCurly, LBracket, RBracket, LParen, RParen, Comma, Dot, Percent,
  UnitLike,
];

export const StarLexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });
