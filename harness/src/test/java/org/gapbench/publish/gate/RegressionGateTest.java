package org.gapbench.publish.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gapbench.testing.GsmModels;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code gapbench check} on real runs of the gsm8k suite against local OpenAI-compatible servers. */
class RegressionGateTest {
    private static final int ITEMS = 200;

    @TempDir
    static Path tmp;

    static GsmModels models;
    static Path baseline;
    static Path worse;
    static Path noisy;

    @BeforeAll
    static void runModels() {
        models = new GsmModels();
        baseline = run("baseline", models.model("a", 0.90), ITEMS, 0);
        // The same model with a quarter of its right answers lost: truly worse.
        worse = run("worse", models.model("a", 0.65), ITEMS, 0);
        // About as good, wrong on other items: a drop beyond --max-drop that a paired test cannot tell from noise.
        noisy = run("noisy", models.model("c", 0.86), ITEMS, 0);
    }

    static Path run(String name, Function<JsonNode, String> model, int limit, double rate429) {
        Path out = tmp.resolve(name);
        try (ProviderServer server = ProviderServer.builder().rate429(rate429).answer(ProviderServer.onBody(model)).start()) {
            TestSupport.Cli r = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:local-model", "--base-url", server.baseUrl(),
                    "--limit", Integer.toString(limit), "--out", out.toString(), "--no-cache", "--progress", "none",
                    "--max-attempts", "1", "--data-dir", TestSupport.dataDir().toString());
            assertTrue(r.exit() == 0 || rate429 > 0 && r.exit() == 3, r::toString);
        }
        return out;
    }

    static TestSupport.Cli check(Path base, Path candidate, String... more) {
        String[] args = new String[4 + more.length + 1];
        args[0] = "check";
        args[1] = "--baseline=" + base;
        args[2] = "--run=" + candidate;
        args[3] = "--junit=" + tmp.resolve("junit-" + candidate.getFileName() + ".xml");
        System.arraycopy(more, 0, args, 4, more.length);
        args[args.length - 1] = "--markdown=" + tmp.resolve("summary-" + candidate.getFileName() + ".md");
        return TestSupport.gapbench(args);
    }

    @Test
    void aTrulyWorseCandidateFailsWithARegressionAndAReadableJUnitReport() throws Exception {
        TestSupport.Cli r = check(baseline, worse);
        assertEquals(1, r.exit(), r::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(tmp.resolve("junit-worse.xml").toFile());
        Element suites = xml.getDocumentElement();
        assertEquals("1", suites.getAttribute("failures"));
        Element testcase = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals("gapbench.gsm8k", testcase.getAttribute("classname"));
        assertEquals("accuracy", testcase.getAttribute("name"));
        String message = ((Element) testcase.getElementsByTagName("failure").item(0)).getAttribute("message");
        assertTrue(message.startsWith("REGRESSION: drop 0.") && message.contains("accuracy 0.9"), message);
        assertTrue(message.contains("McNemar exact") && message.contains("on 200 items"), message);
        String md = Files.readString(tmp.resolve("summary-worse.md"));
        assertTrue(md.contains("| gsm8k | accuracy |") && md.contains("**REGRESSION**"), md);
    }

    @Test
    void aCandidateThatDiffersOnlyByNoisePasses() {
        TestSupport.Cli r = check(baseline, noisy);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("gsm8k: PASS") && r.out().contains("not significant"), r::toString);
    }

    @Test
    void anImprovementPasses() {
        TestSupport.Cli r = check(worse, baseline);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("pass: no drop"), r::toString);
    }

    @Test
    void aDropWithinTheThresholdPassesEvenWhenSignificant() {
        TestSupport.Cli r = check(baseline, worse, "--max-drop", "0.40");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("within --max-drop"), r::toString);
    }

    @Test
    void runsOfDifferentSuitesAreIncomparableAndTheDifferenceIsNamed() {
        Path other = tmp.resolve("zeroeval");
        TestSupport.Cli run = TestSupport.gapbench("run", "--suite", "gsm8k-zeroeval", "--model", "oracle:gold", "--limit", "" + ITEMS,
                "--out", other.toString(), "--progress", "none", "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, run.exit(), run::toString);
        TestSupport.Cli r = check(baseline, other);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.out().contains("not comparable") && r.out().contains("suite gsm8k vs gsm8k-zeroeval"), r::toString);
    }

    @Test
    void aRunOnOtherDatasetFilesIsIncomparable() throws Exception {
        Path copy = tmp.resolve("other-data");
        Files.createDirectories(copy);
        for (String f : new String[] {"samples.jsonl", "summary.json"}) {
            Files.copy(noisy.resolve(f), copy.resolve(f));
        }
        String identity = Files.readString(noisy.resolve("run.json"));
        String sha = "3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14";
        assertTrue(identity.contains(sha));
        Files.writeString(copy.resolve("run.json"), identity.replace(sha, "0".repeat(64)));
        TestSupport.Cli r = check(baseline, copy);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.out().contains("dataset files (sha256 differ)"), r::toString);
    }

    @Test
    void anUnknownMetricIsAUsageError() {
        TestSupport.Cli r = check(baseline, noisy, "--metric", "acuracy");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--metric acuracy: unknown metric"), r::toString);
    }

    @Test
    void tooFewSharedItemsIsIncomparable() {
        Path small = run("small", models.model("a", 0.90), 10, 0);
        TestSupport.Cli r = check(baseline, small);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.out().contains("only 10 items shared by both runs"), r::toString);
    }

    @Test
    void aCandidateWithTooManyErrorsExitsThree() throws Exception {
        Path flaky = run("flaky", models.model("a", 0.90), 100, 0.3);
        TestSupport.Cli r = check(baseline, flaky);
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().contains("exceeds --max-error-rate"), r::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(tmp.resolve("junit-flaky.xml").toFile());
        assertEquals("1", xml.getDocumentElement().getAttribute("errors"));
    }

    @Test
    void anIncompleteCandidateExitsThree() throws Exception {
        Path cut = tmp.resolve("incomplete");
        Files.createDirectories(cut);
        Files.copy(noisy.resolve("run.json"), cut.resolve("run.json"));
        // A run killed after 150 samples, its summary.json left from before: the journal tells the truth.
        Files.write(cut.resolve("samples.jsonl"), Files.readAllLines(noisy.resolve("samples.jsonl")).subList(0, 150));
        Files.copy(noisy.resolve("summary.json"), cut.resolve("summary.json"));
        TestSupport.Cli r = check(baseline, cut);
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().contains("candidate run incomplete: 50 of 200 samples"), r::toString);
    }

    @Test
    void aBareSummaryBaselineIsComparedUnpaired() throws Exception {
        Path bare = tmp.resolve("bare");
        Files.createDirectories(bare);
        Files.copy(baseline.resolve("summary.json"), bare.resolve("summary.json"));
        TestSupport.Cli r = check(bare.resolve("summary.json"), worse);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("unpaired z-test"), r::toString);
    }

    @Test
    void aPublishedReportsEntryIsABaseline() {
        Path report = tmp.resolve("report");
        TestSupport.Cli built = TestSupport.gapbench("report", "--runs", baseline.toString(), "--out", report.toString());
        assertEquals(0, built.exit(), built::toString);
        Path results = report.resolve("results.json");
        TestSupport.Cli r = check(results, worse);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("accuracy 0.9050 -> ") && r.out().contains("unpaired z-test"), r::toString);
        TestSupport.Cli unknown = check(results, worse, "--baseline-model", "gpt-4o");
        assertEquals(2, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().contains("no leaderboard entry for model gpt-4o on suite gsm8k"), unknown::toString);
    }

    @Test
    void theStepSummaryIsAppendedNotOverwritten() throws Exception {
        Path file = tmp.resolve("step-summary.md");
        Files.writeString(file, "earlier step\n");
        MarkdownReport.appendTo(file.toString(), "### gapbench check: pass\n");
        assertEquals("earlier step\n### gapbench check: pass\n\n", Files.readString(file));
    }
}
