package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every judged suite end to end through the real CLI with a live judge on 127.0.0.1 answering in its suite's upstream
 * format (recorded answers as the model under test, so the judge sees real Japanese answers): the judge gets the
 * upstream prompt filled with the item's fields and the answer, its verdict is read by the suite's rule, and the
 * summary's metrics follow from what the judge said.
 */
class JudgedSuitesLiveTest {
    @TempDir
    Path tmp;
    ProviderServer judge;

    @BeforeEach
    void start() {
        judge = ProviderServer.start();
    }

    @AfterEach
    void stop() {
        judge.close();
    }

    private JsonNode run(String suite, String model, int limit, Function<ProviderServer.Request, String> answer) throws Exception {
        judge.answer(answer);
        Path out = tmp.resolve(suite);
        Cli cli = TestSupport.gapbench("run", "--suite", suite, "--model", model, "--judge", "openai-compatible:judge", "--judge-base-url",
                judge.baseUrl(), "--limit", Integer.toString(limit), "--no-cache", "--data-dir", TestSupport.dataDir().toString(),
                "--progress", "none", "--out", out.toString());
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        return Json.MAPPER.readTree(out.resolve("summary.json").toFile()).path("metrics");
    }

    private List<JsonNode> records(String suite) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(tmp.resolve(suite).resolve("samples.jsonl"))) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }

    @Test
    void jaMtBenchReplaysBothRecordedTurnsOfGpt4o() throws Exception {
        JsonNode m = run("ja-mt-bench", "replay:replays/stability-ja-mt-bench/gpt-4o.yaml", 8,
                r -> r.userText().contains("[アシスタントとユーザーの会話の開始]") ? "評価：[[9]]" : "評価：[[7]]");
        assertEquals(7.0, m.path("judge_rating_turn1").path("value").asDouble(), 1e-12);
        assertEquals(9.0, m.path("judge_rating_turn2").path("value").asDouble(), 1e-12);
        for (JsonNode r : records("ja-mt-bench")) {
            assertEquals(2, r.path("turns").size(), "both recorded turns replayed");
            assertTrue(r.path("turns").get(1).path("response").asText().length() > 10);
        }
        assertEquals(8 * 2, judge.requestCount());
    }

    @Test
    void elyzaTasksGradesAJsonVerdictWithTheTasksOwnAspects() throws Exception {
        JsonNode m = run("elyza-tasks-100", "replay:replays/elyza-tasks-100/cyberagent_calm2-7b-chat.yaml", 10,
                r -> "{\"reason\": \"\\\"grade\\\": 1 と書く人もいるが、概ね合っている\", \"grade\": 4}");
        for (ProviderServer.Request r : judge.requests()) {
            String p = r.userText();
            assertTrue(p.contains("問題固有の採点基準"), "the prompt");
            assertTrue(!p.contains("{eval_aspect}") && !p.contains("{pred}") && !p.contains("{input_text}"), "fields filled in: " + p.substring(p.length() - 600));
            assertTrue(p.contains("{\"reason\": \"(採点基準に照らした評価内容)\""), "literal braces kept, as Python writes them: " + p);
        }
        assertEquals(4.0, m.path("judge_rating").path("value").asDouble(), 1e-12, "the last grade in the text, not one quoted in the reason");
        assertEquals(10, judge.requestCount());
    }

    @Test
    void jaVicunaQaAsksBothOrdersWithTheUpstreamPairPrompt() throws Exception {
        // the judge prefers whichever answer is shown second: a position bias, so every question is a tie
        JsonNode m = run("ja-vicuna-qa", "replay:replays/ja-vicuna-qa/cyberagent--calm2-7b-chat.yaml", 10, r -> "Bの方が良いです。[[B]]");
        assertTrue(judge.requests().stream().allMatch(r -> r.userText().contains("[アシスタントAの答えの始まり]")));
        assertEquals(0.5, m.path("adjusted_win_rate").path("value").asDouble(), 1e-12);
        assertEquals(1.0, m.path("position_bias_rate").path("value").asDouble(), 1e-12);
        assertEquals(10 * 2, judge.requestCount());
    }

    @Test
    void alpacaEvalReadsAPreferenceWithTheBaselineShownFirst() throws Exception {
        JsonNode m = run("alpaca-eval", "replay:replays/alpaca-eval/claude-2.1.yaml", 20, r -> "Output (b) is somewhat better. [[1.75]]");
        assertTrue(judge.requests().stream().allMatch(r -> r.userText().contains("[Output (a)]") && r.userText().contains("[Output (b)]")));
        assertEquals(0.75, m.path("weighted_win_rate").path("value").asDouble(), 1e-12, "P(model better) = preference - 1");
        assertEquals(1.0, m.path("discrete_win_rate").path("value").asDouble(), 1e-12);
        assertEquals(20, judge.requestCount(), "one order only");
    }

    /**
     * {@code --batch} on a suite of two turns: the second turn needs the first's answer, so the answers go the ordinary
     * way and the run says so once; the dry run prices them at the catalog's price, with no batch saving.
     */
    @Test
    void underBatchAConversationOfTwoTurnsIsAskedTheOrdinaryWayAndTheDryRunSaysSo() throws Exception {
        judge.answer(r -> "評価：[[7]]");
        ProviderServer subject = ProviderServer.start().answer(r -> "かしこまりました。");
        try {
            Path out = tmp.resolve("batched-turns");
            List<String> args = new ArrayList<>(List.of("run", "--suite", "ja-mt-bench", "--model", "openai:gpt-4o-2024-08-06",
                    "--base-url", subject.url("/v1"), "--api-key-env", "GAPBENCH_TEST_KEY", "--judge", "openai-compatible:judge",
                    "--judge-base-url", judge.baseUrl(), "--limit", "2", "--no-cache", "--batch", "--batch-poll-seconds", "0.01",
                    "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", out.toString()));
            String why = "a conversation of several turns needs each answer before its next turn";

            List<String> dry = new ArrayList<>(args);
            dry.add("--dry-run");
            Cli planned = TestSupport.gapbench(dry.toArray(String[]::new));
            assertEquals(0, planned.exit(), planned.err() + planned.out());
            assertTrue(planned.out().contains("batch      " + why + ": ordinary requests, catalog price"), planned.out());
            assertFalse(planned.out().contains("saving"), "no batch saving for answers that are not batched: " + planned.out());
            assertFalse(planned.out().contains("by batch"), planned.out());

            Cli ran = TestSupport.gapbench(args.toArray(String[]::new));
            assertEquals(0, ran.exit(), ran.err() + ran.out());
            String notice = "--batch: " + why + "; ordinary requests are sent";
            assertEquals(1, ran.err().split(Pattern.quote(notice), -1).length - 1, "said once: " + ran.err());
            assertEquals(0, subject.batchCount(), "no batch created");
            assertEquals(2 * 2, subject.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).count(),
                    "two turns of two conversations, asked the ordinary way");
            assertEquals(2 * 2, judge.requestCount(), "a verdict per turn");
        } finally {
            subject.close();
        }
    }
}
