package org.gapbench.score.choice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.io.Json;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.choice.GaokaoExtraction.QuestionType;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publisher's extraction rule and points rule, checked against the publisher's own output: every answer it
 * extracted from GPT-4-0314's 1,781 recorded outputs, the physics half-credit rule (213 points with it, 204 without),
 * and the edge cases a model can produce.
 */
class GaokaoScorerTest {
    private static final GaokaoScorer SCORER = new GaokaoScorer(new GaokaoScorer.Options("answer", "points", "question_type", true));
    private static List<Item> items;
    /** Item id to the recorded example: model_output and the publisher's model_answer. */
    private static final Map<String, JsonNode> RECORDED = new HashMap<>();

    @BeforeAll
    static void read() throws Exception {
        items = new DatasetReader(TestSupport.store()).read(ManifestLoader.load(TestSupport.home().resolve("datasets/gaokao-bench.yaml")), "test");
        Path dir = TestSupport.dataDir().resolve("recorded/gaokao-bench-gpt4/objective");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    JsonNode doc = Json.MAPPER.readTree(in);
                    for (JsonNode e : doc.get("example")) {
                        RECORDED.put(doc.get("keyword").asText() + "/" + e.get("index").asText(), e);
                    }
                }
            }
        }
    }

    @Test
    void theDatasetIsTheFourteenTypesWithTheirPoints() {
        assertEquals(1781, items.size());
        assertEquals(1781, RECORDED.size());
        double points = 0;
        int answers = 0;
        for (Item i : items) {
            assertTrue(RECORDED.containsKey(i.id()), "an item id is <type>/<upstream index>: " + i.id());
            points += ((Number) i.fields().get("points")).doubleValue() * i.list("answer").size();
            answers += i.list("answer").size();
            assertTrue(i.text("instruction").contains("【答案】"), "the question type's zero-shot prompt: " + i.id());
        }
        assertEquals(9702, points, 1e-9);
        assertEquals(2944, answers);
    }

    /** gapbench's extraction gives the publisher's model_answer for every one of the 1,781 recorded outputs. */
    @Test
    void extractsWhatThePublisherExtractedFromEveryRecordedOutput() {
        List<String> differ = new ArrayList<>();
        for (Item i : items) {
            JsonNode e = RECORDED.get(i.id());
            List<String> theirs = new ArrayList<>();
            e.get("model_answer").forEach(a -> theirs.add(a.asText()));
            List<String> ours = GaokaoExtraction.extract(e.get("model_output").asText(), QuestionType.of(i.text("question_type")),
                    i.list("answer").size());
            if (!ours.equals(theirs)) {
                differ.add(i.id() + ": publisher " + theirs + ", gapbench " + ours);
            }
        }
        assertTrue(differ.isEmpty(), differ.size() + " differ: " + differ.subList(0, Math.min(5, differ.size())));
    }

    /**
     * Physics: 213 points with the half-credit rule, 204 without it, as the publisher's figures say; and comparing
     * letter sets (gapbench) rather than strings (upstream) changes no recorded answer's points.
     */
    @Test
    void physicsHalfCreditGivesThePublishedPoints() {
        GaokaoScorer strict = new GaokaoScorer(new GaokaoScorer.Options("answer", "points", "question_type", false));
        double withHalf = 0;
        double without = 0;
        for (Item i : items) {
            if (!i.text("subject").equals("physics")) {
                continue;
            }
            ModelOutput out = new ModelOutput(RECORDED.get(i.id()).get("model_output").asText(), null);
            Score s = SCORER.score(i, out);
            double earned = ((Number) s.details().get(GaokaoScorer.EARNED)).doubleValue();
            withHalf += earned;
            without += ((Number) strict.score(i, out).details().get(GaokaoScorer.EARNED)).doubleValue();
            assertEquals(upstreamPhysicsPoints(RECORDED.get(i.id()), i), earned, i.id());
        }
        assertEquals(213, withHalf);
        assertEquals(204, without);
    }

    /** OBJ_score_evaluation.py for Physics: 6 for the same string, 3 when every predicted letter is in the gold. */
    private static double upstreamPhysicsPoints(JsonNode e, Item i) {
        String gold = i.list("answer").get(0).toString();
        JsonNode answer = e.get("model_answer");
        if (answer.size() != 1) {
            return 0;
        }
        String pred = answer.get(0).asText();
        return pred.equals(gold) ? 6 : pred.chars().allMatch(c -> gold.indexOf(c) >= 0) ? 3 : 0;
    }

    private static Item item(String type, double points, String... gold) {
        return new Item("t/0", Map.of("question_type", type, "points", points, "answer", List.of(gold)));
    }

    private static Score score(Item item, String output) {
        return SCORER.score(item, new ModelOutput(output, null));
    }

    @Test
    void singleChoiceTakesTheLastLetterAToD() {
        assertEquals(1.0, score(item("single_choice", 5, "D"), "【解析】A和B都不对……<eoe>\n【答案】D<eoa>").value());
        Score s = score(item("single_choice", 5, "B"), "【答案】: A <eoa>");
        assertEquals(0.0, s.value());
        assertEquals("single_choice:wrong", s.rule());
        assertEquals("A", s.answer());
        // The publisher's rule is lenient by design: the last A-D anywhere, even in a word.
        assertEquals("D", score(item("single_choice", 5, "D"), "I pick B. Done").answer());
        Score none = score(item("single_choice", 5, "A"), "我不知道。");
        assertEquals("single_choice:no-answer", none.rule());
        assertNull(none.answer());
    }

    @Test
    void multiQuestionItemsEarnPointsPerBlank() {
        Item reading = item("multi_question_choice", 2, "B", "C", "A");
        Score s = score(reading, "（1）【答案】 B <eoa>\n（2）【答案】：C <eoa>\n（3）【答案】 D <eoa>");
        assertEquals(2.0 / 3, s.value(), 1e-12);
        assertEquals(4.0, s.details().get(GaokaoScorer.EARNED));
        assertEquals(6.0, s.details().get(GaokaoScorer.POSSIBLE));
        assertEquals("multi_question_choice:partly-correct", s.rule());
        // Two marks for three blanks: the first three capitals of the whole output stand in (upstream's fallback).
        assertEquals("B,C,A", score(reading, "B then 【答案】C and 【答案】A").answer());
        // Fewer answers than blanks: none counts, as upstream (it replaces them with "Z").
        Score few = score(reading, "Only B");
        assertEquals("multi_question_choice:count-mismatch", few.rule());
        assertEquals(0.0, few.value());
        assertEquals(1.5 * 20, score(item("multi_question_choice", 1.5, "A".repeat(20).split("")),
                "【答案】A\n".repeat(20)).details().get(GaokaoScorer.EARNED));
    }

    @Test
    void multiSelectEarnsHalfForAProperSubsetOfTheGoldSet() {
        Item physics = item("multi_choice", 6, "BD");
        assertEquals(1.0, score(physics, "分析……\n【答案】BD<eoa>").value());
        assertEquals(1.0, score(physics, "分析……\n【答案】D、B<eoa>").value(), "the same set in another order");
        Score half = score(physics, "分析……\n【答案】 B <eoa>");
        assertEquals(0.5, half.value());
        assertEquals("multi_choice:half-credit-subset", half.rule());
        assertEquals(0.0, score(physics, "分析……\n【答案】ABCD<eoa>").value(), "every option is not a subset");
        assertEquals(0.0, score(physics, "分析……\n【答案】BC<eoa>").value());
        // Python's \s includes the ideographic space; an answer mark at the very start is ignored by upstream (index > 0),
        // which then reads the last 10 characters.
        assertEquals(1.0, score(physics, "解析\u3000略\n【答案】\u3000B\u3000D\u3000<eoa>").value());
        assertEquals("BD", score(physics, "【答案】BD<eoa>").answer());
        assertEquals("multi_choice:no-answer", score(physics, "【答案】无法确定<eoa>".repeat(3)).rule());
    }

    @Test
    void sevenOptionsForFiveBlanksTakeTheFirstFiveLettersAToG() {
        Item cloze = item("five_out_of_seven", 2, "C", "F", "A", "E", "D");
        assertEquals(1.0, score(cloze, "【答案】C F A E D <eoa>").value());
        assertEquals(0.8, score(cloze, "【答案】C F A E G <eoa>").value(), 1e-12);
    }

    @Test
    void anyOutputIsScoredNeverThrown() {
        Item physics = item("multi_choice", 6, "BD");
        for (String hostile : List.of("", "\u0000\uFFFF\uD800", "【答案】".repeat(10_000), "A".repeat(200_000), "<eoa>【答案】")) {
            Score s = score(physics, hostile);
            assertTrue(s.value() >= 0 && s.value() <= 1, hostile.length() + " chars");
        }
        assertThrows(IllegalArgumentException.class, () -> score(new Item("x", Map.of("question_type", "essay", "points", 1, "answer",
                List.of("A"))), "A"), "a dataset error, not a model's");
        assertThrows(IllegalArgumentException.class, () -> score(item("single_choice", 0, "A"), "A"));
    }
}
