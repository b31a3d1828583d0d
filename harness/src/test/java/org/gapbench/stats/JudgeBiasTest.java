package org.gapbench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gapbench.stats.JudgePanel.Grade;
import org.junit.jupiter.api.Test;

/** The judge-country interaction: closed forms, its symmetries, missing grades, a null simulation and a planted bias. */
class JudgeBiasTest {
    private static final Bootstrap BOOTSTRAP = Bootstrap.standard();
    private static final Map<String, String> JUDGES = Map.of("us-judge", "US", "cn-judge", "CN");

    @Test
    void closedFormOfTwoJudgesTwoModelsTwoItems() {
        List<Grade> rows = List.of(
                Grade.of("1", "us-model", "us-judge", 8), Grade.of("1", "cn-model", "us-judge", 6),
                Grade.of("1", "us-model", "cn-judge", 7), Grade.of("1", "cn-model", "cn-judge", 7),
                Grade.of("2", "us-model", "us-judge", 6), Grade.of("2", "cn-model", "us-judge", 4),
                Grade.of("2", "us-model", "cn-judge", 5), Grade.of("2", "cn-model", "cn-judge", 7));
        JudgeBias.Result r = country(JudgePanel.of(rows), Map.of("us-model", "US", "cn-model", "CN"));
        // US judge: US 7, CN 5; CN judge: US 6, CN 7
        assertEquals(new JudgeBias.Cells(7, 5, 6, 7), r.cells());
        assertEquals(2, r.gapUnderA().value(), 1e-12);
        assertEquals(-1, r.gapUnderB().value(), 1e-12);
        assertEquals(1, r.differenceOnX().value(), 1e-12);
        assertEquals(-2, r.differenceOnY().value(), 1e-12);
        assertEquals(3, r.interaction().value(), 1e-12);
        assertEquals(2, r.clusters());
        assertEquals(4, r.answers());
        assertEquals(0, r.excluded());
    }

    /** Every model weighs the same, whatever its number of answers: the leaderboard's own averaging. */
    @Test
    void modelsWeighEquallyWithinTheirCountry() {
        List<Grade> rows = new ArrayList<>();
        rows.add(Grade.of("1", "us-a", "us-judge", 10));
        rows.add(Grade.of("1", "us-a", "cn-judge", 0));
        for (String item : List.of("1", "2", "3")) {
            rows.add(Grade.of(item, "us-b", "us-judge", 2));
            rows.add(Grade.of(item, "us-b", "cn-judge", 2));
            rows.add(Grade.of(item, "cn-a", "us-judge", 4));
            rows.add(Grade.of(item, "cn-a", "cn-judge", 4));
        }
        JudgeBias.Result r = country(JudgePanel.of(rows), Map.of("us-a", "US", "us-b", "US", "cn-a", "CN"));
        // US judge on US models: (10 + 2) / 2 = 6; CN judge: (0 + 2) / 2 = 1; both give CN 4.
        assertEquals(new JudgeBias.Cells(6, 4, 1, 4), r.cells());
        assertEquals(5, r.interaction().value(), 1e-12);
    }

    @Test
    void swappingOneSidesLabelsFlipsTheSignAndBothLeavesItUnchanged() {
        JudgePanel panel = simulate(new Random(3), 40, 0.4, 0, 1);
        Map<String, String> models = Map.of("us-1", "US", "us-2", "US", "cn-1", "CN", "cn-2", "CN");
        Map<String, String> swappedModels = Map.of("us-1", "CN", "us-2", "CN", "cn-1", "US", "cn-2", "US");
        Map<String, String> swappedJudges = Map.of("us-judge", "CN", "cn-judge", "US");
        JudgeBias.Result r = country(panel, models);
        JudgeBias.Result judgesSwapped = JudgeBias.countryInteraction(panel, swappedJudges, models, "US", "CN", BOOTSTRAP);
        JudgeBias.Result modelsSwapped = JudgeBias.countryInteraction(panel, JUDGES, swappedModels, "US", "CN", BOOTSTRAP);
        JudgeBias.Result both = JudgeBias.countryInteraction(panel, swappedJudges, swappedModels, "US", "CN", BOOTSTRAP);
        JudgeBias.Result named = JudgeBias.countryInteraction(panel, JUDGES, models, "CN", "US", BOOTSTRAP);
        for (JudgeBias.Result flipped : List.of(judgesSwapped, modelsSwapped)) {
            assertEquals(-r.interaction().value(), flipped.interaction().value(), 1e-12);
            // the same resamples, negated: the interval is mirrored and the test says the same
            assertEquals(-r.interaction().high(), flipped.interaction().low(), 1e-9);
            assertEquals(-r.interaction().low(), flipped.interaction().high(), 1e-9);
            assertEquals(r.pValue(), flipped.pValue(), 1e-12);
        }
        assertEquals(r.interaction().value(), both.interaction().value(), 1e-12);
        assertEquals(r.interaction().value(), named.interaction().value(), 1e-12);
    }

