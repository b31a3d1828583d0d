package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rakuda live through the real CLI: Claude 2's recorded answers against the gpt-3.5 baseline, judged by a 127.0.0.1
 * server answering in Rakuda's format (the verdict on the last line). A judge that always picks the first assistant
 * is caught: both orders disagree on every question, so every question is a tie, and the position-bias rate is 1.
 * A judge that always prefers the longer answer gives the model the questions where its answer is longer.
 */
class PairwiseHttpTest {
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

    private Cli run(Path out) {
        return TestSupport.gapbench("run", "--suite", "rakuda", "--model", "replay:replays/rakuda/claude-2.yaml", "--judge",
                "openai-compatible:judge", "--judge-base-url", judge.baseUrl(), "--no-cache", "--data-dir", TestSupport.dataDir().toString(),
                "--progress", "none", "--out", out.toString());
    }

    private static JsonNode metric(Path out, String name) throws Exception {
        return Json.MAPPER.readTree(out.resolve("summary.json").toFile()).path("metrics").path(name);
    }

    @Test
    void aJudgeThatAlwaysPicksTheFirstAssistantIsAPositionBiasAndEveryQuestionATie() throws Exception {
        judge.answer(r -> "どちらも丁寧ですが、アシスタント1の方が詳しいです。\n1");
        Path out = tmp.resolve("first");
        Cli cli = run(out);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(40 * 2, judge.requestCount(), "40 questions, both orders");
        assertTrue(judge.requests().stream().allMatch(r -> r.userText().contains("[アシスタント1の回答の開始]")));
        assertEquals(0.5, metric(out, "adjusted_win_rate").path("value").asDouble(), 1e-12);
        assertEquals(1.0, metric(out, "tie_rate").path("value").asDouble(), 1e-12);
        assertEquals(1.0, metric(out, "position_bias_rate").path("value").asDouble(), 1e-12);
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(out.resolve("samples.jsonl")).get(0));
        JsonNode verdicts = first.path("score").path("details").path("judges");
        assertEquals("last-line-1/2/3", verdicts.get(0).path("rule").asText());
        assertEquals(List.of("model-first", "baseline-first"), List.of(verdicts.get(0).path("order").asText(), verdicts.get(1).path("order").asText()));
    }

    @Test
    void aJudgeThatPrefersTheLongerAnswerDecidesByLength() throws Exception {
        judge.answer(r -> {
            String p = r.userText();
            int a = p.indexOf("[アシスタント1の回答の終了]") - p.indexOf("[アシスタント1の回答の開始]");
            int b = p.indexOf("[アシスタント2の回答の終了]") - p.indexOf("[アシスタント2の回答の開始]");
            return "長い方を選びます。\n" + (a > b ? "１" : a < b ? "２" : "３");
        });
        Path out = tmp.resolve("longer");
        Cli cli = run(out);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(0.0, metric(out, "position_bias_rate").path("value").asDouble(), 1e-12, "a consistent judge: no position bias");
        double wins = metric(out, "win_rate").path("value").asDouble();
        double losses = metric(out, "loss_rate").path("value").asDouble();
        assertTrue(wins > 0 && losses > 0 && Math.abs(wins + losses + metric(out, "tie_rate").path("value").asDouble() - 1) < 1e-12,
                wins + " " + losses);
    }
}
