package org.gapbench.publish.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published report as {@code gapbench demo} writes it, from two checkouts in different places, one of them in
 * another time zone and locale: the bytes must be the same, and what the page states must hold on the demo's real
 * runs (12 recorded models, two scorings of GSM8K). Then the page is read in headless Chromium at a desktop and a
 * phone width; the screenshots stay in {@code harness/target/report-screenshots} for people to look at.
 */
class DemoReportTest {
    private static final Path HOME = TestSupport.home();
    private static final Path SCREENSHOTS = HOME.resolve("harness/target/report-screenshots");

    @TempDir
    static Path tmp;
    static Path checkoutA;
    static Path checkoutB;
    static Path report;
    static JsonNode results;

    @BeforeAll
    static void runTheDemoInTwoCheckouts() throws Exception {
        checkoutA = checkout(tmp.resolve("a"));
        checkoutB = checkout(tmp.resolve("second-clone-somewhere/else entirely"));
        Map<String, String> elsewhere = new HashMap<>();
        elsewhere.put("TZ", "Asia/Shanghai");
        elsewhere.put("LANG", "de_DE.UTF-8");
        elsewhere.put("LC_ALL", "de_DE.UTF-8");
        CompletableFuture<TestSupport.Cli> a = CompletableFuture.supplyAsync(() -> demo(checkoutA, Map.of()));
        CompletableFuture<TestSupport.Cli> b = CompletableFuture.supplyAsync(() -> demo(checkoutB, elsewhere));
        for (TestSupport.Cli c : List.of(a.get(), b.get())) {
            assertEquals(0, c.exit(), c.out());
            // the demo's own table: every recorded model replayed offline, every number present
            assertTrue(c.out().contains("qwen2-72b-instruct") && c.out().contains("gpt-4o-2024-05-13"), c.out());
            assertFalse(c.out().contains("n/a"), c.out());
            // GAOKAO-Bench: GPT-4-0314's answers beside the publisher's points, overall and per subject and question type
            assertTrue(c.out().contains("25 of 25 published figures reproduced exactly"), c.out());
            assertTrue(c.out().matches("(?s).*overall +7000 / 9702 +72\\.2 .*"), c.out());
        }
        report = checkoutA.resolve("reports/latest");
        results = Json.MAPPER.readTree(report.resolve("results.json").toFile());
    }

