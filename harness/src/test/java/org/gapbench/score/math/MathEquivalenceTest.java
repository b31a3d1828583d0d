package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The equivalence corpus of the math checker: each line is {@code answer | gold | verdict}, checked in both
 * directions (answer against gold and gold against answer), because equivalence must be symmetric.
 * Verdict {@code =} must match, {@code !=} must not.
 */
class MathEquivalenceTest {
    static final String CORPUS = """
            18 | 18 | =
            18.0 | 18 | =
            18.00 | 18 | =
            \\$18 | 18 | =
            18 dollars | 18 | =
            1,000 | 1000 | =
            1{,}000 | 1000 | =
            10,\\!080 | 10080 | =
            1 000 000 | 1000000 | =
            0.5 | \\frac{1}{2} | =
            1/2 | \\frac{1}{2} | =
            \\dfrac{1}{2} | \\frac12 | =
            \\tfrac{3}{4} | 0.75 | =
            \\frac 34 | 3/4 | =
            -\\frac{3}{8} | -0.375 | =
            \\frac{-3}{8} | -\\frac{3}{8} | =
            2\\sqrt{3} | \\sqrt{12} | =
            \\sqrt{2}/2 | \\frac{\\sqrt{2}}{2} | =
            \\frac{1}{\\sqrt{2}} | \\frac{\\sqrt2}{2} | =
            3\\pi | 3 \\pi | =
            \\frac{3\\pi}{2} | 1.5\\pi | =
            90^\\circ | 90 | =
            90° | 90 | =
            x = 3 | 3 | =
            y=-4 | -4 | =
            (3, 4) | (3,4) | =
            \\left( 3, \\frac{\\pi}{2} \\right) | (3, \\frac{\\pi}{2}) | =
            [2, 5) | [2,5) | =
            (-\\infty, 0] | (-\\infty,0] | =
            (2,\\infty) | (2, \\infty) | =
            (0,9) \\cup (9,36) | (0, 9) \\cup (9, 36) | =
            \\{1, 2, 3\\} | \\{3, 2, 1\\} | =
            3, 5, 7 | 7, 5, 3 | =
            1 \\pm \\sqrt{19} | 1+\\sqrt{19}, 1-\\sqrt{19} | =
            \\text{Evelyn} | Evelyn | =
            \\text{(C)} | C | =
            x^2+7x+10 | (x+2)(x+5) | =
            6r^2-4r-24 | 2(3r^2-2r-12) | =
            \\frac{11+9a}{20} | \\frac{9a+11}{20} | =
            -2 + 7i | 7i - 2 | =
            5.4 \\text{ cents} | 5.4 | =
            15\\mbox{ cm}^2 | 15 | =
            1\\frac{4}{5} | 1.8 | =
            137 \\frac{1}{2} | 137.5 | =
            \\begin{pmatrix} -1 \\\\ 2 \\end{pmatrix} | (-1, 2) | =
            4210_{5} | 4210_5 | =
            12\\% | 12 | =
            25% | 0.25 | =
            ５０ | 50 | =
            ১২ | 12 | =
            ٤٢ | 42 | =
            ๑๒ | 12 | =
            ౧౨ | 12 | =
            5x - 7y + 11z + 4 = 0 | -5x + 7y - 11z - 4 = 0 | =
            025 | 25 | =
            .5 | 0.5 | =
            -221 | -221_3 | =
            1112112₃ | 1112112_3 | =
            ___3___ | 3 | =
            18 | 17 | !=
            18 | 180 | !=
            0.33 | \\frac{1}{3} | !=
            1000001 | 1000000 | !=
            \\sqrt{2} | 2 | !=
            2\\sqrt{3} | 3\\sqrt{2} | !=
            (3, 4) | (4, 3) | !=
            [2, 5) | (2, 5) | !=
            (2, 5] | (2, 5) | !=
            x^2+7x+10 | (x+2)(x+6) | !=
            -2 + 7i | -2 - 7i | !=
            \\{1, 2\\} | \\{1, 2, 3\\} | !=
            3, 5 | 3, 5, 7 | !=
            \\text{Evelyn} | Emily | !=
            (C) | D | !=
            6\\sqrt{2} | 6 | !=
            12 or 13 | 12 | !=
            -221_3 | -221_4 | !=
            221_3 | 222 | !=
            1 - \\sqrt{19} | 1 \\pm \\sqrt{19} | !=
            \\pi | 3.14 | !=
            5x - 7y + 11z + 4 = 0 | 5x - 7y + 11z - 4 = 0 | !=
            -18 | 18 | !=
            """;

    private static final MathAnswerScorer LATEX = new MathAnswerScorer(new MathAnswerScorer.Options("answer", MathAnswerScorer.AnswerKind.LATEX, null));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String line : CORPUS.strip().split("\n")) {
            String[] p = line.split("\\s\\|\\s");
            boolean equal = p[2].strip().equals("=");
            out.add(Arguments.of(p[0].strip(), p[1].strip(), equal));
            out.add(Arguments.of(p[1].strip(), p[0].strip(), equal));
        }
        return out.stream();
    }

    /**
     * Near misses: every answer of the corpus that must match stops matching when one of its numbers changes (the
     * digits of a base subscript and the power of a unit excepted: {@code -221_4} restates a base the gold does not
     * give, and {@code 15\\mbox{ cm}^3} is the 15 of {@code 15\\mbox{ cm}^2} in other units). A rule that still
     * accepts it would accept a wrong answer.
     */
    static Stream<Arguments> nearMisses() {
        List<Arguments> out = new ArrayList<>();
        java.util.regex.Pattern number = java.util.regex.Pattern.compile("(?<![_\\d]|}\\^)\\d+");
        cases().map(Arguments::get).filter(a -> (boolean) a[2]).forEach(a -> {
            String answer = (String) a[0];
            java.util.regex.Matcher m = number.matcher(answer);
            while (m.find()) {
                String changed = answer.substring(0, m.start()) + (new java.math.BigInteger(m.group()).add(java.math.BigInteger.ONE))
                        + answer.substring(m.end());
                out.add(Arguments.of(changed, a[1]));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} vs gold {1}")
    @MethodSource("nearMisses")
    void oneNumberChangedIsNeverAccepted(String answer, String gold) {
        Score s = LATEX.score(new Item("0", Map.of("answer", gold)), new ModelOutput("So the result is $\\boxed{" + answer + "}$.", null));
        assertEquals(false, s.isCorrect(), () -> "rule " + s.rule() + ", normalized " + s.normalized() + " vs " + s.gold());
    }

    @ParameterizedTest(name = "{0} vs gold {1}: {2}")
    @MethodSource("cases")
    void boxedAnswerAgainstGold(String answer, String gold, boolean equal) {
        Score s = LATEX.score(new Item("0", Map.of("answer", gold)), new ModelOutput("So the result is $\\boxed{" + answer + "}$.", null));
        assertEquals(equal, s.isCorrect(), () -> "rule " + s.rule() + ", normalized " + s.normalized() + " vs " + s.gold());
    }
}
