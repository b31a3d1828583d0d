package org.gapbench.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gapbench.cli.ExitCode;
import org.gapbench.cli.Main;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a report from three real runs of the GSM8K suite (the oracle, a replay answering every item right, and a
 * replay that gets half of them wrong and writes a script tag) and the committed history, then checks the files, the
 * statistics and the escaping, and renders the page in headless Chromium when it is installed.
 */
class ReportBuilderTest {
    private static final Path HOME = TestSupport.home();
    private static final String XSS = "<script>alert('owned')</script>";

    @TempDir
    static Path tmp;
    static Path report;
    static List<Path> runs = new ArrayList<>();

    @BeforeAll
    static void buildReport() throws Exception {
        List<Item> items = new DatasetReader(TestSupport.store()).read(ManifestLoader.load(HOME.resolve("datasets/gsm8k.yaml")), "test");
        List<String> right = new ArrayList<>();
        List<String> half = new ArrayList<>();
        for (Item item : items) {
            String answer = item.text("answer");
            right.add(Json.write(Map.of("id", item.id(), "response", "So the answer is \\boxed{" + answer + "}.")));
            String wrong = Integer.parseInt(item.id()) % 2 == 0 ? answer : answer + "1";
            half.add(Json.write(Map.of("id", item.id(), "response", XSS + " I think it is \\boxed{" + wrong + "}.")));
        }
        Files.write(tmp.resolve("right.jsonl"), right);
        Files.write(tmp.resolve("half.jsonl"), half);
        run("oracle", "oracle:gold", null);
        run("right", "replay:" + tmp.resolve("right.jsonl"), "gpt-4o-2024-05-13");
        run("half", "replay:" + tmp.resolve("half.jsonl"), "qwen2-72b-instruct");
        report = tmp.resolve("report");
        ReportBuilder.build(runs, HOME.resolve("datasets/history/scores.csv"), report);
    }

    private static void run(String name, String model, String as) {
        Path out = tmp.resolve("runs").resolve(name);
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", model, "--limit", "60", "--out",
                out.toString(), "--progress", "none", "--no-cache", "--data-dir", TestSupport.dataDir().toString()));
        if (as != null) {
            args.addAll(List.of("--as", as));
        }
        TestSupport.Cli cli = TestSupport.gapbench(args.toArray(String[]::new));
        assertEquals(ExitCode.OK.code, cli.exit(), "run " + name + ": " + cli.err());
        runs.add(out);
    }

    @Test
    void writesEveryFile() {
        for (String f : List.of("index.html", "leaderboard.md", "leaderboard.csv", "results.json", "charts/frontier-eci.png",
                "charts/months-behind-eci.png", "charts/frontier-lmarena-text.png", "charts/suite-gsm8k.png")) {
            assertTrue(Files.isRegularFile(report.resolve(f)), f);
        }
    }

    @Test
    void modelOutputIsEscapedText() throws Exception {
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("&lt;script&gt;alert("), "the script tag is shown as text in the drill-down");
        assertFalse(html.contains(XSS), "model output never becomes markup");
        assertEquals(1, html.split("<script", -1).length - 1, "the only script is the page's own table sorter");
        assertFalse(html.contains("src=\"http"), "the page is self-contained");
    }

    @Test
    void ranksSeparateSignificantlyDifferentModelsAndTieEqualOnes() throws Exception {
        JsonNode suite = Json.MAPPER.readTree(report.resolve("results.json").toFile()).get("suites").get(0);
        assertEquals("gsm8k", suite.get("suite").asText());
        JsonNode entries = suite.get("entries");
        assertEquals(3, entries.size());
        assertEquals(1, entries.get(0).get("rank").asInt());
        assertEquals(1, entries.get(1).get("rank").asInt(), "oracle and an all-correct replay are tied");
        assertEquals("qwen2-72b-instruct", entries.get(2).get("model").asText());
        assertEquals(3, entries.get(2).get("rank").asInt(), "half wrong on 60 shared items is significantly worse than both");
        assertEquals("CN", entries.get(2).get("country").asText());
        JsonNode third = entries.get(2);
        assertTrue(third.get("ci_low").asDouble() < 0.5 && third.get("ci_high").asDouble() > 0.5, "the CI covers the true 50%");
        for (JsonNode c : suite.get("comparisons")) {
            assertEquals(60, c.get("sharedItems").asInt());
            assertTrue(c.get("pAdjusted").asDouble() >= c.get("pValue").asDouble(), "Holm never lowers a p-value");
        }
        assertEquals(7.0, Json.MAPPER.readTree(report.resolve("results.json").toFile()).at("/gap/eci/result/months_behind/mean").asDouble(), 0.5);
    }

    @Test
    void leaderboardFilesAgreeWithTheRuns() throws Exception {
        List<String> csv = Files.readAllLines(report.resolve("leaderboard.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(3).startsWith("gsm8k,accuracy,3,false,qwen2-72b-instruct,CN,true,0.5"), csv.get(3));
        String md = Files.readString(report.resolve("leaderboard.md"));
        assertTrue(md.contains("| 1= | ") && md.contains("| 3 | qwen2-72b-instruct | CN | open | 5"), md);
        assertTrue(csv.get(0).startsWith("suite,metric,rank,tied,model,country,open_weights,value,ci_low,ci_high,items_scored,"), csv.get(0));
    }

    @Test
    void rendersInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Chromium is not installed");
        Path shot = tmp.resolve("screenshot.png");
        Process p = new ProcessBuilder(HOME.resolve("bin/check-report.sh").toString(), report.toString(), shot.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a real PNG screenshot");
    }
}
