package org.gapbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user meets them: exit codes, one-line errors, listings, data management, re-scoring. */
class CommandLineTest {
    @TempDir
    Path tmp;

    static Cli gapbench(String... args) {
        return TestSupport.gapbench(args);
    }

    /** Resolved once, before any test points gapbench.home at a scratch directory. */
    static final String DATA = TestSupport.dataDir().toString();

    String data() {
        return DATA;
    }

    @Test
    void validatePassesOnTheProject() {
        Cli c = gapbench("validate", "--data-dir", data());
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains(": ok"), c.out());
    }

    @Test
    void validateReportsEveryBrokenFileAsFileAndLine() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("suites"));
        Files.createDirectories(home.resolve("datasets"));
        Files.copy(TestSupport.home().resolve("datasets/gsm8k.yaml"), home.resolve("datasets/gsm8k.yaml"));
        Files.writeString(home.resolve("datasets/broken.yaml"), "id: broken\nversion: 1\nlicense: MIT\ncommercial_use: maybe\n");
        Files.writeString(home.resolve("suites/bad.yaml"), "id: bad\nversion: 1\ndataset: gsm8k\nprompt: {user: hi}\noracle: x\nscorer: {name: nope}\n");
        Files.writeString(home.resolve("datasets/models.csv"), String.join(",", "id", "provider", "api_model", "organization", "country",
                "release_date", "open_weights", "knowledge_cutoff", "reasoning", "price_input_per_m", "price_output_per_m", "source")
                + "\nm1,openai,m1,X,USA,2024-01-01,no,,no,,,src\n");
        String previous = System.getProperty("gapbench.home");
        System.setProperty("gapbench.home", home.toString());
        try {
            Cli c = gapbench("validate", "--data-dir", data());
            assertEquals(2, c.exit());
            assertTrue(c.out().contains(home.resolve("datasets/broken.yaml") + ":4: 'commercial_use' must be true or false"), c.out());
            assertTrue(c.out().contains(home.resolve("suites/bad.yaml") + ":6: unknown scorer 'nope'"), c.out());
            assertTrue(c.out().contains(home.resolve("datasets/models.csv") + ":2: country must be a two-letter ISO code"), c.out());
            assertTrue(c.out().contains("3 problem(s)"), c.out());
        } finally {
            System.setProperty("gapbench.home", previous);
        }
    }

    @Test
    void configurationErrorsAreOneLineWithExitTwoAndTracesOnlyWithDebug() {
        Cli c = gapbench("run", "--suite", "no-such-suite", "--model", "oracle:gold", "--data-dir", data());
        assertEquals(2, c.exit());
        assertEquals("gapbench: unknown suite 'no-such-suite' (gapbench list suites)", c.err().strip());
        Cli debug = gapbench("run", "--suite", "no-such-suite", "--model", "oracle:gold", "--data-dir", data(), "--debug");
        assertTrue(debug.err().contains("at org.gapbench"), "--debug shows the stack trace");
        Cli usage = gapbench("run", "--suite");
        assertEquals(2, usage.exit());
        Cli model = gapbench("run", "--suite", "gsm8k", "--model", "nonsense", "--data-dir", data());
        assertEquals(2, model.exit());
        assertTrue(model.err().contains("unknown model 'nonsense'"), model.err());
        Cli key = gapbench("run", "--suite", "gsm8k", "--model", "openai:gpt-4o", "--api-key-env", "GAPBENCH_UNSET_VARIABLE",
                "--limit", "1", "--data-dir", data(), "--out", tmp.resolve("k").toString());
        assertEquals(2, key.exit());
        assertTrue(key.err().contains("GAPBENCH_UNSET_VARIABLE"), key.err());
    }

    /** A scorer option the family does not accept stops validate and run alike, before anything is asked. */
    @Test
    void aBadScorerOptionIsOneLineWithItsLineAtValidateAndRun() throws Exception {
        Path home = tmp.resolve("bad-option-home");
        Files.createDirectories(home.resolve("suites"));
        Files.createDirectories(home.resolve("datasets"));
        Files.copy(TestSupport.home().resolve("datasets/gsm8k.yaml"), home.resolve("datasets/gsm8k.yaml"));
        String suite = Files.readString(TestSupport.home().resolve("suites/gsm8k.yaml"));
        Path file = home.resolve("suites/gsm8k.yaml");
        int line = suite.lines().toList().indexOf("  answer_kind: number") + 1;
        assertTrue(line > 0, suite);
        String previous = System.getProperty("gapbench.home");
        System.setProperty("gapbench.home", home.toString());
        try {
            Files.writeString(file, suite.replace("answer_kind: number", "answer_kind: bogus"));
            String expected = file + ":" + line + ": answer_kind: 'bogus' is not one of number, latex";
            Cli validate = gapbench("validate", "--data-dir", data());
            assertEquals(2, validate.exit(), validate::toString);
            assertTrue(validate.out().contains(expected), validate.out());
            Cli run = gapbench("run", "--suite", "gsm8k", "--model", "oracle:gold", "--limit", "1", "--data-dir", data(),
                    "--out", tmp.resolve("never").toString(), "--progress", "none");
            assertEquals(2, run.exit(), run::toString);
            assertEquals("gapbench: " + expected, run.err().strip());
            assertFalse(Files.exists(tmp.resolve("never")), "nothing was started");

            Files.writeString(file, suite.replace("answer_kind: number", "answer_knd: latex"));
            Cli typo = gapbench("validate", "--data-dir", data());
            assertEquals(2, typo.exit(), typo::toString);
            assertTrue(typo.out().contains(file + ":" + line + ": scorer math has no option 'answer_knd'"), typo.out());
        } finally {
            System.setProperty("gapbench.home", previous);
        }
    }

    @Test
    void listings() {
        assertTrue(gapbench("list", "suites").out().contains("gsm8k"));
        assertTrue(gapbench("list", "providers").out().contains("DASHSCOPE_API_KEY"));
        String models = gapbench("list", "models").out();
        assertTrue(models.contains("qwen2-72b-instruct") && models.contains("CN"), models);
    }

    @Test
    void theOracleScoresEverything() {
        Path out = tmp.resolve("oracle");
        Cli c = gapbench("run", "--suite", "gsm8k", "--model", "oracle:gold", "--limit", "50", "--data-dir", data(),
                "--out", out.toString(), "--progress", "none");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("accuracy           1.0000"), c.out());
    }

    /**
     * {@code gapbench score} re-judges the journaled answers with the suite's scorer as it is now, and asks the model
     * nothing: here the suite's gold field is changed after the run, so every verdict must flip from right to wrong.
     */
    @Test
    void scoreRejudgesWithTheCurrentScorerAndAsksTheModelNothing() throws Exception {
        Path home = tmp.resolve("rescore-home");
        Files.createDirectories(home.resolve("suites"));
        Files.createDirectories(home.resolve("datasets"));
        Files.copy(TestSupport.home().resolve("datasets/gsm8k.yaml"), home.resolve("datasets/gsm8k.yaml"));
        String suite = Files.readString(TestSupport.home().resolve("suites/gsm8k.yaml"));
        Files.writeString(home.resolve("suites/gsm8k.yaml"), suite);
        Map<String, String> gold = TestSupport.gsm8kAnswers();
        String previous = System.getProperty("gapbench.home");
        System.setProperty("gapbench.home", home.toString());
        Path out = tmp.resolve("rescored");
        try (ProviderServer server = ProviderServer.builder()
                .answer(r -> "The answer is \\boxed{" + gold.get(r.userText().substring(r.userText().indexOf("\n\n") + 2).strip()) + "}.")
                .start()) {
            Cli run = gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:m", "--base-url", server.baseUrl(),
                    "--limit", "20", "--no-cache", "--data-dir", data(), "--out", out.toString(), "--progress", "none");
            assertEquals(0, run.exit(), run::toString);
            assertEquals(1.0, Json.MAPPER.readTree(out.resolve("summary.json").toFile()).at("/metrics/accuracy/value").asDouble(), run::toString);
            long asked = server.requestCount();
            assertEquals(20, asked);

            Files.writeString(home.resolve("suites/gsm8k.yaml"), suite.replace("gold_field: answer", "gold_field: question"));
            Cli s = gapbench("score", out.toString(), "--data-dir", data());
            assertEquals(0, s.exit(), s::toString);
            assertEquals(asked, server.requestCount(), "re-scoring asks the model nothing");
            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertEquals(0.0, summary.at("/metrics/accuracy/value").asDouble(), "every verdict flipped: " + summary);
            assertEquals(20, summary.at("/counts/scored").asInt());
            List<String> journal = Files.readAllLines(out.resolve("samples.jsonl"));
            assertEquals(20, journal.size());
            for (String line : journal) {
                assertEquals(0.0, Json.MAPPER.readTree(line).at("/score/value").asDouble(), line);
            }
            assertTrue(Files.readString(out.resolve("run.json")).contains("\"gold_field\" : \"question\""),
                    "the identity now names the scorer that judged");
        } finally {
            System.setProperty("gapbench.home", previous);
        }
    }

    @Test
    void dataVerifyImportAndPull() throws Exception {
        Cli v = gapbench("data", "verify", "gsm8k", "--data-dir", data());
        assertEquals(0, v.exit(), v.out());
        assertTrue(v.out().contains("1/1 files verified"), v.out());

        // pull: a local server plays the dataset's host; the manifest in a scratch home points at it. The child JVM
        // sees no GAPBENCH_DATA and has its own user cache, so only the download can supply the file.
        byte[] bytes = Files.readAllBytes(Path.of(data(), "gsm8k/test.jsonl"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/test.jsonl", ex -> {
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        try {
            Path home = tmp.resolve("home");
            Files.createDirectories(home.resolve("datasets"));
            String manifest = Files.readString(TestSupport.home().resolve("datasets/gsm8k.yaml"))
                    .replaceAll("url: .*", "url: http://127.0.0.1:" + server.getAddress().getPort() + "/test.jsonl");
            Files.writeString(home.resolve("datasets/gsm8k.yaml"), manifest);
            Map<String, String> env = new HashMap<>();
            env.put("GAPBENCH_DATA", null);
            env.put("XDG_CACHE_HOME", tmp.resolve("xdg").toString());
            Path target = tmp.resolve("xdg/gapbench/data/gsm8k/test.jsonl");

            Cli missing = TestSupport.runChild(home, env, "data", "verify", "gsm8k");
            assertEquals(2, missing.exit(), missing.out());
            assertTrue(missing.out().contains("gsm8k.yaml:") && missing.out().contains("missing gsm8k/test.jsonl"), missing.out());
            Cli pull = TestSupport.runChild(home, env, "data", "pull", "gsm8k");
            assertEquals(0, pull.exit(), pull.out());
            assertTrue(pull.out().contains("downloaded 1 file(s)"), pull.out());
            assertTrue(Files.exists(target));
            assertTrue(TestSupport.runChild(home, env, "data", "pull", "gsm8k").out().contains("already available"));
            Files.delete(target);
            Cli imported = TestSupport.runChild(home, env, "data", "import", data(), "gsm8k");
            assertEquals(0, imported.exit(), imported.out());
            assertTrue(Files.exists(target));
        } finally {
            server.stop(0);
        }
    }

    // The demo itself runs in publish.report.DemoReportTest (twice, in two checkouts): one fixture for both.
}
