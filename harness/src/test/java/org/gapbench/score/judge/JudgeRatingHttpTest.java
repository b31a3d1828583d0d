package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ja-mt-bench live, through the real CLI against two real HTTP servers on 127.0.0.1: one plays the model under test
 * (two turns, the second asked after its own first answer), one plays two judges (a US and a Chinese catalog model,
 * priced by the catalog) answering in the upstream judge format. Request counts prove the road: judges are cached,
 * retried, costed and stopped by {@code --max-cost} like the model, and a resumed run asks no finished verdict again.
 */
class JudgeRatingHttpTest {
    private static final String US = "gpt-4o-2024-05-13";
    private static final String CN = "deepseek-v3";
    /** The model names the judges' requests carry (the catalog's api_model). */
    private static final String US_API = "gpt-4o-2024-05-13";
    private static final String CN_API = "deepseek-chat";
    private static final int ITEMS = 4;

    @TempDir
    Path tmp;
    ProviderServer model;
    ProviderServer judges;

    /** The judge server's answer: the US judge gives 8, the Chinese 4, each after a reason, in FastChat's format. */
    static Function<ProviderServer.Request, String> ratings(String usAnswer) {
        return r -> r.model().equals("gpt-4o-2024-05-13") ? usAnswer : "回答は質問に答えていますが、深さが足りません。評価：[[4]]";
    }

    @BeforeEach
    void start() {
        model = ProviderServer.start().answer(r -> "答え（" + r.body().path("messages").size() + "通目）: " + r.userText().lines().findFirst().orElse(""));
        judges = ProviderServer.start().answer(ratings("丁寧で正確な回答です。評価：[[8]]"));
    }

    @AfterEach
    void stop() {
        model.close();
        judges.close();
    }

