package org.gapbench.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gapbench.cli.ExitCode;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report over real runs of one suite per scorer family (math, code in the sandbox, multiple choice, keigo, and a
 * language-checked suite), two priced catalog models answered by a local provider for the cost axis, and runs built
 * to be refused or marked: empty, incomplete, a second run of one model.
 */
class ReportSuitesTest {
    private static final Map<String, String> GSM8K = TestSupport.gsm8kAnswers();

    @TempDir
    static Path tmp;
    static Path report;
    static JsonNode results;
    static final Map<String, Path> RUNS = new HashMap<>();

    @BeforeAll
    static void runEverySuiteFamily() throws Exception {
        for (String suite : List.of("gsm8k", "humaneval", "jcommonsenseqa", "keicot", "cmmlu")) {
            run("oracle-" + suite, suite, "oracle:gold", 12, null);
        }
        AtomicInteger n = new AtomicInteger();
        try (ProviderServer server = ProviderServer.builder().answer(r -> {
            String gold = GSM8K.entrySet().stream().filter(e -> r.userText().contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse("0");
            // every third answer wrong, so the two priced runs differ from the oracle and from each other
            return "The answer is \\boxed{" + (n.incrementAndGet() % 3 == 0 ? gold + "1" : gold) + "}.";
        }).start()) {
            run("gpt-4o", "gsm8k", "gpt-4o-2024-05-13", 12, server);
            run("deepseek-v3", "gsm8k", "deepseek-v3", 12, server);
        }
        try (ProviderServer broken = ProviderServer.builder().answer(r -> "The answer is \\boxed{1}.").start()) {
            // the first six requests fail: an incomplete run, 6 of its 12 items scored
            ProviderServer.Step[] fail = new ProviderServer.Step[6];
            java.util.Arrays.fill(fail, new ProviderServer.Status(500, "{}", Map.of()));
            broken.script(fail);
            run("incomplete", "gsm8k", "gpt-4o-mini-2024-07-18", 12, broken);
        }
        List<Path> dirs = new ArrayList<>(RUNS.values());
        report = tmp.resolve("report");
        TestSupport.Cli cli = TestSupport.gapbench(args("report", "--out", report.toString(), dirs));
        assertEquals(0, cli.exit(), cli.err());
        results = Json.MAPPER.readTree(report.resolve("results.json").toFile());
        // kept beside the screenshots as a CI artifact: the cost chart and the marked incomplete run, for people to look at
        Path kept = TestSupport.home().resolve("harness/target/report-screenshots/suites-report");
        Files.createDirectories(kept.resolve("charts"));
        for (String f : List.of("index.html", "leaderboard.md", "charts/cost-gsm8k.png", "charts/suite-humaneval.png")) {
            Files.copy(report.resolve(f), kept.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void run(String name, String suite, String model, int limit, ProviderServer server) {
        Path out = tmp.resolve("runs").resolve(name);
        List<String> a = new ArrayList<>(List.of("run", "--suite", suite, "--model", model, "--limit", Integer.toString(limit), "--out",
                out.toString(), "--progress", "none", "--no-cache", "--max-attempts", "1", "--data-dir", TestSupport.dataDir().toString()));
        if (server != null) {
            a.addAll(List.of("--base-url", server.baseUrl(), "--concurrency", "1"));
        }
        TestSupport.Cli cli = TestSupport.gapbench(a.toArray(String[]::new));
        assertTrue(cli.exit() == ExitCode.OK.code || name.equals("incomplete") && cli.exit() == ExitCode.INCOMPLETE.code,
                name + ": " + cli.exit() + " " + cli.err());
        RUNS.put(name, out);
    }

    private static String[] args(String command, String flag, String value, List<Path> runs) {
        List<String> a = new ArrayList<>(List.of(command, flag, value, "--runs"));
        runs.forEach(r -> a.add(r.toString()));
        return a.toArray(String[]::new);
    }

    /** Coding suites list pass@k; their summaries hold pass@1: the board must rank by pass@1, with its CI. */
    @Test
    void everySuiteFamilyGetsABoardWithItsHeadlineMetricAndCi() {
        Map<String, String> expected = Map.of("gsm8k", "accuracy", "humaneval", "pass@1", "jcommonsenseqa", "accuracy",
                "keicot", "balanced_accuracy", "cmmlu", "accuracy");
        assertEquals(expected.size(), results.get("suites").size());
        for (JsonNode s : results.get("suites")) {
            String suite = s.get("suite").asText();
            assertEquals(expected.get(suite), s.get("metric").asText(), suite);
            for (JsonNode e : s.get("entries")) {
                assertTrue(e.get("value").isNumber(), suite + ": " + e);
                assertTrue(e.get("ci_low").asDouble() < e.get("ci_high").asDouble(), suite + ": an interval, not a point " + e);
            }
        }
        JsonNode humaneval = suite("humaneval").get("entries").get(0);
        assertEquals(1.0, humaneval.get("value").asDouble(), "the oracle passes every test");
        assertTrue(humaneval.get("ci_low").asDouble() < 1, "12/12 is not certainty: " + humaneval);
    }

    @Test
    void theCostAxisPricesTokensAtTheCatalogsRates() throws Exception {
        Map<String, JsonNode> gsm8k = new HashMap<>();
        suite("gsm8k").get("entries").forEach(e -> gsm8k.put(e.get("model").asText(), e));
        JsonNode gpt = gsm8k.get("gpt-4o-2024-05-13");
        // the local provider reports 11 prompt and 7 completion tokens per answer; gpt-4o-2024-05-13 costs $5 and $15 per M
        assertEquals((11 * 5 + 7 * 15) / 1e6, gpt.get("cost_per_item_usd").asDouble(), 1e-12);
        assertEquals(7.0, gpt.get("tokens_per_answer").asDouble());
        assertEquals((11 * 0.27 + 7 * 1.1) / 1e6, gsm8k.get("deepseek-v3").get("cost_per_item_usd").asDouble(), 1e-12);
        JsonNode oracle = gsm8k.entrySet().stream().filter(e -> e.getKey().startsWith("oracle")).findFirst().orElseThrow().getValue();
        assertFalse(oracle.hasNonNull("cost_per_item_usd"), "the oracle has no price: " + oracle);
        assertTrue(Files.isRegularFile(report.resolve("charts/cost-gsm8k.svg")));
        assertFalse(Files.exists(report.resolve("charts/cost-humaneval.svg")), "no chart without a priced run");
        String md = Files.readString(report.resolve("leaderboard.md"));
        assertTrue(md.contains("| USD per item | tokens per answer |"), md);
        String svg = Files.readString(report.resolve("charts/cost-gsm8k.svg"));
        assertTrue(svg.contains("United States: Pareto frontier") && svg.contains("China: Pareto frontier"), "each country's frontier");
    }

    @Test
    void anIncompleteRunIsMarkedAndLeftOutOfTheGapFigures() throws Exception {
        JsonNode incomplete = null;
        for (JsonNode e : suite("gsm8k").get("entries")) {
            if (e.get("model").asText().equals("gpt-4o-mini-2024-07-18")) {
                incomplete = e;
            }
        }
        assertNotNull(incomplete);
        assertFalse(incomplete.get("complete").asBoolean());
        String md = Files.readString(report.resolve("leaderboard.md"));
        assertTrue(md.contains("gpt-4o-mini-2024-07-18 (incomplete: 6 errors (server_error 6) of 12 samples; left out of the gap figures)"), md);
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("title=\"6 errors (server_error 6) of 12 samples; left out of the gap figures\">incomplete</span>"), "a badge");
        for (JsonNode p : results.at("/gap/gsm8k/result/us_frontier")) {
            assertFalse(p.get("model").asText().equals("gpt-4o-mini-2024-07-18"), "not in the gap figures");
        }
        Path without = tmp.resolve("without-incomplete");
        List<Path> two = List.of(RUNS.get("incomplete"), RUNS.get("deepseek-v3"));
        TestSupport.Cli cli = TestSupport.gapbench(args("report", "--out", without.toString(), two));
        assertEquals(0, cli.exit(), cli.err());
        String fingerprint = "gapbench-run:" + Json.MAPPER.readTree(RUNS.get("incomplete").resolve("summary.json").toFile())
                .get("run_fingerprint").asText().substring(0, 12);
        assertFalse(Files.readString(without.resolve("results.json")).contains(fingerprint), "not in the gap table");
        Path with = tmp.resolve("with-incomplete");
        TestSupport.Cli asked = TestSupport.gapbench(withFlag(args("report", "--out", with.toString(), two), "--include-incomplete"));
        assertEquals(0, asked.exit(), asked.err());
        assertTrue(Files.readString(with.resolve("results.json")).contains("\"key\" : \"" + fingerprint + "\""),
                "--include-incomplete puts it in the gap table");
    }

    private static String[] withFlag(String[] args, String flag) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add(1, flag);
        return a.toArray(String[]::new);
    }

    @Test
    void anEmptyRunIsRefusedWithOneLine() {
        Path empty = tmp.resolve("runs/empty");
        try (ProviderServer down = ProviderServer.builder().answer(r -> "x").start()) {
            down.script(new ProviderServer.Status(500, "{}", Map.of()), new ProviderServer.Status(500, "{}", Map.of()),
                    new ProviderServer.Status(500, "{}", Map.of()));
            TestSupport.Cli cli = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:down", "--base-url",
                    down.baseUrl(), "--limit", "3", "--out", empty.toString(), "--progress", "none", "--no-cache", "--max-attempts", "1",
                    "--concurrency", "1", "--data-dir", TestSupport.dataDir().toString());
            assertEquals(ExitCode.INCOMPLETE.code, cli.exit(), cli.err());
        }
        TestSupport.Cli cli = TestSupport.gapbench(args("report", "--out", tmp.resolve("refused").toString(), List.of(RUNS.get("oracle-gsm8k"), empty)));
        assertEquals(ExitCode.USAGE.code, cli.exit(), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.err().contains(empty.toString()) && cli.err().contains("an empty run (0 of 3 items scored; 3 errors (server_error 3)"), cli.err());
        assertFalse(Files.exists(tmp.resolve("refused/index.html")), "nothing half-written");
    }

    @Test
    void twoRunsOfOneModelOnOneSuiteAreRefused() throws Exception {
        Path again = tmp.resolve("runs/oracle-again");
        TestSupport.Cli run = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "oracle:gold", "--limit", "5", "--out", again.toString(),
                "--progress", "none", "--no-cache", "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, run.exit(), run.err());
        TestSupport.Cli cli = TestSupport.gapbench(args("report", "--out", tmp.resolve("dup").toString(), List.of(RUNS.get("oracle-gsm8k"), again)));
        assertEquals(ExitCode.USAGE.code, cli.exit(), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.err().contains("are both oracle:gold on gsm8k (12 and 5 items scored)"), cli.err());
    }

    private static JsonNode suite(String id) {
        for (JsonNode s : results.get("suites")) {
            if (s.get("suite").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no leaderboard for " + id);
    }
}
