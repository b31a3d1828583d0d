package org.gapbench.publish.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.gapbench.io.Json;
import org.gapbench.publish.report.HeadlessChromium;
import org.gapbench.stats.Bootstrap;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bias table on a live run whose bias is known: a US model and a Chinese model answer ja-mt-bench on a 127.0.0.1
 * server, and two judges on another (a US and a Chinese catalog model) grade them with a planted preference — the US
 * judge gives its country's answers 2 points more than the Chinese judge does, the Chinese judge gives its own 1 more.
 * The analysis must find exactly those home biases, the US–China gap changing sign with the judge, and the country
 * interaction of 3; the report and the CLI must show them.
 */
class JudgeBiasLiveTest {
    private static final String US = "gpt-4o-2024-05-13";
    private static final String CN = "deepseek-v3";

    @TempDir
    static Path tmp;
    static ProviderServer models;
    static ProviderServer judges;
    static Map<String, JudgeAnalysis.Result> results;

    /** A question's base grade, 3..7, the same for every judge. */
    static int base(String question) {
        return 3 + Math.floorMod(question.hashCode(), 5);
    }

    @BeforeAll
    static void runBoth() {
        models = ProviderServer.start().answer(r -> "これは" + r.model() + "の回答です（" + r.body().path("messages").size() + "）。"
                + "ご質問ありがとうございます。" + "詳しく説明いたします。".repeat(1 + Math.floorMod(r.userText().hashCode(), 4)));
        judges = ProviderServer.start().answer(r -> {
            String prompt = r.userText();
            // the prompt up to the answer is the same for both models' answers to a turn; the answer names its model
            int cut = prompt.indexOf("これは");
            int grade = base(cut < 0 ? prompt : prompt.substring(0, cut));
            boolean usAnswer = prompt.contains("これは" + US);
            if (r.model().equals(US) && usAnswer) {
                grade += 2;
            } else if (r.model().equals("deepseek-chat") && !usAnswer) {
                grade += 1;
            }
            return "公平に評価しました。評価：[[" + grade + "]]";
        });
        for (String model : List.of(US, CN)) {
            Cli cli = TestSupport.gapbench("run", "--suite", "ja-mt-bench", "--model", model, "--base-url", models.baseUrl(),
                    "--api-key-env", "GAPBENCH_TEST_KEY", "--judge", US + "," + CN, "--judge-base-url", judges.baseUrl(), "--limit", "12",
                    "--no-cache", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", tmp.resolve(model).toString());
            assertEquals(0, cli.exit(), cli.err() + cli.out());
        }
        results = JudgeAnalysis.analyse(List.of(tmp.resolve(US), tmp.resolve(CN)), Bootstrap.standard());
    }

    @AfterAll
    static void stop() {
        models.close();
        judges.close();
    }

    private static JudgeAnalysis.JudgeRow row(String judge) {
        return results.get("ja-mt-bench").judges().stream().filter(r -> r.judge().equals(judge)).findFirst().orElseThrow();
    }

    @Test
    void thePlantedHomeBiasesAreFoundWithIntervalsThatExcludeZero() {
        JudgeAnalysis.JudgeRow us = row(US);
        JudgeAnalysis.JudgeRow cn = row(CN);
        assertEquals("US", us.country());
        assertEquals("CN", cn.country());
        assertEquals(2.0, us.homeBias().differenceOnX().value(), 1e-9, "US judge minus CN judge on US answers");
        assertEquals(1.0, cn.homeBias().differenceOnX().value(), 1e-9, "CN judge minus US judge on CN answers");
        assertTrue(us.homeBias().differenceOnX().low() > 0 && cn.homeBias().differenceOnX().low() > 0);
        assertTrue(us.homeBias().pValue() < 0.05, String.valueOf(us.homeBias().pValue()));
        assertEquals(24, us.homeBias().answers(), "12 questions x 2 models, each answer graded by both judges");
        // the organization is the country's here (OpenAI's judge on OpenAI's model): the same figure, named as self-preference
        assertNotNull(us.selfPreference());
        assertEquals(2.0, us.selfPreference().differenceOnX().value(), 1e-9);
    }

    @Test
    void theGapChangesSignWithTheJudgeAndTheInteractionIsThePlantedSum() {
        JudgeAnalysis.Result r = results.get("ja-mt-bench");
        assertEquals(2.0, row(US).gap().value(), 1e-9);
        assertEquals(-1.0, row(CN).gap().value(), 1e-9);
        assertTrue(r.gapChangesSign());
        assertTrue(r.statement().contains("changes sign"), r.statement());
        assertEquals(3.0, r.interaction().interaction().value(), 1e-9);
        assertEquals(1, r.agreement().size());
        double rho = r.agreement().get(0).spearman().value();
        assertTrue(rho > 0 && rho < 1, "the judges agree on the questions' order, not on the models: " + rho);
    }

    /** Published numbers are the same on any machine: neither the order of the runs nor their journals' order moves them. */
    @Test
    void theTableDoesNotDependOnTheOrderOfRunsOrOfJournalLines() throws Exception {
        Path shuffled = tmp.resolve("shuffled-" + CN);
        Files.createDirectories(shuffled);
        for (String f : List.of("run.json", "summary.json")) {
            Files.copy(tmp.resolve(CN).resolve(f), shuffled.resolve(f));
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(tmp.resolve(CN).resolve("samples.jsonl")));
        java.util.Collections.reverse(lines);
        Files.write(shuffled.resolve("samples.jsonl"), lines);
        var again = JudgeAnalysis.analyse(List.of(shuffled, tmp.resolve(US)), Bootstrap.standard()).get("ja-mt-bench");
        var first = results.get("ja-mt-bench");
        assertEquals(first.statement(), again.statement());
        assertEquals(first.agreement().get(0).spearman(), again.agreement().get(0).spearman());
        for (int j = 0; j < first.judges().size(); j++) {
            assertEquals(first.judges().get(j).lengthBias(), again.judges().get(j).lengthBias());
            assertEquals(first.judges().get(j).homeBias().differenceOnX(), again.judges().get(j).homeBias().differenceOnX());
        }
    }

    @Test
    void theReportShowsTheBiasTableAndTheCliPrintsIt() throws Exception {
        Path report = tmp.resolve("report");
        Cli built = TestSupport.gapbench("report", "--runs", tmp.resolve(US).toString(), tmp.resolve(CN).toString(), "--out", report.toString());
        assertEquals(0, built.exit(), built.err() + built.out());
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("Does the judge"), "the judges section");
        assertTrue(html.contains("+2.00") && html.contains("changes sign"), "home bias and the sign statement");
        String json = Files.readString(report.resolve("results.json"));
        assertTrue(json.contains("\"judging\"") && json.contains("\"home_bias\""), json.substring(0, Math.min(400, json.length())));

        // as readers see it, at 1400 and 420 CSS pixels: the table scrolls in its own box, no console error
        if (HeadlessChromium.installed()) {
            Path shots = TestSupport.home().resolve("harness/target/report-screenshots");
            Files.createDirectories(shots);
            try (HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("chromium-profile"))) {
                for (int width : new int[] {1400, 420}) {
                    chromium.open(report.resolve("index.html"), width, 1000);
                    JsonNode p = Json.MAPPER.readTree(chromium.evaluate("JSON.stringify({scroll: document.documentElement.scrollWidth,"
                            + " inner: window.innerWidth, rows: document.querySelectorAll('#judging ~ div table tbody tr').length,"
                            + " top: document.getElementById('judging').getBoundingClientRect().top + window.scrollY,"
                            + " height: document.documentElement.scrollHeight})").asText());
                    assertTrue(p.get("scroll").asInt() <= p.get("inner").asInt(), width + " px: the page is " + p.get("scroll") + " px wide");
                    assertTrue(p.get("rows").asInt() >= 2, "the judges' rows: " + p);
                    assertEquals(List.of(), chromium.errors(), width + " px: console errors");
                    int height = width < 600 ? 1400 : 900;
                    double top = Math.max(0, Math.min(p.get("top").asDouble(), p.get("height").asDouble() - height));
                    Files.write(shots.resolve(width + "px-judging.png"), chromium.screenshot(top, width, height));
                }
            }
        }

        Cli cli = TestSupport.gapbench("judge-bias", "--runs", tmp.resolve(US).toString(), tmp.resolve(CN).toString());
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(cli.out().contains(US) && cli.out().contains("home bias +2.00"), cli.out());
        assertFalse(cli.out().contains("NaN"), cli.out());
    }
}