    private Cli run(Path out, Path cache, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "ja-mt-bench", "--model", "openai-compatible:subject",
                "--base-url", model.baseUrl(), "--api-key-env", "GAPBENCH_TEST_KEY", "--judge", US + "," + CN,
                "--judge-base-url", judges.baseUrl(), "--limit", Integer.toString(ITEMS), "--cache", cache.toString(),
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--retry-base-ms", "10", "--out", out.toString()));
        args.addAll(List.of(extra));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    private static List<JsonNode> records(Path out) throws IOException {
        List<JsonNode> out2 = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("samples.jsonl"))) {
            out2.add(Json.MAPPER.readTree(l));
        }
        return out2;
    }

    private static long judgeCalls(ProviderServer s, String judge) {
        String api = judge.equals(US) ? US_API : CN_API;
        return s.requests().stream().filter(r -> r.model().equals(api)).count();
    }

    @Test
    void twoTurnsTwoJudgesKeptApartCachedOnAReRun() throws IOException {
        Path out = tmp.resolve("run");
        Path cache = tmp.resolve("cache.sqlite");
        Cli cli = run(out, cache);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(ITEMS * 2, model.requestCount(), "two turns per question");
        assertEquals(ITEMS * 4, judges.requestCount(), judges.requests().stream().map(ProviderServer.Request::model).toList().toString());
        assertEquals(ITEMS * 2, judgeCalls(judges, US));
        assertEquals(ITEMS * 2, judgeCalls(judges, CN));

        // turn 2 is asked after the model's own turn-1 answer
        for (ProviderServer.Request r : model.requests()) {
            JsonNode msgs = r.body().get("messages");
            if (msgs.size() == 3) {
                assertEquals("assistant", msgs.get(1).path("role").asText());
                assertTrue(msgs.get(1).path("content").asText().startsWith("答え（1通目）"), msgs.toString());
            }
        }
        // the judges got the upstream prompts: turn 1 the single-answer frame, turn 2 the conversation
        assertTrue(judges.requests().stream().anyMatch(r -> r.userText().contains("[アシスタントの回答の開始]")));
        assertTrue(judges.requests().stream().anyMatch(r -> r.userText().contains("[アシスタントとユーザーの会話の開始]")
                && r.userText().contains("答え（3通目）")));

        List<JsonNode> recs = records(out);
        assertEquals(ITEMS, recs.size());
        for (JsonNode r : recs) {
            assertEquals(2, r.path("turns").size(), r.toString());
            JsonNode verdicts = r.path("score").path("details").path("judges");
            assertEquals(4, verdicts.size(), "2 judges x 2 turns, each kept");
            for (JsonNode v : verdicts) {
                assertEquals(v.path("judge").asText().equals(US) ? 8.0 : 4.0, v.path("rating").asDouble(), v.toString());
            }
            assertEquals(JudgeRatingScorer.PANEL_RULE, r.path("score").path("details").path("panel").path("rule").asText());
            assertEquals(6.0, r.path("score").path("details").path("judge_rating").asDouble());
            assertTrue(r.path("cost_usd").asDouble() == 0 && r.path("score").path("calls").size() >= 4, r.toString());
        }
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(6.0, summary.path("metrics").path("judge_rating").path("value").asDouble(), summary.toString());
        assertEquals(6.0, summary.path("metrics").path("judge_rating_turn2").path("value").asDouble());
        // the panel's 6 is the mean of a US judge's 8 and a Chinese judge's 4: each is kept apart in the summary too
        assertEquals(8.0, summary.path("by_judge").path(US).path("value").asDouble(), summary.toString());
        assertEquals(4.0, summary.path("by_judge").path(CN).path("value").asDouble());
        assertTrue(cli.out().contains("each judge apart"), cli.out());
        JsonNode identity = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        List<String> named = new ArrayList<>();
        identity.path("judges").forEach(j -> named.add(j.path("spec").asText()));
        assertEquals(List.of(US, CN, "replay:replays/ja-mt-bench-reference-gpt4o.yaml"), named);
        assertEquals(List.of(US, CN), Json.MAPPER.convertValue(identity.path("suite").path("scorer").path("options").path("judges"), List.class));
        // the judge prompts the verdicts were asked with are named by their files' sha256, like the suite's own data
        assertEquals("japanese-mt-bench-judge-prompts", identity.path("scorer_data").get(0).path("id").asText());
        assertEquals(64, identity.path("scorer_data").get(0).path("files").get(0).path("sha256").asText().length());

        // the same run into a new directory: every answer and verdict from the cache, not one request
        long before = model.requestCount() + judges.requestCount();
        Cli again = run(tmp.resolve("again"), cache);
        assertEquals(0, again.exit(), again.err());
        assertEquals(before, model.requestCount() + judges.requestCount());
        assertEquals(6.0, Json.MAPPER.readTree(tmp.resolve("again/summary.json").toFile()).path("metrics").path("judge_rating").path("value").asDouble());

        // re-scoring the judged run asks its judges again, through the cache: not one request, the same numbers
        Cli rescored = TestSupport.gapbench("score", out.toString(), "--cache", cache.toString(), "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, rescored.exit(), rescored.err() + rescored.out());
        assertEquals(before, model.requestCount() + judges.requestCount());
        assertEquals(6.0, Json.MAPPER.readTree(out.resolve("summary.json").toFile()).path("metrics").path("judge_rating").path("value").asDouble());

        // another judge panel is another run: refused in the same directory
        Cli other = run(out, cache, "--judge", US);
        assertEquals(2, other.exit(), other.out());
        assertTrue(other.err().contains("judges") || other.err().contains("scorer configuration"), other.err());
    }

    @Test
    void aJudgeFailureIsRetriedAndAnUnreadableVerdictIsAnErrorAskedAgainOnResume() throws IOException {
        // one 500 from the judge server: retried, nothing lost
        judges.script(new ProviderServer.Status(500, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()));
        Path out = tmp.resolve("retry");
        Cli cli = run(out, tmp.resolve("c1.sqlite"));
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(ITEMS * 4 + 1, judges.requestCount());

        // the US judge writes no rating: asked 3 times per verdict, then the sample is unparseable_verdict, not a score
        judges.answer(ratings("とても良い回答です。"));
        long usBefore = judgeCalls(judges, US);
        Path bad = tmp.resolve("unparseable");
        Path cache = tmp.resolve("c2.sqlite");
        Cli failed = run(bad, cache);
        assertEquals(3, failed.exit(), failed.out());
        List<JsonNode> recs = records(bad);
        assertEquals(ITEMS, recs.size());
        for (JsonNode r : recs) {
            assertEquals("unparseable_verdict", r.path("error").asText(), r.toString());
            assertTrue(r.path("error_message").asText().contains("judge " + US) && r.path("error_message").asText().contains("[[n]]"), r.toString());
            assertTrue(r.path("score").isMissingNode() || r.path("score").isNull());
        }
        assertEquals(ITEMS * JudgeRatingScorer.PARSE_ATTEMPTS, judgeCalls(judges, US) - usBefore, "3 asks for turn 1, then the sample stops");

        // the judge mended: the resumed run asks only the verdicts it lacks (the model's answers come from the cache)
        judges.answer(ratings("丁寧で正確な回答です。評価：[[8]]"));
        long modelBefore = model.requestCount();
        Cli resumed = run(bad, cache);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(modelBefore, model.requestCount(), "the model's answers were cached");
        assertEquals(6.0, Json.MAPPER.readTree(bad.resolve("summary.json").toFile()).path("metrics").path("judge_rating").path("value").asDouble());
    }

    @Test
    void maxCostStopsAJudgedRunCleanlyAndTheResumeAsksNoFinishedVerdictAgain() throws IOException {
        Path out = tmp.resolve("budget");
        Path cache = tmp.resolve("c3.sqlite");
        Cli stopped = run(out, cache, "--max-cost", "0.0005", "--concurrency", "1");
        assertEquals(3, stopped.exit(), stopped.out() + stopped.err());
        assertTrue((stopped.out() + stopped.err()).contains("--max-cost"), stopped.out() + stopped.err());
        int done = records(out).size();
        assertTrue(done >= 1 && done < ITEMS, "stopped part way: " + done);
        for (JsonNode r : records(out)) {
            assertFalse(r.has("error"), r.toString());
        }
        Cli resumed = run(out, cache);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(ITEMS, records(out).stream().map(r -> r.path("item").asText()).distinct().count());
        assertEquals(ITEMS * 2, judgeCalls(judges, US), "no finished verdict was asked twice");
        assertEquals(ITEMS * 2, judgeCalls(judges, CN));
        assertEquals(ITEMS * 2, model.requestCount());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.toString().contains("cost"), summary.toString());
    }

    @Test
    void judgeIsRefusedForASuiteNoModelJudgesAndAJudgedSuiteNeedsJudges() {
        Cli notJudged = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "oracle:gold", "--judge", US, "--limit", "1",
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", tmp.resolve("x").toString());
        assertEquals(2, notJudged.exit());
        assertTrue(notJudged.err().contains("--judge: suite gsm8k is not judged by models"), notJudged.err());
        assertFalse(Files.exists(tmp.resolve("x")));
        Cli noJudges = TestSupport.gapbench("run", "--suite", "ja-mt-bench", "--model", "oracle:gold", "--limit", "1",
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", tmp.resolve("y").toString());
        assertEquals(2, noJudges.exit());
        assertTrue(noJudges.err().contains("name them with --judge"), noJudges.err());
        assertFalse(Files.exists(tmp.resolve("y")));
    }
}