    /** What a clone holds that the demo reads: suites, manifests, catalog, history, the replay list. */
    private static Path checkout(Path root) throws IOException {
        for (String dir : List.of("suites", "datasets")) {
            Path from = HOME.resolve(dir);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path to = root.resolve(dir).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        return root;
    }

    private static TestSupport.Cli demo(Path checkout, Map<String, String> env) {
        return TestSupport.runChild(checkout, env, "demo", "--data-dir", TestSupport.dataDir().toString(),
                "--out", checkout.resolve("runs/demo").toString());
    }

    @Test
    void everyFileIsByteIdenticalFromAnotherCheckoutTimeZoneAndLocale() throws IOException {
        Path other = checkoutB.resolve("reports/latest");
        TreeSet<String> files = files(report);
        assertEquals(files, files(other));
        assertTrue(files.contains("charts/frontier-eci.svg") && files.contains("charts/suite-gsm8k-json.png"), files.toString());
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(report.resolve(f)), Files.readAllBytes(other.resolve(f)), f + " differs between checkouts");
            if (!f.endsWith(".png")) {
                String text = Files.readString(report.resolve(f));
                assertFalse(text.contains(tmp.toString()), f + " names a path of the machine");
                assertFalse(text.contains("created_at") || text.contains("git_commit"), f + " carries when or from which commit it ran");
            }
        }
    }

    private static TreeSet<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /** yi-large and qwen2-7b-instruct score exactly 1056/1319 under ZeroEval's rule: they were ranked 7= and 9. */
    @Test
    void demoRanksKeepTheirPromise() {
        for (JsonNode suite : results.get("suites")) {
            JsonNode entries = suite.get("entries");
            double[] values = new double[entries.size()];
            int[] ranks = new int[entries.size()];
            int[] better = new int[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                values[i] = entries.get(i).get("value").asDouble();
                ranks[i] = entries.get(i).get("rank").asInt();
                better[i] = entries.get(i).get("significantly_better_runs").asInt();
            }
            LeaderboardRanksTest.assertRanksKeepTheirPromise(values, new Leaderboard.Ranking(ranks, better, List.of()), suite.get("suite").asText());
            if (suite.get("suite").asText().startsWith("gsm8k")) {
                assertEquals(12, entries.size(), "every recorded GSM8K model on the board");
            }
        }
        Map<String, JsonNode> zeroEval = byModel(suite("gsm8k-zeroeval"));
        assertEquals(zeroEval.get("yi-large").get("value").asDouble(), zeroEval.get("qwen2-7b-instruct").get("value").asDouble());
        assertEquals(zeroEval.get("yi-large").get("rank").asInt(), zeroEval.get("qwen2-7b-instruct").get("rank").asInt());
    }

    /** GSM8K is scored twice (gapbench's checker, ZeroEval's rule) on the same answers: the language table counts it once. */
    @Test
    void perLanguageColumnsCountEachDatasetOnce() throws IOException {
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("gsm8k counts once, through gsm8k-json (gsm8k-zeroeval scores the same dataset and is left out here)"));
        String table = html.substring(html.indexOf("<h3>Per language</h3>"), html.indexOf("</table>", html.indexOf("<h3>Per language</h3>")));
        // yi-large: 82.6 under gapbench's checker, 80.1 under ZeroEval's rule; their mean (81.3) would count GSM8K twice
        assertTrue(table.contains("<td>yi-large</td><td class=\"num\">82.6</td>"), table);
    }

    /** The demo's GSM8K frontiers are both above 90%: a months-behind number there would be a headline about noise. */
    @Test
    void saturatedBenchmarksGetNoMonthsBehindHeadline() throws IOException {
        String html = Files.readString(report.resolve("index.html"));
        for (String suite : List.of("gsm8k-json", "gsm8k-zeroeval")) {
            assertTrue(results.at("/gap/" + suite + "/saturated").asText().contains("saturated"), suite);
            assertFalse(Files.exists(report.resolve("charts/months-behind-" + suite + ".svg")), suite);
            String section = html.substring(html.indexOf("<h3>gapbench runs: " + suite), html.indexOf("</details>", html.indexOf("<h3>gapbench runs: " + suite)));
            assertTrue(section.contains("where GSM8K is saturated"), section);
            assertFalse(section.contains("Chinese frontier behind the US"), section);
        }
        assertTrue(results.at("/gap/eci/saturated").isMissingNode(), "ECI is not saturated");
        assertTrue(html.contains("Chinese frontier behind the US<b>7.0 months"), "the ECI headline stays");
    }

    /** Score gaps are dated by the data (the newest release), never by the day the report was built. */
    @Test
    void datesComeFromTheData() throws IOException {
        String upTo = results.get("data_up_to").asText();
        assertTrue(upTo.matches("\\d{4}-\\d{2}-\\d{2}"), upTo);
        for (JsonNode gap : results.get("gap")) {
            for (JsonNode g : gap.get("result").get("score_gap")) {
                assertTrue(g.get("date").asText().compareTo(upTo) <= 0, g.toString());
            }
        }
        String newestRelease = "";
        for (JsonNode run : results.get("runs")) {
            if (run.at("/suite/id").asText().equals("gsm8k-json")) {
                String d = run.at("/model/release_date").asText();
                newestRelease = d.compareTo(newestRelease) > 0 ? d : newestRelease;
            }
        }
        JsonNode gaps = results.at("/gap/gsm8k-json/result/score_gap");
        assertEquals(newestRelease, gaps.get(gaps.size() - 1).get("date").asText());
        assertFalse(results.has("generated_on"), "no 'generated on' unless --date says so");
        assertTrue(Files.readString(report.resolve("index.html")).contains("Generated from data up to " + upTo));
    }

    /** Every chart names its source and licence, uses readable type, and dates its axes with years. */
    @Test
    void chartsCarrySourcesYearsAndReadableType() throws IOException {
        Pattern size = Pattern.compile("font-size: (\\d+)px");
        for (String f : files(report)) {
            if (!f.endsWith(".svg")) {
                continue;
            }
            String svg = Files.readString(report.resolve(f));
            assertTrue(svg.contains("Source: "), f);
            if (f.contains("eci")) {
                assertTrue(svg.contains("Epoch AI (CC BY 4.0)"), f);
            }
            if (f.startsWith("charts/frontier-") || f.startsWith("charts/months-behind-")) {
                assertTrue(Pattern.compile(">[A-Z][a-z]{2} 20\\d\\d<").matcher(svg).find(), f + ": date ticks carry the year");
            }
            Matcher m = size.matcher(svg);
            while (m.find()) {
                assertTrue(Integer.parseInt(m.group(1)) >= 12, f + ": " + m.group());
            }
        }
    }

    /**
     * The page as readers see it, at 1400 and 420 CSS pixels: nothing wider than the window (tables scroll in their own
     * box), no console error, every image decoded, every leaderboard with rows.
     */
    @Test
    void readsWellInHeadlessChromiumOnADesktopAndAPhone() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed(), "Chromium is not installed (.ci/run installs it)");
        Files.createDirectories(SCREENSHOTS);
        try (HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("chromium-profile"))) {
            for (int width : new int[] {1400, 420}) {
                chromium.open(report.resolve("index.html"), width, 1000);
                JsonNode page = chromium.evaluate("JSON.stringify({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
                        + " images: Array.from(document.images).map(i => ({ok: i.complete && i.naturalWidth > 0, alt: i.alt})),"
                        + " boards: Array.from(document.querySelectorAll('table.leaderboard')).map(t => t.tBodies[0].rows.length),"
                        + " wide: Array.from(document.querySelectorAll('main > *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + ' ' + e.textContent.slice(0, 40)),"
                        + " leaderboards: document.getElementById('leaderboards').getBoundingClientRect().top + window.scrollY,"
                        + " runs: document.getElementById('runs').getBoundingClientRect().top + window.scrollY,"
                        + " height: document.documentElement.scrollHeight})");
                JsonNode p = Json.MAPPER.readTree(page.asText());
                assertTrue(p.get("scroll").asInt() <= p.get("inner").asInt(), width + " px: the page is " + p.get("scroll") + " px wide: " + p.get("wide"));
                assertEquals(List.of(), chromium.errors(), width + " px: console errors");
                assertTrue(p.get("images").size() >= 8, p.toString());
                p.get("images").forEach(i -> assertTrue(i.get("ok").asBoolean(), width + " px: image not shown: " + i.get("alt")));
                assertEquals(results.get("suites").size(), p.get("boards").size(), "one board per suite: " + p);
                p.get("boards").forEach(n -> assertTrue(n.asInt() > 0, width + " px: an empty leaderboard"));
                // the first run identity opened, so the screenshot shows its table
                chromium.evaluate("document.querySelector('#runs ~ details').open = true");
                int height = width < 600 ? 1800 : 1300;
                Map<String, Double> shots = Map.of("top", 0.0, "leaderboards", p.get("leaderboards").asDouble(), "runs", p.get("runs").asDouble());
                for (Map.Entry<String, Double> s : shots.entrySet()) {
                    double top = Math.min(s.getValue(), p.get("height").asDouble() - height);
                    byte[] png = chromium.screenshot(Math.max(0, top), width, height);
                    assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a real screenshot");
                    Files.write(SCREENSHOTS.resolve(width + "px-" + s.getKey() + ".png"), png);
                }
            }
        }
    }

    private static JsonNode suite(String id) {
        for (JsonNode s : results.get("suites")) {
            if (s.get("suite").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no leaderboard for " + id);
    }

    private static Map<String, JsonNode> byModel(JsonNode suite) {
        Map<String, JsonNode> out = new HashMap<>();
        suite.get("entries").forEach(e -> out.put(e.get("model").asText(), e));
        return out;
    }
}
