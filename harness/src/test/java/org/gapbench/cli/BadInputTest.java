package org.gapbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's mistakes: out-of-range flags, a base URL without a scheme, a prompt or a scorer option naming a field
 * the data lacks, a file where a directory belongs, a replay whose ids end in huge numbers, a catalog id a
 * spreadsheet would run. Each is one line naming the flag or the file and line, exit 2, and no request is sent.
 */
class BadInputTest {
    static final String DATA = TestSupport.dataDir().toString();

    @TempDir
    Path tmp;

    private static Cli oracle(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "oracle:gold", "--data-dir", DATA,
                "--progress", "none"));
        args.addAll(List.of(extra));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    private static void oneLine(Cli c, String expected) {
        assertEquals(2, c.exit(), c.err() + c.out());
        assertEquals("gapbench: " + expected, c.err().strip());
    }

    /** #11 and #10: a flag out of range is refused, naming the flag, before anything is read or run. */
    @Test
    void flagsOutOfRangeAreOneLineNamingTheFlag() {
        Path never = tmp.resolve("never");
        oneLine(oracle("--limit", "-5", "--out", never.toString()), "--limit must be at least 1, not -5");
        oneLine(oracle("--limit", "0", "--out", never.toString()), "--limit must be at least 1, not 0");
        oneLine(oracle("--concurrency", "0", "--out", never.toString()), "--concurrency must be at least 1, not 0");
        oneLine(oracle("--max-attempts", "0", "--out", never.toString()), "--max-attempts must be at least 1, not 0");
        oneLine(oracle("--timeout", "0", "--out", never.toString()), "--timeout must be a number above 0, not 0.0");
        oneLine(oracle("--retry-base-ms", "-1", "--out", never.toString()), "--retry-base-ms must be at least 0, not -1");
        oneLine(oracle("--max-response-mb", "0", "--out", never.toString()), "--max-response-mb must be at least 1, not 0");
        oneLine(oracle("--sandbox-memory-mb", "10", "--out", never.toString()), "--sandbox-memory-mb must be between 64 and 1048576, not 10");
        oneLine(oracle("--temperature", "3", "--out", never.toString()), "--temperature must be between 0 and 2, not 3.0");
        oneLine(TestSupport.gapbench("check", "--baseline", tmp.toString(), "--run", tmp.toString(), "--alpha", "2"),
                "--alpha must be between 0 and 1, not 2.0");
        assertFalse(Files.exists(never), "nothing was started");
    }

    /** #12: a base URL must be an http(s) URL; without a scheme gapbench says what was probably meant. */
    @Test
    void aBaseUrlWithoutASchemeIsRefusedWithTheLikelyUrl() {
        try (ProviderServer server = ProviderServer.start()) {
            String hostPort = "127.0.0.1:" + server.port();
            Cli noScheme = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:m", "--base-url", hostPort,
                    "--limit", "2", "--data-dir", DATA, "--out", tmp.resolve("u").toString(), "--progress", "none");
            oneLine(noScheme, "--base-url '" + hostPort + "' is not a URL: did you mean http://" + hostPort + "/v1?");
            Cli nonsense = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:m", "--base-url", "not a url",
                    "--limit", "2", "--data-dir", DATA, "--out", tmp.resolve("u").toString(), "--progress", "none");
            oneLine(nonsense, "--base-url 'not a url' is not a URL: expected one like http://127.0.0.1:8000/v1");
            assertEquals(0, server.requestCount(), "no request was sent");
        }
    }

    /**
     * #13: a prompt that names a field the dataset lacks, and a misspelled gold_field, are refused by run before any
     * request (and by validate), at the line of the offending key.
     */
    @Test
    void aPromptOrAScorerNamingAMissingFieldIsRefusedAtItsLine() throws Exception {
        Path home = TestSupport.scratchHome(tmp.resolve("home"), "datasets/gsm8k.yaml");
        String suite = Files.readString(TestSupport.home().resolve("suites/gsm8k.yaml"));
        List<String> lines = suite.lines().toList();
        int userLine = lines.indexOf("  user: |") + 1;
        int goldLine = lines.indexOf("  gold_field: answer") + 1;
        Path file = home.resolve("suites/gsm8k.yaml");
        String previous = System.getProperty("gapbench.home");
        System.setProperty("gapbench.home", home.toString());
        try (ProviderServer server = ProviderServer.start()) {
            List<String> run = List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:m", "--base-url", server.baseUrl(),
                    "--limit", "5", "--data-dir", DATA, "--out", tmp.resolve("never").toString(), "--progress", "none", "--no-cache");

            Files.writeString(file, suite.replace("{{question}}", "{{questoin}}"));
            Cli typo = TestSupport.gapbench(run.toArray(String[]::new));
            assertEquals(2, typo.exit(), typo.err());
            assertTrue(typo.err().strip().startsWith("gapbench: " + file + ":" + userLine + ": the user prompt names the field 'questoin'"),
                    typo.err());
            assertEquals(1, typo.err().strip().lines().count(), "one line, no trace: " + typo.err());

            Files.writeString(file, suite.replace("gold_field: answer", "gold_field: answr"));
            Cli gold = TestSupport.gapbench(run.toArray(String[]::new));
            assertEquals(2, gold.exit(), gold.err());
            assertTrue(gold.err().strip().startsWith("gapbench: " + file + ":" + goldLine + ": gold_field: no item has the field 'answr'"),
                    gold.err());
            Cli validate = TestSupport.gapbench("validate", "--data-dir", DATA);
            assertEquals(2, validate.exit());
            assertTrue(validate.out().contains(file + ":" + goldLine + ": gold_field: no item has the field 'answr'"), validate.out());

            assertEquals(0, server.requestCount(), "refused before any request");
            assertFalse(Files.exists(tmp.resolve("never")));
        } finally {
            System.setProperty("gapbench.home", previous);
        }
    }

    /** #14: --out naming a file says so, for run and for report. */
    @Test
    void anOutThatIsAFileSaysSo() throws Exception {
        Path f = Files.writeString(tmp.resolve("afile"), "x");
        oneLine(oracle("--limit", "2", "--out", f.toString()), "--out " + f + ": " + f + " is a file, not a directory");
        oneLine(oracle("--limit", "2", "--out", f.resolve("sub").toString()), "--out " + f.resolve("sub") + ": " + f + " is a file, not a directory");
        oneLine(TestSupport.gapbench("report", "--out", f.toString()), "--out " + f + ": " + f + " is a file, not a directory");
    }

    /** #15: recorded ids ending in numbers longer than a long still line up with the items by index. */
    @Test
    void replayIdsEndingInHugeNumbersAreRead() throws Exception {
        Path replay = tmp.resolve("huge.jsonl");
        Files.writeString(replay, Json.write(java.util.Map.of("id", "gsm8k-test-0000000000000000000000000", "response", "\\boxed{18}")) + "\n"
                + Json.write(java.util.Map.of("id", "x-123456789012345678901234567890", "response", "\\boxed{1}")) + "\n");
        Cli c = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "replay:" + replay, "--limit", "3", "--data-dir", DATA,
                "--out", tmp.resolve("replayed").toString(), "--progress", "none");
        assertEquals(3, c.exit(), "items without a recording are no_recording errors: " + c.err() + c.out());
        assertFalse(c.err().contains("NumberFormatException") || c.err().contains("internal error"), c.err());
    }

    /** #18: validate refuses a catalog id that a spreadsheet would run as a formula. */
    @Test
    void aCatalogIdThatStartsLikeAFormulaIsRefused() throws Exception {
        Path home = TestSupport.scratchHome(tmp.resolve("csv-home"));
        Files.writeString(home.resolve("datasets/models.csv"), "id,provider,api_model,organization,country,release_date,open_weights,"
                + "knowledge_cutoff,reasoning,price_input_per_m,price_output_per_m,source\n"
                + "good,openai,good,X,US,2024-01-01,no,,no,,,src\n"
                + "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",openai,m,X,US,2024-01-01,no,,no,,,src\n");
        String previous = System.getProperty("gapbench.home");
        System.setProperty("gapbench.home", home.toString());
        try {
            Cli c = TestSupport.gapbench("validate", "--data-dir", DATA);
            assertEquals(2, c.exit(), c.out());
            assertTrue(c.out().contains(home.resolve("datasets/models.csv") + ":3: model id '=HYPERLINK(\"http://evil\",\"x\")' starts with '='"), c.out());
        } finally {
            System.setProperty("gapbench.home", previous);
        }
    }
}
