package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gapbench.cli.ExitCode;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A judge is a model call like any other: it takes the run's road. A judged suite (ja-customer-service with an LLM
 * judge served on 127.0.0.1) shows every judge call in the cache (a re-run asks nothing), in the cost (catalog prices),
 * under {@code --max-cost} (a clean stop, resumed without asking a finished verdict again), through retries, and in
 * {@code gapbench score}. The model under test is the oracle, so every request the server sees is a judge's.
 */
class JudgedRunTest {
    /** 11 input tokens at $100/M and 7 output tokens at $1000/M: what one verdict costs at the catalog's prices. */
    private static final double VERDICT_USD = 11 * 100 / 1e6 + 7 * 1000 / 1e6;
    private static final int LIMIT = 12;
    private static final int REPLIES = 6; // --limit 12 is stratified by kind: 6 replies (judged), 6 implicature items

    @TempDir
    static Path tmp;
    static ProviderServer judge;
    static Path home;
    static String previousHome;

    @BeforeAll
    static void judgedHome() throws IOException {
        judge = ProviderServer.builder().answer(r -> "丁寧で、お客様の意図もくみ取っています。[[8]]").start();
        Path project = TestSupport.home();
        home = tmp.resolve("home");
        Files.createDirectories(home.resolve("suites"));
        Files.createDirectories(home.resolve("datasets/ja-customer-service"));
        Files.copy(project.resolve("datasets/ja-customer-service.yaml"), home.resolve("datasets/ja-customer-service.yaml"));
        for (String split : List.of("public.jsonl", "heldback.jsonl")) {
            Files.copy(project.resolve("datasets/ja-customer-service").resolve(split), home.resolve("datasets/ja-customer-service").resolve(split));
        }
        Files.writeString(home.resolve("datasets/models.csv"), "id,provider,api_model,organization,country,release_date,open_weights,"
                + "knowledge_cutoff,reasoning,price_input_per_m,price_output_per_m,source\n"
                + "judge-us,openai-compatible,judge-us,Test Judges,US,2025-01-01,no,,no,100,1000,test\n"
                + "batch-subject,openai,batch-subject,Test Subjects,US,2025-01-01,no,,no,1,2,test\n");
        String suite = Files.readString(project.resolve("suites/ja-customer-service.yaml"))
                .replace("id: ja-customer-service\n", "id: ja-cs-judged\n")
                .replace("  expect_language: ja\n", "  expect_language: ja\n  judges: [openai-compatible:judge-us]\n  judge_base_url: "
                        + judge.baseUrl() + "\n");
        Files.writeString(home.resolve("suites/ja-cs-judged.yaml"), suite);
        previousHome = System.getProperty("gapbench.home");
        System.setProperty("gapbench.home", home.toString());
    }

    @AfterAll
    static void restore() {
        judge.close();
        if (previousHome == null) {
            System.clearProperty("gapbench.home");
        } else {
            System.setProperty("gapbench.home", previousHome);
        }
    }