    /** A judge that failed on an answer takes that answer out for every judge: counted, never imputed. */
    @Test
    void aMissingGradeExcludesTheAnswerForEveryJudge() {
        List<Grade> rows = new ArrayList<>(List.of(
                Grade.of("1", "us-model", "us-judge", 8), Grade.of("1", "cn-model", "us-judge", 6),
                Grade.of("1", "us-model", "cn-judge", 7), Grade.of("1", "cn-model", "cn-judge", 7),
                Grade.of("2", "us-model", "us-judge", 6), Grade.of("2", "cn-model", "us-judge", 4),
                Grade.of("2", "us-model", "cn-judge", 5), Grade.of("2", "cn-model", "cn-judge", 7),
                Grade.of("3", "us-model", "us-judge", 1), Grade.of("3", "cn-model", "us-judge", 1),
                Grade.of("3", "us-model", "cn-judge", Double.NaN), Grade.of("3", "cn-model", "cn-judge", 9)));
        // the CN judge has no row at all for item 4's US answer
        rows.add(Grade.of("4", "us-model", "us-judge", 10));
        JudgeBias.Result r = country(JudgePanel.of(rows), Map.of("us-model", "US", "cn-model", "CN"));
        assertEquals(2, r.excluded());
        assertEquals(Map.of("us-judge", 0, "cn-judge", 2), r.missingByJudge());
        // item 3's CN answer stays: US judge CN (6 + 4 + 1) / 3, CN judge (7 + 7 + 9) / 3
        assertEquals(new JudgeBias.Cells(7, 11.0 / 3, 6, 23.0 / 3), r.cells());
        assertEquals(3, r.clusters());
    }

