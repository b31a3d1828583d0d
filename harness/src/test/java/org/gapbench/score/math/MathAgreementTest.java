package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.config.Home;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * gapbench's math checker against other publishers' verdicts on real generations. Agreement is reported (and
 * written to target/math-agreement.md, the source of the tables in docs/math-scoring.md); the tests pin the
 * disagreements item by item (src/test/resources/.../agreement/*.txt, each classified in that doc), so a change to
 * the checker that moves any verdict — even one that trades one disagreement for another — has to be looked at and
 * documented. The lists the checker gives now are written beside the report (target/math-agreement/*.txt).
 */
class MathAgreementTest {
    private static final MathAnswerScorer NUMBER = new MathAnswerScorer(MathAnswerScorer.Options.DEFAULT);
    private static final MathAnswerScorer LATEX = new MathAnswerScorer(new MathAnswerScorer.Options("answer", MathAnswerScorer.AnswerKind.LATEX, null));
    private static final Pattern OPENAI_ANSWER = Pattern.compile("A:\\s*(.+)\\s*$");
    private static final StringBuilder REPORT = new StringBuilder();
    private static final StringBuilder TSV = new StringBuilder();
    /** The MATH-L5 problems as datasets/math-l5.yaml gives them: its golds with the manifest's corrections. */
    private static final Map<String, Item> MATH_L5 = new DatasetReader(TestSupport.store())
            .read(ManifestLoader.load(new Home(TestSupport.home()).datasets().resolve("math-l5.yaml")), null).stream()
            .collect(java.util.stream.Collectors.toMap(Item::id, i -> i));

    @Test
    void reproducesOpenAiGsm8kCorrectnessFlags() {
        Tally t = new Tally();
        for (JsonNode row : Recorded.jsonl(Recorded.recorded("openai-gsm8k-example-solutions").resolve("example_model_solutions.jsonl.gz"))) {
            Matcher g = OPENAI_ANSWER.matcher(row.get("ground_truth").asText());
            assertTrue(g.find());
            Item item = new Item(String.valueOf(t.total / 4), Map.of("answer", g.group(1)));
            for (String model : List.of("6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification")) {
                JsonNode entry = row.get(model);
                Score s = NUMBER.score(item, new ModelOutput(entry.get("solution").asText(), null));
                t.add(model + " " + item.id(), s.isCorrect(), entry.get("is_correct").asBoolean(), () -> model + " item " + item.id() + ": gold " + g.group(1)
                        + ", ours " + s.normalized() + " (" + s.rule() + "), OpenAI " + entry.get("is_correct").asBoolean());
            }
        }
        t.report("openai-gsm8k-example-solutions");
        assertEquals(t.total, t.agree, "every published flag reproduced: " + t.disagreements);
    }

    @Test
    void agreesWithQwenGraderExceptDocumentedItems() {
        Tally t = new Tally();
        for (JsonNode row : Recorded.jsonl(Recorded.recorded("qwen25-math-rm-maj-example").resolve("math_cot_100.jsonl.gz"))) {
            Item item = new Item(row.get("idx").asText(), Map.of("answer", row.get("answer").asText()));
            for (int i = 0; i < row.get("code").size(); i++) {
                Score s = LATEX.score(item, new ModelOutput(row.get("code").get(i).asText(), null));
                boolean theirs = row.get("score").get(i).asBoolean();
                int sample = i;
                t.add(item.id() + "#" + sample, s.isCorrect(), theirs, () -> "idx " + item.id() + " sample " + sample + ": gold `" + row.get("answer").asText() + "`, their pred `"
                        + row.get("pred").get(sample).asText() + "` " + theirs + "; ours `" + s.answer() + "` -> " + s.rule());
            }
        }
        t.report("qwen25-math-rm-maj-example");
        // the grader bugs named in the publisher's NOTICE (4:30 p.m., 10{,}000); see docs/math-scoring.md
        assertPinned("qwen25-math-rm-maj-example", t.keys, t.disagreements);
    }

    @Test
    void lightevalExtractiveMatchVectors() {
        Tally t = new Tally();
        for (JsonNode v : Recorded.jsonl(Recorded.recorded("lighteval-metric-fixtures").resolve("extractive_match_test_vectors.jsonl"))) {
            String test = v.get("test").asText();
            if (test.contains("_abc")) {
                continue; // multiple-choice letter extraction: not a math checker concern
            }
            // lighteval extracts the gold too; its golds are boxed solutions (several boxes = several values) or $...$ answers
            String rawGold = v.get("gold").asText();
            List<String> boxes = new ArrayList<>();
            for (String rest = rawGold; AnswerExtractor.lastBoxed(rest) != null; rest = rest.substring(0, rest.lastIndexOf("\\boxed"))) {
                boxes.add(0, AnswerExtractor.lastBoxed(rest));
            }
            String gold = boxes.isEmpty() ? rawGold.replace("$", "").strip() : String.join(", ", boxes);
            Score s = LATEX.score(new Item(String.valueOf(t.total), Map.of("answer", gold)), new ModelOutput(v.get("pred").asText(), null));
            boolean theirs = v.get("expected").asDouble() >= 1;
            t.add(test + " #" + t.total, s.isCorrect(), theirs, () -> test + ": gold `" + v.get("gold").asText() + "` pred `" + abbreviate(v.get("pred").asText()) + "` lighteval "
                        + theirs + "; ours `" + s.answer() + "` -> " + s.rule());
        }
        t.report("lighteval-metric-fixtures (math vectors)");
        assertPinned("lighteval-metric-fixtures", t.keys, t.disagreements);
    }

    @Test
    void zeroEvalGenerationsScoredByOurChecker() {
        Path dir = Recorded.recorded("zeroeval-gsm8k-math");
        StringBuilder table = new StringBuilder("| task | model | ZeroEval % | ours % | ours right, theirs wrong | theirs right, ours wrong |\n|---|---|---|---|---|---|\n");
        List<String> disagreements = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int agree = 0;
        int total = 0;
        for (String task : List.of("gsm", "math-l5")) {
            ZeroEvalScorer[] zero = {new ZeroEvalScorer(ZeroEvalScorer.Options.DEFAULT),
                new ZeroEvalScorer(new ZeroEvalScorer.Options("answer", true))};
            String[] files = dir.resolve(task).toFile().list();
            java.util.Arrays.sort(files);
            for (String f : files) {
                String model = f.replace(".slim.jsonl.gz", "");
                int ours = 0;
                int theirs = 0;
                int oursOnly = 0;
                int theirsOnly = 0;
                List<JsonNode> rows = Recorded.jsonl(dir.resolve(task).resolve(f));
                for (JsonNode row : rows) {
                    Item item = new Item(row.get("id").asText(), Map.of("answer", row.get("answer").asText().replace("#", "").strip()));
                    // ours is given the golds of the math-l5 manifest (corrected where an integer gold kept one of several
                    // values); ZeroEval's published numbers were computed with the golds in the files
                    Item graded = task.equals("gsm") ? item : MATH_L5.get(item.id());
                    ModelOutput out = new ModelOutput(row.get("output").get(0).asText(), null);
                    Score o = (task.equals("gsm") ? NUMBER : LATEX).score(graded, out); // as the gsm8k and math500 suites do
                    Score z = zero[model.contains("Llama-3.1") ? 1 : 0].score(item, out);
                    ours += o.isCorrect() ? 1 : 0;
                    theirs += z.isCorrect() ? 1 : 0;
                    total++;
                    if (o.isCorrect() == z.isCorrect()) {
                        agree++;
                        continue;
                    }
                    if (o.isCorrect()) {
                        oursOnly++;
                    } else {
                        theirsOnly++;
                    }
                    keys.add(task + " " + model + " " + item.id() + " " + (o.isCorrect() ? "ours-right" : "theirs-right"));
                    disagreements.add(task + " " + model + " " + item.id() + ": gold `" + graded.text("answer") + "`, ZeroEval `" + z.answer() + "` "
                            + z.isCorrect() + ", ours `" + o.answer() + "` (" + o.rule() + ") " + o.isCorrect());
                    TSV.append(String.join("\t", task, model, item.id(), graded.text("answer"), String.valueOf(z.answer()), z.rule(),
                            String.valueOf(z.isCorrect()), String.valueOf(o.answer()), o.rule(), String.valueOf(o.isCorrect())).replace("\n", " ")).append('\n');
                }
                table.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %d | %d |%n", task, model, 100.0 * theirs / rows.size(),
                        100.0 * ours / rows.size(), oursOnly, theirsOnly));
            }
        }
        REPORT.append("## zeroeval-gsm8k-math: our checker vs ZeroEval's rule\n\n").append(table).append('\n');
        section("zeroeval-gsm8k-math disagreements", agree, total, disagreements);
        assertPinned("zeroeval-gsm8k-math", keys, disagreements);
    }

    /**
     * The disagreements must be exactly the pinned ones. The message names what moved, so the change can be
     * classified in docs/math-scoring.md and the list updated with it.
     */
    private static void assertPinned(String name, List<String> keys, List<String> explained) {
        List<String> actual = keys.stream().sorted().toList();
        try {
            Path out = Path.of("target", "math-agreement", name + ".txt");
            Files.createDirectories(out.getParent());
            Files.write(out, actual);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> pinned;
        try (java.io.InputStream in = MathAgreementTest.class.getResourceAsStream("agreement/" + name + ".txt")) {
            assertTrue(in != null, "no pinned list for " + name);
            pinned = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> added = actual.stream().filter(k -> !pinned.contains(k)).toList();
        List<String> gone = pinned.stream().filter(k -> !actual.contains(k)).toList();
        assertTrue(added.isEmpty() && gone.isEmpty(), name + ": new disagreements " + added + ", no longer disagreeing " + gone
                + " (classify them in docs/math-scoring.md, then update agreement/" + name + ".txt); all: " + explained);
    }

    private static void section(String name, int agree, int total, List<String> disagreements) {
        synchronized (REPORT) {
            REPORT.append(String.format(Locale.ROOT, "## %s%n%nagreement %d/%d = %.2f%%%n%n", name, agree, total, 100.0 * agree / total));
            for (String d : disagreements) {
                REPORT.append("- ").append(d.replace("\n", " ")).append('\n');
            }
            REPORT.append('\n');
        }
    }

    private static String abbreviate(String s) {
        s = s.replace("\n", " ");
        return s.length() > 90 ? "…" + s.substring(s.length() - 90) : s;
    }

    /** Counts agreement with a publisher's verdicts and keeps each disagreement's explanation. */
    private static final class Tally {
        int agree;
        int total;
        final List<String> disagreements = new ArrayList<>();

        final List<String> keys = new ArrayList<>();

        /** @param key the sample, stable across checker changes that keep its verdict (no extracted text in it) */
        void add(String key, boolean ours, boolean theirs, java.util.function.Supplier<String> why) {
            total++;
            if (ours == theirs) {
                agree++;
            } else {
                disagreements.add(why.get());
                keys.add(key + " " + (ours ? "ours-right" : "theirs-right"));
            }
        }

        void report(String name) {
            section(name, agree, total, disagreements);
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path out = Path.of("target", "math-agreement.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, REPORT.toString());
        Files.writeString(out.resolveSibling("zeroeval-disagreements.tsv"), TSV.toString());
    }
}
