package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One group of constructed cases per defect class of issue 14 (the classes an external suite of answer-equivalence
 * cases found), each with answers that must be accepted and, above all, near misses that must not be: a wrong
 * acceptance inflates a score. A line is {@code kind ¦ response ¦ gold ¦ verdict}: kind {@code number} or {@code latex}
 * (with {@code -de} for a comma-decimal suite), a whole model response ({@code ⏎} for a line break), the gold, and
 * {@code =} (correct), {@code !=} (wrong) or {@code none} (no answer).
 */
class MathDefectClassesTest {
    private static final String CASES = """
            # 1 several boxes are one answer of several values
            latex ¦ The solutions are $x = \\boxed{-3}$ and $x = \\boxed{4}$. ¦ -3, 4 ¦ =
            latex ¦ The solutions are $x = \\boxed{-3}$ and $x = \\boxed{4}$. ¦ 4, -3 ¦ =
            latex ¦ The solutions are $x = \\boxed{-3}$ and $x = \\boxed{4}$. ¦ 4 ¦ !=
            latex ¦ The solutions are $x = \\boxed{-3}$ and $x = \\boxed{4}$. ¦ -3 ¦ !=
            latex ¦ So the pairs are \\boxed{(1, 3)}, \\boxed{(3, 1)}. ¦ (1,3),(3,1) ¦ =
            latex ¦ So the pairs are \\boxed{(1, 3)}, \\boxed{(3, 1)}. ¦ (3,1) ¦ !=
            latex ¦ The roots are \\boxed{5} and \\boxed{6} and \\boxed{7}. ¦ 5, 6, 7 ¦ =
            latex ¦ The roots are \\boxed{5} and \\boxed{6} and \\boxed{7}. ¦ 5, 6 ¦ !=
            latex ¦ The roots are \\boxed{5} and \\boxed{6} and \\boxed{7}. ¦ 5, 6, 7, 8 ¦ !=
            latex ¦ Hence $a = \\boxed{2}$, $b = \\boxed{9}$. ¦ (2, 9) ¦ =
            latex ¦ Hence $a = \\boxed{2}$, $b = \\boxed{9}$. ¦ (9, 2) ¦ !=
            latex ¦ $\\boxed{x = -2} \\text{ or } \\boxed{x = 1}$ ¦ 1, -2 ¦ =
            latex ¦ First the area is \\boxed{12}. Then the perimeter follows from the sides: \\boxed{14}. ¦ 14 ¦ =
            number ¦ The answer is \\boxed{7}.⏎⏎Final answer: \\boxed{7} ¦ 7 ¦ =
            number ¦ It is either \\boxed{3} or \\boxed{5}. ¦ 5 ¦ !=
            number ¦ It is either \\boxed{3} or \\boxed{5}. ¦ 3 ¦ !=

            # 2 several assignments: every value compared, by name when both sides name them
            latex ¦ \\boxed{x = 1, y = 2} ¦ 2 ¦ !=
            latex ¦ \\boxed{x = 1, y = 2} ¦ 1 ¦ !=
            latex ¦ \\boxed{x = 1, y = 2} ¦ x = 1, y = 2 ¦ =
            latex ¦ \\boxed{y = 2, x = 1} ¦ x = 1, y = 2 ¦ =
            latex ¦ \\boxed{x = 2, y = 1} ¦ x = 1, y = 2 ¦ !=
            latex ¦ \\boxed{x = 1, y = 2} ¦ (1, 2) ¦ =
            latex ¦ \\boxed{x = 1, y = 2} ¦ (2, 1) ¦ !=
            latex ¦ \\boxed{x = 1, z = 2} ¦ x = 1, y = 2 ¦ !=
            latex ¦ \\boxed{x = 1} ¦ x = 1, y = 2 ¦ !=
            latex ¦ \\boxed{a_{12} = 7, a_{3} = 9} ¦ 7, 9 ¦ =
            latex ¦ \\boxed{a_{12} = 7, a_{3} = 9} ¦ 9, 7 ¦ !=
            latex ¦ \\boxed{(4,1),(6,1)} ¦ m=4,n=1;m=6,n=1 ¦ =
            latex ¦ \\boxed{(6,1),(4,1)} ¦ m=4,n=1;m=6,n=1 ¦ =
            latex ¦ \\boxed{(1,4),(1,6)} ¦ m=4,n=1;m=6,n=1 ¦ !=
            latex ¦ \\boxed{(4,1)} ¦ m=4,n=1;m=6,n=1 ¦ !=
            latex ¦ \\boxed{m = 4, n = 1 \\text{ and } m = 6, n = 1} ¦ (4,1),(6,1) ¦ =
            latex ¦ \\boxed{-7, \\frac{5}{2}} ¦ x = -7,\\ k = \\frac{5}{2} ¦ =
            latex ¦ \\boxed{\\frac{5}{2}, -7} ¦ x = -7,\\ k = \\frac{5}{2} ¦ !=
            latex ¦ \\boxed{x=-7} ¦ x = -7,\\ k = \\frac{5}{2} ¦ !=
            latex ¦ \\boxed{x = 3} ¦ 3 ¦ =
            latex ¦ \\boxed{x = 2 + 3 = 5} ¦ 5 ¦ =
            latex ¦ \\boxed{x = 3 \\text{ or } x = -3} ¦ -3, 3 ¦ =
            latex ¦ \\boxed{x = 3 \\text{ or } x = -3} ¦ 3 ¦ !=
            number ¦ The answer is x = 4, y = 6. ¦ 6 ¦ !=

            # 3 a comma between digits in an English answer separates values, unless the gold writes a decimal comma
            latex ¦ \\boxed{1,2} ¦ 1.2 ¦ !=
            latex ¦ \\boxed{1,2} ¦ 1, 2 ¦ =
            latex ¦ \\boxed{2,5} ¦ 2.5 ¦ !=
            latex ¦ \\boxed{1000,99} ¦ 1000.99 ¦ !=
            latex-de ¦ \\boxed{2,5} ¦ 2.5 ¦ =
            latex ¦ \\boxed{2,5} ¦ 2{,}5 ¦ =
            latex ¦ \\boxed{2.5} ¦ 2{,}5 ¦ =
            latex ¦ \\boxed{2.4} ¦ 2{,}5 ¦ !=
            latex ¦ \\boxed{1,000} ¦ 1000 ¦ =
            latex ¦ \\boxed{12,345,678} ¦ 12345678 ¦ =
            number ¦ The answer is \\boxed{2,5}. ¦ 2.5 ¦ !=
            number ¦ The answer is \\boxed{2.5}. ¦ 2,5 ¦ =
            number-de ¦ Die Antwort ist \\boxed{2,5}. ¦ 2.5 ¦ =
            number ¦ The answer is \\boxed{1,000}. ¦ 1000 ¦ =

            # 4 a leading 0 group is no thousands group
            latex ¦ \\boxed{0,111} ¦ 111 ¦ !=
            latex ¦ \\boxed{0,250} ¦ 250 ¦ !=
            number ¦ The answer is 0,111 ¦ 111 ¦ !=
            number-de ¦ Die Antwort ist \\boxed{0,111} ¦ 0.111 ¦ =
            number-de ¦ Die Antwort ist \\boxed{0.111} ¦ 111 ¦ !=

            # 5 an escaped dollar inside math is a dollar sign
            latex ¦ The total cost is $\\$18.90$. ¦ 18.90 ¦ =
            latex ¦ The total cost is $\\$18.90$. ¦ 18.09 ¦ !=
            latex ¦ It costs $\\$1.50$ per pound. ¦ 1.5 ¦ =
            latex ¦ Answer: $ \\frac{1}{4} \\$ = \\frac{5}{4} $ ¦ 5/4 ¦ =

            # 6 an equation keeps its left side: y = ... against ax + by + c = 0
            latex ¦ \\boxed{y=-\\frac{1}{2}x+\\frac{3}{4}} ¦ 2x+4y-3=0 ¦ =
            latex ¦ \\boxed{y=-\\frac{1}{2}x+\\frac{3}{4}} ¦ 2x+4y+3=0 ¦ !=
            latex ¦ \\boxed{y = 2x + 1} ¦ 2x - y + 1 = 0 ¦ =
            latex ¦ \\boxed{y = 2x + 1} ¦ 2x + 1 ¦ =
            latex ¦ \\boxed{y = 2x + 1} ¦ x = 2y + 1 ¦ !=
            latex ¦ \\boxed{y = 2x + 1} ¦ y = 2x - 1 ¦ !=

            # 7 names that are not one letter
            latex ¦ \\boxed{f(x) = 1} ¦ 1 ¦ =
            latex ¦ \\boxed{f(x) = 1} ¦ 2 ¦ !=
            latex ¦ \\boxed{|AB| = 5} ¦ 5 ¦ =
            latex ¦ \\boxed{\\frac{NO}{BO} = \\frac{1}{\\sqrt{6}}} ¦ \\frac{\\sqrt{6}}{6} ¦ =
            latex ¦ \\boxed{\\frac{NO}{BO} = \\frac{1}{\\sqrt{6}}} ¦ \\frac{\\sqrt{6}}{3} ¦ !=
            latex ¦ \\boxed{AB = 4, CD = 5} ¦ 4, 5 ¦ =
            latex ¦ \\boxed{AB = 4, CD = 5} ¦ CD = 5, AB = 4 ¦ =
            latex ¦ \\boxed{AB = 5, CD = 4} ¦ AB = 4, CD = 5 ¦ !=
            latex ¦ \\boxed{4, 5} ¦ AB=4,CD=5 ¦ =
            latex ¦ \\boxed{5, 4} ¦ AB=4,CD=5 ¦ !=
            latex ¦ \\boxed{V_1:V_2 = 11:21} ¦ 11:21 ¦ =
            latex ¦ \\boxed{m\\angle ABC = 40^\\circ} ¦ 40 ¦ =
            latex ¦ \\boxed{W(x) = 1 \\text{ or } W(x) = -1} ¦ W(n) = 1 \\text{ and } W(n) = -1 ¦ =

            # 8 an outer group is unwrapped; a set against plus-minus
            latex ¦ \\boxed{{2, 3, 5, 7, 13}} ¦ 2, 3, 5, 7, 13 ¦ =
            latex ¦ \\boxed{{2, 3, 5, 7, 13}} ¦ \\{2,3,5,7,13\\} ¦ =
            latex ¦ \\boxed{{2, 3, 5, 7}} ¦ 2, 3, 5, 7, 13 ¦ !=
            latex ¦ \\boxed{\\{-2021, 2021\\}} ¦ \\pm 2021 ¦ =
            latex ¦ \\boxed{\\pm 2021} ¦ \\{-2021, 2021\\} ¦ =
            latex ¦ \\boxed{\\{-2021, 2020\\}} ¦ \\pm 2021 ¦ !=

            # 9 a spaced braced comma is a thousands separator
            latex ¦ \\boxed{14{, }916} ¦ 14916 ¦ =
            number ¦ The answer is $14{, }916$. ¦ 14916 ¦ =
            latex ¦ \\boxed{14{, }916} ¦ 14917 ¦ !=

            # 10 an inequality is the interval of its variable
            latex ¦ \\boxed{x < 1} ¦ (-\\infty, 1) ¦ =
            latex ¦ \\boxed{x < 1} ¦ (-\\infty, 1] ¦ !=
            latex ¦ \\boxed{x \\ge 2} ¦ [2, \\infty) ¦ =
            latex ¦ \\boxed{x \\ge 2} ¦ (2, \\infty) ¦ !=
            latex ¦ \\boxed{-x > -1} ¦ x < 1 ¦ =
            latex ¦ \\boxed{-x > -1} ¦ x > 1 ¦ !=
            latex ¦ \\boxed{-2 < x \\le 3} ¦ (-2, 3] ¦ =
            latex ¦ \\boxed{-2 < x \\le 3} ¦ [-2, 3] ¦ !=
            latex ¦ \\boxed{x < -1 \\text{ or } x > 1} ¦ (-\\infty,-1)\\cup(1,\\infty) ¦ =
            latex ¦ \\boxed{x > 1 \\text{ or } x < -1} ¦ (-\\infty,-1)\\cup(1,\\infty) ¦ =
            latex ¦ \\boxed{x < -1 \\text{ or } x > 2} ¦ (-\\infty,-1)\\cup(1,\\infty) ¦ !=
            latex ¦ \\boxed{x \\in [2, \\infty)} ¦ x \\geq 2 ¦ =
            latex ¦ \\boxed{2x - 4 \\ge 0} ¦ [2, \\infty) ¦ =
            latex ¦ \\boxed{x \\neq 1} ¦ (-\\infty, 1) \\cup (1, \\infty) ¦ =
            latex ¦ \\boxed{1 \\le |z| \\le \\frac{3}{2}} ¦ [-\\frac{3}{2}, -1] \\cup [1, \\frac{3}{2}] ¦ =
            latex ¦ \\boxed{1 \\le |z| \\le \\frac{3}{2}} ¦ [1, \\frac{3}{2}] ¦ !=
            latex ¦ \\boxed{|z| \\le 2} ¦ [-2, 2] ¦ =
            latex ¦ \\boxed{y - 2x > 0} ¦ y > 2x ¦ =
            latex ¦ \\boxed{y - 2x > 0} ¦ y < 2x ¦ !=
            latex ¦ \\boxed{0 < f(x) < 1} ¦ (0, 1) ¦ =
            latex ¦ \\boxed{x^2 > 4} ¦ x > 2 ¦ !=

            # 11 a sentence with several math segments states several values
            latex ¦ The two integers are $12$ and $13$. ¦ 12, 13 ¦ =
            latex ¦ The two integers are $12$ and $13$. ¦ 13 ¦ !=
            latex ¦ Final Answer: The final answer is $3$ and $-3$. I hope it is correct. ¦ \\pm 3 ¦ =
            latex ¦ Final Answer: The final answer is $3$ and $-3$. I hope it is correct. ¦ 3 ¦ !=
            latex ¦ We have $a = 4$, so the answer is $5$. ¦ 5 ¦ =

            # 12 a worked computation is its result; a sentence, the value it concludes with
            latex ¦ Final answer: $7 \\cdot 7 \\cdot 7 \\cdot 7 \\cdot 4 = 9604$ ¦ 9604 ¦ =
            latex ¦ Final answer: $7 \\cdot 7 \\cdot 7 \\cdot 7 \\cdot 4 = 9604$ ¦ 7 ¦ !=
            latex ¦ \\boxed{8 + 14 + 56 = 78} ¦ 78 ¦ =
            latex ¦ \\boxed{8 + 14 + 56 = 78} ¦ 79 ¦ !=
            latex ¦ \\boxed{7 = 11a + c} ¦ 11a + c ¦ !=
            number ¦ {"answer": "Each of the 4 houses costs $32,300, so together they are worth 4 * $32,300, which equals $129,200"} ¦ 129200 ¦ =
            number ¦ {"answer": "Each of the 4 houses costs $32,300, so together they are worth 4 * $32,300, which equals $129,200"} ¦ 4 ¦ !=
            number ¦ {"answer": "She spent $750 in total and sold everything for $1,000, a profit of $250"} ¦ 250 ¦ =
            number ¦ {"answer": "She spent $750 in total and sold everything for $1,000, a profit of $250"} ¦ 750 ¦ !=
            number ¦ {"answer": "18 dollars per day"} ¦ 18 ¦ =
            number ¦ {"answer": "He needs 40 years in total to save for a 20-year retirement"} ¦ 40 ¦ =

            # 15 an empty box is no answer
            latex ¦ Therefore the answer is $\\boxed{}$. ¦ 5 ¦ none
            number ¦ The answer is \\boxed{ }. ¦ 5 ¦ none
            number ¦ We found \\boxed{5} earlier, but the final answer is \\boxed{}. ¦ 5 ¦ none

            # and answers that only look equal
            number ¦ The answer is 5 (or maybe 6). ¦ 5 ¦ !=
            number ¦ The answer is 5 (or maybe 6). ¦ 6 ¦ !=
            number ¦ The answer is 18 dollars per day. ¦ 18 ¦ =
            latex ¦ \\boxed{|x|} ¦ x ¦ !=
            latex ¦ \\boxed{\\sqrt{x^2}} ¦ x ¦ !=
            latex ¦ \\boxed{\\sqrt{x}^2} ¦ x ¦ =
            latex ¦ \\boxed{2, 1} ¦ (1, 2) ¦ !=
            latex ¦ \\boxed{2, 5} ¦ [2, 5] ¦ !=
            latex ¦ \\boxed{\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}} ¦ (1, 2, 3, 4) ¦ !=
            latex ¦ \\boxed{\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}} ¦ \\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix} ¦ !=
            latex ¦ \\boxed{\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix}} ¦ \\begin{pmatrix}6 & 8 \\\\ 10 & 12\\end{pmatrix} ¦ =
            latex ¦ \\boxed{\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix}} ¦ \\begin{pmatrix}6 & 8 \\\\ 10 & 13\\end{pmatrix} ¦ !=
            latex ¦ \\boxed{\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} \\begin{pmatrix}0 & 1 \\\\ 1 & 0\\end{pmatrix}} ¦ \\begin{pmatrix}2 & 1 \\\\ 4 & 3\\end{pmatrix} ¦ =
            latex ¦ \\boxed{\\begin{pmatrix}0 & 1 \\\\ 1 & 0\\end{pmatrix} \\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}} ¦ \\begin{pmatrix}2 & 1 \\\\ 4 & 3\\end{pmatrix} ¦ !=
            latex ¦ \\boxed{2\\begin{pmatrix}1 \\\\ -3\\end{pmatrix}} ¦ (2, -6) ¦ =
            """;

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String group = null;
        for (String line : CASES.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                group = line.substring(1).strip();
                continue;
            }
            String[] p = line.split(" ¦ ");
            assertEquals(4, p.length, line);
            out.add(new Case(group, p[0].strip(), p[1].strip().replace("⏎", "\n"), p[2].strip(), p[3].strip()));
        }
        return out;
    }

    record Case(String group, String kind, String response, String gold, String verdict) {
        Score score() {
            String language = kind.endsWith("-de") ? "de" : "en";
            MathAnswerScorer.AnswerKind k = kind.startsWith("number") ? MathAnswerScorer.AnswerKind.NUMBER : MathAnswerScorer.AnswerKind.LATEX;
            return new MathAnswerScorer(new MathAnswerScorer.Options("answer", k, language))
                    .score(new Item("0", Map.of("answer", gold)), new ModelOutput(response, null));
        }
    }

    @TestFactory
    Stream<DynamicNode> everyDefectClassHasItsOwnCases() {
        List<Case> all = cases();
        return all.stream().map(Case::group).distinct().map(group -> DynamicContainer.dynamicContainer(group,
                all.stream().filter(c -> c.group().equals(group)).map(c -> DynamicTest.dynamicTest(
                        c.kind() + ": " + c.response() + " vs gold " + c.gold() + " " + c.verdict(), () -> check(c)))));
    }

    /** Near misses: each accepted case is rejected when one number of its gold changes (a wrong answer, then). */
    @TestFactory
    Stream<DynamicTest> oneNumberOfTheGoldChangedIsNeverAccepted() {
        java.util.regex.Pattern number = java.util.regex.Pattern.compile("(?<![_\\d]|}\\^)\\d+");
        List<DynamicTest> out = new ArrayList<>();
        for (Case c : cases()) {
            if (!c.verdict().equals("=")) {
                continue;
            }
            java.util.regex.Matcher m = number.matcher(c.gold());
            while (m.find()) {
                String gold = c.gold().substring(0, m.start()) + new java.math.BigInteger(m.group()).add(java.math.BigInteger.ONE)
                        + c.gold().substring(m.end());
                Case miss = new Case(c.group(), c.kind(), c.response(), gold, "!=");
                out.add(DynamicTest.dynamicTest(c.response() + " vs gold " + gold, () -> check(miss)));
            }
        }
        return out.stream();
    }

    /** 14: a response the token limit cut is scored only on an explicit final answer that the cut left whole. */
    @org.junit.jupiter.api.Test
    void truncatedResponsesNeedAnExplicitFinalAnswerBeforeTheCut() {
        MathAnswerScorer number = new MathAnswerScorer(MathAnswerScorer.Options.DEFAULT);
        Item gold = new Item("0", Map.of("answer", "100000"));
        String runaway = "Each box holds 25 pens, so 4 boxes hold 100 pens; the price is 1000 per pen, then 100 * 1000 = 100000";

        Score cut = number.score(gold, new ModelOutput(runaway, null, "length"));
        assertEquals("no-answer", cut.rule(), "a lucky last number of runaway text is no answer");
        assertNull(cut.answer());
        assertEquals(true, cut.details().get("truncated"));
        assertTrue(cut.details().get("reason").toString().contains("before a final answer"), cut.details().toString());
        assertTrue(number.score(gold, new ModelOutput(runaway, null, "stop")).isCorrect(), "the same text, finished, is read as before");
        assertEquals("no-answer", number.score(gold, new ModelOutput(runaway, null, "max_tokens")).rule(), "Anthropic's name for it");

        Score midAnswer = number.score(gold, new ModelOutput("Adding it all up, the answer is 100000", null, "length"));
        assertEquals("no-answer", midAnswer.rule(), "the cut may have fallen inside the number (100000 of 1000000)");
        assertTrue(midAnswer.details().get("reason").toString().contains("inside the final answer"), midAnswer.details().toString());

        Score boxed = number.score(gold, new ModelOutput("So the total is \\boxed{100000}. Let me verify: 100 * 1000 = 10", null, "length"));
        assertTrue(boxed.isCorrect(), boxed.rule());
        assertEquals(true, boxed.details().get("truncated"));
        Score json = number.score(gold, new ModelOutput("{\"reasoning\": \"...\", \"answer\": \"100000\"}\nWait, let me re", null, "length"));
        assertTrue(json.isCorrect(), json.rule());
        Score marker = number.score(gold, new ModelOutput("The answer is 100000.\nDouble-checking the units: 25 pens per", null, "length"));
        assertTrue(marker.isCorrect(), marker.rule());
        assertTrue(number.score(gold, new ModelOutput("The answer is 100000\n", null, "length")).isCorrect(), "its line was finished");
        assertTrue(number.score(gold, new ModelOutput("{\"answer\": \"100000\"}", null, "length")).isCorrect(), "a closed JSON string");
        Score wrongBoxed = number.score(gold, new ModelOutput("So the total is \\boxed{10000}. Let me verify: 100 * 1000 = 100000", null, "length"));
        assertTrue(!wrongBoxed.isCorrect() && wrongBoxed.answer() != null, "a wrong boxed answer stays wrong, and is an answer");
    }

    private static void check(Case c) {
        Score s = c.score();
        String why = "rule " + s.rule() + ", answer " + s.answer() + ", normalized " + s.normalized() + " vs " + s.gold() + " " + s.details();
        switch (c.verdict()) {
            case "=" -> assertTrue(s.isCorrect(), why);
            case "!=" -> assertTrue(!s.isCorrect() && s.answer() != null, why);
            default -> {
                assertEquals("no-answer", s.rule(), why);
                assertNull(s.answer(), why);
                assertTrue(s.details().get("reason").toString().contains("empty"), why);
            }
        }
    }
}