    @Test
    void ownGroupPreferenceRecoversAPlantedSelfPreference() {
        Random rng = new Random(5);
        List<Grade> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String item = "q" + i;
            double difficulty = rng.nextGaussian();
            for (String model : List.of("gpt-a", "gpt-b", "qwen-a", "claude-a")) {
                double truth = 6 + difficulty + rng.nextGaussian();
                rows.add(Grade.of(item, model, "gpt-judge", truth + 0.5 + (model.startsWith("gpt") ? 1.0 : 0) + 0.3 * rng.nextGaussian()));
                rows.add(Grade.of(item, model, "qwen-judge", truth + 0.3 * rng.nextGaussian()));
                rows.add(Grade.of(item, model, "claude-judge", truth - 0.2 + 0.3 * rng.nextGaussian()));
            }
        }
        Map<String, String> family = Map.of("gpt-judge", "openai", "qwen-judge", "alibaba", "claude-judge", "anthropic",
                "gpt-a", "openai", "gpt-b", "openai", "qwen-a", "alibaba", "claude-a", "anthropic");
        JudgeBias.Result r = JudgeBias.ownGroupPreference("self-preference", JudgePanel.of(rows), "gpt-judge", family, family, BOOTSTRAP);
        assertEquals(List.of("qwen-judge", "claude-judge"), r.judgesB());
        assertEquals(List.of("gpt-a", "gpt-b"), r.modelsX());
        // the judge's general leniency (0.5 above the others' mean of -0.1) is taken off; the planted 1.0 is what remains
        assertEquals(1.6, r.differenceOnX().value(), 0.1);
        assertEquals(0.6, r.differenceOnY().value(), 0.1);
        assertTrue(r.interaction().low() <= 1.0 && 1.0 <= r.interaction().high(), r.toString());
        assertTrue(r.interaction().low() > 0.5 && r.pValue() < 0.01, r.toString());
    }

    @Test
    void contradictoryGroupsAreRefused() {
        JudgePanel panel = simulate(new Random(1), 5, 0, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> JudgeBias.contrast("x", panel, List.of("us-judge"),
                List.of("us-judge"), List.of("us-1"), List.of("cn-1"), BOOTSTRAP));
        assertThrows(IllegalArgumentException.class, () -> JudgeBias.contrast("x", panel, List.of("us-judge"),
                List.of("cn-judge"), List.of("us-1"), List.of(), BOOTSTRAP));
        assertThrows(IllegalArgumentException.class, () -> JudgeBias.contrast("x", panel, List.of("nobody"),
                List.of("cn-judge"), List.of("us-1"), List.of("cn-1"), BOOTSTRAP));
        assertThrows(IllegalArgumentException.class, () -> JudgePanel.of(List.of(Grade.of("1", "m", "j", 1), Grade.of("1", "m", "j", 2))));
    }

    /**
     * No bias: the interval covers 0 at about its nominal rate and the test rejects at about 5%; a planted home bias
     * of d per judge is recovered as 2d. Grades = item difficulty + model quality (the US models better) + judge
     * leniency (the US judge stricter) + noise, on 50 items, 4 models, 2 judges.
     */
    @Test
    void nullCoverageAndPlantedBias() {
        int replications = 300;
        int nullCovered = 0;
        int nullRejected = 0;
        int plantCovered = 0;
        int plantDetected = 0;
        Random rng = new Random(20250101);
        Bootstrap bootstrap = new Bootstrap(400, 7);
        Map<String, String> models = Map.of("us-1", "US", "us-2", "US", "cn-1", "CN", "cn-2", "CN");
        for (int r = 0; r < replications; r++) {
            JudgeBias.Result none = JudgeBias.countryInteraction(simulate(rng, 50, 0, 0.5, 1), JUDGES, models, "US", "CN", bootstrap);
            nullCovered += none.interaction().low() <= 0 && 0 <= none.interaction().high() ? 1 : 0;
            nullRejected += none.pValue() < 0.05 ? 1 : 0;
            JudgeBias.Result planted = JudgeBias.countryInteraction(simulate(rng, 50, 0.3, 0.5, 1), JUDGES, models, "US", "CN", bootstrap);
            plantCovered += planted.interaction().low() <= 0.6 && 0.6 <= planted.interaction().high() ? 1 : 0;
            plantDetected += planted.pValue() < 0.05 ? 1 : 0;
        }
        String report = String.format(java.util.Locale.ROOT, "null coverage %.3f, null rejection %.3f, planted coverage %.3f, power %.3f",
                (double) nullCovered / replications, (double) nullRejected / replications,
                (double) plantCovered / replications, (double) plantDetected / replications);
        System.out.println("JudgeBiasTest: " + report);
        assertTrue(nullCovered >= 0.91 * replications && nullCovered <= 0.985 * replications, report);
        assertTrue(nullRejected <= 0.09 * replications, report);
        assertTrue(plantCovered >= 0.91 * replications, report);
        assertTrue(plantDetected >= 0.8 * replications, report);
    }

    private static JudgeBias.Result country(JudgePanel panel, Map<String, String> models) {
        return JudgeBias.countryInteraction(panel, JUDGES, models, "US", "CN", BOOTSTRAP);
    }

    /** Each judge adds {@code home} to models of its own country; the US judge is {@code strictness} harsher. */
    private static JudgePanel simulate(Random rng, int items, double home, double strictness, double noise) {
        List<Grade> rows = new ArrayList<>();
        Map<String, Double> quality = Map.of("us-1", 1.0, "us-2", 0.5, "cn-1", 0.2, "cn-2", -0.3);
        for (int i = 0; i < items; i++) {
            double difficulty = 1.5 * rng.nextGaussian();
            for (String model : List.of("us-1", "us-2", "cn-1", "cn-2")) {
                double answer = 6 + difficulty + quality.get(model) + rng.nextGaussian();
                boolean us = model.startsWith("us");
                rows.add(Grade.of("q" + i, model, "us-judge", answer - strictness + (us ? home : 0) + noise * rng.nextGaussian()));
                rows.add(Grade.of("q" + i, model, "cn-judge", answer + (us ? 0 : home) + noise * rng.nextGaussian()));
            }
        }
        return JudgePanel.of(rows);
    }
}
