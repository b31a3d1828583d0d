package org.gapbench.score.choice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gapbench.config.Home;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.DataStore;
import org.gapbench.io.Json;
import org.gapbench.model.Catalog;
import org.gapbench.publish.report.PublishedScore;
import org.gapbench.publish.report.ReportBuilder;
import org.gapbench.results.RunReader;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gaokao-bench suite end to end through the real pipeline (suite, manifest with sha256, provider, journal, scorer,
 * summary, report): the oracle scores every point, and GPT-4-0314's recorded outputs, replayed through the recording
 * manifest, give the publisher's figures exactly, overall and for every subject and question type.
 */
class GaokaoBenchReplayTest {
    private static final Home HOME = new Home(TestSupport.home());
    private static final DataStore STORE = TestSupport.store();
    private static final RunPreparer PREPARER = new RunPreparer(HOME, STORE, Catalog.load(HOME.catalog()));
    private static final String RECORDING = "replays/gaokao-bench-gpt4-0314.yaml";
    private static final Path PUBLISHED = HOME.datasets().resolve("replays/published-scores.csv");

    @TempDir
    static Path tmp;
    static Summary oracle;
    static Summary replay;

    @BeforeAll
    static void runBoth() {
        oracle = run("oracle:gold", null, tmp.resolve("oracle"));
        replay = run("replay:" + RECORDING, "gpt-4-0314", tmp.resolve("replay"));
    }

    private static Summary run(String model, String as, Path out) {
        PreparedRun run = PREPARER.prepare(RunRequest.builder("gaokao-bench", model).as(as).build());
        return Evaluation.builder().concurrency(4).timeout(Duration.ofSeconds(30)).build().run(run, out).summary();
    }

    private static double metric(Map<String, Summary.MetricValue> metrics, String name) {
        return metrics.get(name).value();
    }

    @Test
    void theOracleEarnsEveryPoint() {
        assertEquals(1781, oracle.counts().scored());
        assertEquals(0, oracle.counts().errors());
        assertEquals(1.0, metric(oracle.metrics(), "scoring_rate"));
        assertEquals(1.0, metric(oracle.metrics(), "question_accuracy"));
        assertEquals(9702, metric(oracle.metrics(), "points_earned"));
        assertEquals(9702, metric(oracle.metrics(), "points_possible"));
    }

    @Test
    void theReplayGivesThePublishedOverallAndSubjectFigures() {
        assertTrue(replay.complete());
        assertEquals(1781, replay.counts().scored());
        assertEquals(7000, metric(replay.metrics(), "points_earned"));
        assertEquals(9702, metric(replay.metrics(), "points_possible"));
        assertEquals("0.722", String.format(Locale.ROOT, "%.3f", metric(replay.metrics(), "scoring_rate")));
        Map<String, Summary.Group> subjects = replay.breakdowns().get("subject");
        assertEquals(10, subjects.size());
        assertEquals(575, metric(subjects.get("math-sciences").metrics(), "points_earned"));
        assertEquals(1070, metric(subjects.get("math-sciences").metrics(), "points_possible"));
        assertEquals(213, metric(subjects.get("physics").metrics(), "points_earned"));
        assertEquals(384, metric(subjects.get("physics").metrics(), "points_possible"));
        assertEquals(14, replay.breakdowns().get("type").size());
        // Every published figure, overall, per subject and per question type: the same points, the same rate.
        List<PublishedScore> published = PublishedScore.load(PUBLISHED);
        assertEquals(1 + 10 + 14, published.size());
        List<String> differ = new ArrayList<>();
        for (PublishedScore p : published) {
            PublishedScore.Reproduction ours = p.reproducedBy(replay);
            if (ours == null || !ours.agrees()) {
                differ.add(p.label() + ": published " + p.pointsEarned() + "/" + p.pointsPossible() + " " + p.value() + ", gapbench " + ours);
            }
        }
        assertTrue(differ.isEmpty(), String.join("\n", differ));
    }

    /** The committed figures are the publisher's: checked against the mirror's copy of correction_score.json. */
    @Test
    void thePublishedFiguresAreThePublishersFile() throws Exception {
        JsonNode theirs = Json.MAPPER.readTree(TestSupport.dataDir().resolve("recorded/gaokao-bench-gpt4/objective_correction_score.json").toFile());
        for (PublishedScore p : PublishedScore.load(PUBLISHED)) {
            JsonNode n = p.field().isEmpty() ? theirs : p.field().equals("type") ? typeNode(theirs, p.group()) : subjectNode(theirs, p.group());
            assertNotNull(n, p.label());
            assertEquals(n.get("correct_score").asDouble(), p.pointsEarned(), p.label());
            assertEquals(n.get("total_score").asDouble(), p.pointsPossible(), p.label());
            assertEquals(n.get("scoring_rate").asDouble(), p.value(), p.label());
        }
        // The demo's headline for the recording is the same figure, and names the recording by its sha256.
        String row = Files.readAllLines(HOME.datasets().resolve("replays/demo.csv")).stream().filter(l -> l.startsWith("gaokao-bench,"))
                .findFirst().orElseThrow();
        String[] cols = row.split(",");
        assertEquals(RECORDING, cols[1]);
        assertEquals(STORE.sha256(HOME.datasets().resolve(RECORDING)), cols[2]);
        assertEquals(72.2, Double.parseDouble(cols[4]));
    }