    private static TestSupport.Cli run(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "ja-cs-judged", "--model", "oracle:gold", "--limit",
                Integer.toString(LIMIT), "--out", out.toString(), "--progress", "none", "--concurrency", "1",
                "--retry-base-ms", "10"));
        args.addAll(List.of(more));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    private static JsonNode summary(Path dir) throws IOException {
        return Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    }

    private static List<JsonNode> journal(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    private static List<JsonNode> calls(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : journal(dir)) {
            r.path("score").path("calls").forEach(out::add);
        }
        return out;
    }

    @Test
    void judgeCallsAreCachedCostedRetriedAndRescored() throws IOException {
        Path cache = tmp.resolve("cache.sqlite");
        long before = judge.requestCount();
        judge.script(new ProviderServer.Status(500, "{\"error\":{\"message\":\"judge overloaded\"}}", Map.of()));
        Path first = tmp.resolve("first");
        TestSupport.Cli a = run(first, "--cache", cache.toString());
        assertEquals(ExitCode.OK.code, a.exit(), a::toString);
        assertEquals(REPLIES + 1, judge.requestCount() - before, "one verdict per reply, and the 500 retried once");
        List<JsonNode> calls = calls(first);
        assertEquals(REPLIES, calls.size());
        assertEquals(1, calls.stream().filter(c -> c.path("attempts").asInt() == 2).count(), calls.toString());
        for (JsonNode c : calls) {
            assertEquals("openai-compatible:judge-us", c.path("asked").asText());
            assertEquals("judge-us-2025-01-01", c.path("model").asText(), "the model the judge's provider says answered");
            assertEquals(VERDICT_USD, c.path("cost_usd").asDouble(), 1e-12);
            assertFalse(c.path("cached").asBoolean());
        }
        JsonNode s = summary(first);
        assertEquals(REPLIES * VERDICT_USD, s.path("usage").path("judge_cost_usd").asDouble(), 1e-12);
        assertEquals(REPLIES * VERDICT_USD, s.path("usage").path("cost_usd").asDouble(), 1e-12, "the oracle itself costs nothing");
        assertEquals(8.0, s.path("metrics").path("judge_rating").path("value").asDouble(), 1e-12);
        assertEquals(1.0, s.path("metrics").path("accuracy").path("value").asDouble(), 1e-12, "judges stay out of the headline");

        long afterFirst = judge.requestCount();
        Path second = tmp.resolve("second");
        TestSupport.Cli b = run(second, "--cache", cache.toString());
        assertEquals(ExitCode.OK.code, b.exit(), b::toString);
        assertEquals(afterFirst, judge.requestCount(), "every verdict comes from the cache");
        assertTrue(calls(second).stream().allMatch(c -> c.path("cached").asBoolean()), calls(second).toString());
        assertEquals(0, summary(second).path("usage").path("judge_cost_usd").asDouble(), 1e-12);

        TestSupport.Cli rescored = TestSupport.gapbench("score", first.toString(), "--cache", cache.toString());
        assertEquals(ExitCode.OK.code, rescored.exit(), rescored::toString);
        assertEquals(afterFirst, judge.requestCount(), "re-scoring asks the judges through the cache");
        TestSupport.Cli rejudged = TestSupport.gapbench("score", first.toString(), "--no-cache");
        assertEquals(ExitCode.OK.code, rejudged.exit(), rejudged::toString);
        assertEquals(afterFirst + REPLIES, judge.requestCount(), "--no-cache asks every judge again");
    }

    @Test
    void maxCostCountsJudgeCallsAndStopsCleanly() throws IOException {
        Path dir = tmp.resolve("budget");
        long before = judge.requestCount();
        TestSupport.Cli stopped = run(dir, "--no-cache", "--max-cost", Double.toString(2.5 * VERDICT_USD));
        assertEquals(ExitCode.INCOMPLETE.code, stopped.exit(), stopped::toString);
        assertTrue((stopped.out() + stopped.err()).contains("--max-cost"), stopped::toString);
        assertEquals(3, judge.requestCount() - before, "the third verdict crosses the budget; no fourth is asked");
        List<JsonNode> done = journal(dir);
        assertTrue(done.size() < LIMIT, "the run stopped before the end");
        assertTrue(done.stream().noneMatch(r -> r.has("error")), "a refused verdict is left to do, never an error: " + done);
        assertFalse(summary(dir).path("complete").asBoolean());

        TestSupport.Cli resumed = run(dir, "--no-cache");
        assertEquals(ExitCode.OK.code, resumed.exit(), resumed::toString);
        assertEquals(REPLIES, judge.requestCount() - before, "the resumed run asks only the verdicts not yet given");
        Set<String> units = new HashSet<>();
        journal(dir).forEach(r -> units.add(r.path("item").asText() + "#" + r.path("sample").asInt()));
        assertEquals(LIMIT, units.size());
        assertEquals(LIMIT, journal(dir).size(), "no sample journaled twice");
        assertTrue(summary(dir).path("complete").asBoolean());
    }

    /**
     * {@code --batch} on a judged suite: the answers come by the subject's batch API, and the judges, whose verdicts
     * each need the answer they judge, are asked the ordinary way at their catalog price; the run and the dry run say
     * so in one line.
     */
    @Test
    void underBatchTheJudgesAreAskedTheOrdinaryWayAndTheRunSaysSo() throws IOException {
        ProviderServer subject = ProviderServer.start().answer(r -> "かしこまりました。すぐに確認いたします。");
        try {
            Path dir = tmp.resolve("batched");
            List<String> args = new ArrayList<>(List.of("run", "--suite", "ja-cs-judged", "--model", "openai:batch-subject",
                    "--base-url", subject.url("/v1"), "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", Integer.toString(LIMIT),
                    "--out", dir.toString(), "--progress", "none", "--no-cache", "--batch", "--batch-poll-seconds", "0.01"));
            String notice = "--batch: the judges' verdicts (openai-compatible:judge-us) are asked by ordinary requests at the"
                    + " catalog price, each once the answer it judges has come";

            List<String> dry = new ArrayList<>(args);
            dry.add("--dry-run");
            TestSupport.Cli planned = TestSupport.gapbench(dry.toArray(String[]::new));
            assertEquals(ExitCode.OK.code, planned.exit(), planned::toString);
            assertTrue(planned.out().contains("batch      " + notice.substring("--batch: ".length())), planned.out());
            assertEquals(0, subject.requestCount(), "a dry run asks nothing");

            long before = judge.requestCount();
            TestSupport.Cli ran = TestSupport.gapbench(args.toArray(String[]::new));
            assertEquals(ExitCode.OK.code, ran.exit(), ran::toString);
            assertEquals(1, ran.err().split(java.util.regex.Pattern.quote(notice), -1).length - 1, "said once: " + ran.err());
            assertEquals(1, subject.batchCount(), "the answers came by one batch");
            assertEquals(0, subject.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).count(),
                    "no answer was asked the ordinary way");
            assertEquals(REPLIES, judge.requestCount() - before, "a verdict per reply, asked the ordinary way");
            JsonNode s = summary(dir);
            assertEquals(LIMIT, s.path("usage").path("batch_samples").asInt(), s.toString());
            assertEquals(REPLIES * VERDICT_USD, s.path("usage").path("judge_cost_usd").asDouble(), 1e-12, "the judges at their catalog price");
        } finally {
            subject.close();
        }
    }
}
