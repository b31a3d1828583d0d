package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.ScorerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a model sends back, the math scorers return a wrong score with a reason, never an exception. */
class MathBadInputTest {
    private static final Item ITEM = new Item("0", Map.of("answer", "18"));

    static Stream<Arguments> responses() {
        byte[] binary = new byte[200_000];
        new Random(7).nextBytes(binary);
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("empty", "", true));
        out.add(Arguments.of("whitespace", " \n\t ", true));
        out.add(Arguments.of("words only", "I am not sure how to solve this problem.", true));
        out.add(Arguments.of("only reasoning", "<think>16 - 3 - 4 = 9, 9 * 2 = 18</think>", true));
        out.add(Arguments.of("binary as UTF-8", new String(binary, StandardCharsets.UTF_8), false));
        out.add(Arguments.of("binary as Latin-1", new String(binary, StandardCharsets.ISO_8859_1), false));
        out.add(Arguments.of("NUL bytes", "\u0000".repeat(10_000), true));
        out.add(Arguments.of("5 MB of prose", "lorem ipsum dolor ".repeat(300_000), true));
        out.add(Arguments.of("5 MB of digits", "7".repeat(5_000_000), false));
        out.add(Arguments.of("unclosed boxes", "\\boxed{".repeat(100_000), false));
        out.add(Arguments.of("deep parentheses", "\\boxed{" + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "}", false));
        out.add(Arguments.of("huge box", "\\boxed{" + "x+".repeat(1_000_000) + "1}", false));
        out.add(Arguments.of("unclosed json", "{\"answer\": \"" + "9".repeat(100_000), false));
        out.add(Arguments.of("lone surrogates", "\uD800\uDC00\uDBFF answer is \uDFFF", false));
        return out.stream();
    }

    @ParameterizedTest(name = "math: {0}")
    @MethodSource("responses")
    void mathScorerMarksItWrongWithAReason(String name, String response, boolean noAnswer) {
        for (String kind : List.of("number", "latex")) {
            Scorer math = ScoringPlan.scorer(new ScorerConfig("math", Map.of("answer_kind", kind)), ScoringContext.standard());
            Score s = math.score(ITEM, new ModelOutput(response, null));
            assertFalse(s.isCorrect(), name + " " + kind + ": " + s.rule());
            if (noAnswer) {
                assertEquals("no-answer", s.rule(), name + " " + kind);
            }
            assertEquals("18", s.gold());
        }
    }

    @ParameterizedTest(name = "zeroeval: {0}")
    @MethodSource("responses")
    void zeroEvalScorerMarksItWrong(String name, String response, boolean noAnswer) {
        Scorer zero = ScoringPlan.scorer(new ScorerConfig("zeroeval", Map.of()), ScoringContext.standard());
        Score s = zero.score(ITEM, new ModelOutput(response, null));
        assertFalse(s.isCorrect(), name + ": " + s.rule());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void nullTextIsEmpty(String name, String response, boolean noAnswer) {
        Scorer math = ScoringPlan.scorer(new ScorerConfig("math", Map.of()), ScoringContext.standard());
        assertEquals("no-answer", math.score(ITEM, new ModelOutput(null, response)).rule(), "reasoning alone never counts");
    }
}