    private static JsonNode typeNode(JsonNode root, String type) {
        for (JsonNode s : root.get("subject")) {
            if (s.get("type").has(type)) {
                return s.get("type").get(type);
            }
        }
        return null;
    }

    /** The publisher groups both mathematics papers as "Math"; its per-paper figures are the two types. */
    private static JsonNode subjectNode(JsonNode root, String subject) {
        return switch (subject) {
            case "math-sciences" -> typeNode(root, "2010-2022_Math_I_MCQs");
            case "math-humanities" -> typeNode(root, "2010-2022_Math_II_MCQs");
            default -> root.get("subject").get(Character.toUpperCase(subject.charAt(0)) + subject.substring(1));
        };
    }

    /** The suite expects Chinese reasoning: each answer's language is recorded and the rate reported. */
    @Test
    void languageFidelityIsReported() {
        double fidelity = metric(replay.metrics(), "language_fidelity");
        assertTrue(fidelity > 0.9 && fidelity <= 1, "GPT-4 answers the Chinese prompts in Chinese: " + fidelity);
        assertTrue(metric(replay.breakdowns().get("subject").get("english").metrics(), "language_fidelity")
                < metric(replay.breakdowns().get("subject").get("history").metrics(), "language_fidelity"),
                "English papers draw English answers");
        RunReader run = RunReader.open(tmp.resolve("replay"));
        run.forEachLatest(r -> assertEquals("zh", r.score().details().get("expected_language"), r.item()));
    }

    /** The recording is named by its path under the data directories and its sha256: the same on every machine. */
    @Test
    void theReplayIsNamedByItsManifest() {
        var id = RunReader.open(tmp.resolve("replay")).identity();
        assertEquals("replay:" + RECORDING, id.model().spec());
        assertEquals(STORE.sha256(HOME.datasets().resolve(RECORDING)), id.model().fileSha256());
        assertEquals("gpt-4-0314", id.model().name());
        assertTrue(id.dataset().license().contains("Apache-2.0") && !id.dataset().commercialUse(), id.dataset().license());
    }

    /**
     * Over the wire, a sample is what GAOKAO-Bench sends: the question type's zero-shot prompt as the system message,
     * the question as the user message, at temperature 0.3.
     */
    @Test
    void theUpstreamPromptGoesOverTheWire() {
        Map<String, List<Item>> byQuestion = new HashMap<>();
        new DatasetReader(STORE).read(PREPARER.manifest(PREPARER.suite("gaokao-bench")), "test")
                .forEach(i -> byQuestion.computeIfAbsent(i.text("question"), k -> new ArrayList<>()).add(i));
        try (ProviderServer server = ProviderServer.start().answer(r -> "【解析】略<eoe>\n【答案】A <eoa>")) {
            PreparedRun run = PREPARER.prepare(RunRequest.builder("gaokao-bench", "openai-compatible:gpt-4-0314")
                    .baseUrl(server.baseUrl()).limit(20).build());
            Summary s = Evaluation.builder().concurrency(4).timeout(Duration.ofSeconds(30)).build().run(run, tmp.resolve("http")).summary();
            assertEquals(20, s.counts().scored());
            assertEquals(20, server.requests().size());
            for (ProviderServer.Request r : server.requests()) {
                JsonNode messages = r.body().get("messages");
                assertEquals(2, messages.size());
                assertEquals("system", messages.get(0).get("role").asText());
                List<Item> asked = byQuestion.get(r.userText());
                assertNotNull(asked, "the user message is the question as recorded");
                assertTrue(asked.stream().anyMatch(i -> i.text("instruction").equals(messages.get(0).get("content").asText())),
                        "the system message is the question type's prompt");
                assertEquals(0.3, r.body().get("temperature").asDouble());
            }
        }
    }

    /** The report shows the published figure beside gapbench's, with the dataset's licence in the run's identity. */
    @Test
    void theReportPutsThePublishedFiguresBesideTheReplay() throws Exception {
        Path report = tmp.resolve("report");
        ReportBuilder.build(List.of(tmp.resolve("replay")), HOME.root().resolve("datasets/history/scores.csv"), report);
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("Published scores beside gapbench"), "the section is there");
        assertTrue(html.contains("<td class=\"num\">7000 / 9702</td>"), "points beside points");
        assertFalse(html.contains("<td>NO</td>"), "every published figure agrees");
        assertTrue(html.contains("research use"), "the licence is on the report");
        JsonNode json = Json.MAPPER.readTree(report.resolve("results.json").toFile());
        assertEquals(25, json.get("published_scores").size());
        json.get("published_scores").forEach(r -> assertTrue(r.get("agrees").asBoolean(), r.toString()));
    }
}
