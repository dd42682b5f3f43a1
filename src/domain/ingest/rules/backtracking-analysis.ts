import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import { getFirstConsumedChar } from 'regexp-ast-analysis';
import { analyse } from 'scslre';

/**
 * Why a pattern can make a backtracking engine (V8's) take super-linear time on some input, as a sentence
 * for the person who wrote it; null when the analysis finds no such shape.
 *
 * Two analyses: scslre (an NFA analysis of the pattern) finds a quantifier that can reach itself through
 * an enclosing quantifier over overlapping text (star height 2, `(a+)+`) and adjacent quantifiers that
 * can trade the same text (`a*a*b`). It simplifies `(a|a)` to `a` before looking, so overlapping
 * alternatives under a repeating quantifier (`(a|a){2,}`, `(a|ab)*`) are checked here on the AST.
 *
 * Not reported: the quadratic cost of an unanchored pattern retried at every start position (`.*x`);
 * ingest bounds that by matching rule patterns on bounded slices within a time budget.
 */
export function superLinearBacktracking(pattern: RegExp): string | null {
  const literal = new RegExpParser().parseLiteral(`/${pattern.source}/${pattern.flags}`);
  const overlapping = overlappingAlternation(literal);
  if (overlapping) return overlapping;
  const { reports } = analyse(literal, { reportTypes: { Self: true, Trade: true, Move: false } });
  const self = reports.find((report) => report.type === 'Self');
  if (self?.type === 'Self') {
    return `the quantifier in ${self.quant.raw} repeats inside ${self.parentQuant.raw} over the same text (nested repetition, as in (a+)+), which can take ${self.exponential ? 'exponential' : 'polynomial'} time`;
  }
  const trade = reports.find((report) => report.type === 'Trade');
  if (trade?.type === 'Trade') {
    return `the adjacent quantifiers ${trade.startQuant.raw} and ${trade.endQuant.raw} can match the same text (as in a*a*b), which can take ${trade.exponential ? 'exponential' : 'polynomial'} time`;
  }
  return null;
}

/**
 * A quantifier that repeats a group whose alternatives can begin with the same character. Only the group
 * the quantifier repeats (through single-element wrappers) counts: a deeper group such as `(x(a|ab)y)+`
 * is fixed in place by the text around it.
 */
function overlappingAlternation(literal: AST.RegExpLiteral): string | null {
  const flags = literal.flags;
  let found: string | null = null;
  visitRegExpAST(literal, {
    onQuantifierEnter(quantifier) {
      if (found || quantifier.max < 2) return;
      let element: AST.Element = quantifier.element;
      while (
        (element.type === 'Group' || element.type === 'CapturingGroup') &&
        element.alternatives.length === 1 &&
        element.alternatives[0]!.elements.length === 1
      ) {
        element = element.alternatives[0]!.elements[0]!;
      }
      if (element.type === 'Group' || element.type === 'CapturingGroup')
        found = overlapIn(element.alternatives, quantifier);
    },
  });
  return found;

  function overlapIn(alternatives: readonly AST.Alternative[], quantifier: AST.Quantifier): string | null {
    const firsts = alternatives.map((alternative) => ({
      alternative,
      first: getFirstConsumedChar(alternative, 'ltr', flags),
    }));
    for (let i = 0; i < firsts.length; i++) {
      for (let j = i + 1; j < firsts.length; j++) {
        const a = firsts[i]!;
        const b = firsts[j]!;
        if (!a.first.char.isDisjointWith(b.first.char) || (a.first.empty && b.first.empty)) {
          return `the alternatives ${a.alternative.raw || '(empty)'} and ${b.alternative.raw || '(empty)'} can match the same text and repeat under ${quantifier.raw} (overlapping alternation, as in (a|a)+), which can take exponential time`;
        }
      }
    }
    return null;
  }
}
