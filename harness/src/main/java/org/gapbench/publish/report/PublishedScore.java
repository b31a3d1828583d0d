package org.gapbench.publish.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.results.Summary;

/**
 * A score a publisher reported for generations gapbench replays ({@code datasets/replays/published-scores.csv}): the
 * demo and the report put gapbench's figure for the same suite, model and breakdown group beside it.
 *
 * @param field          a breakdown field of the suite, or empty for the whole suite
 * @param group          the breakdown value (empty with the whole suite)
 * @param value          the metric as published (a rate: the publisher rounds it, to 3 decimals for GAOKAO-Bench)
 * @param pointsEarned   the exam points behind the rate, when the publisher gives them (else null)
 * @param pointsPossible the points possible behind the rate (else null)
 */
public record PublishedScore(String suite, String model, String field, String group, String metric, double value,
                             Double pointsEarned, Double pointsPossible, String publishedBy, String source) {

    /** The summary metrics that hold a points-scored suite's totals (the {@code gaokao} scorer's). */
    public static final String EARNED = "points_earned";
    public static final String POSSIBLE = "points_possible";
    /** Published rates are rounded to 3 decimals: ours agrees when it rounds to the same figure. */
    private static final double PUBLISHED_PRECISION = 0.0005 + 1e-12;

    /** gapbench's figures for the same group, from a run's summary (points null when the run has none). */
    public record Reproduction(double value, Double ciLow, Double ciHigh, Double pointsEarned, Double pointsPossible, boolean agrees) {
    }

    /** The rows of {@code csv}; none when it does not exist. */
    public static List<PublishedScore> load(Path csv) {
        if (!Files.isRegularFile(csv)) {
            return List.of();
        }
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(reader).setFormat(CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).setCommentMarker('#').get()).get()) {
            List<PublishedScore> out = new ArrayList<>();
            for (CSVRecord r : p) {
                out.add(new PublishedScore(r.get("suite"), r.get("model"), r.get("field"), r.get("group"), r.get("metric"),
                        Double.parseDouble(r.get("value")), number(r.get("points_earned")), number(r.get("points_possible")),
                        r.get("published_by"), r.get("source")));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(csv + ": " + e.getMessage());
        }
    }

    private static Double number(String s) {
        return s == null || s.isBlank() ? null : Double.valueOf(s);
    }

    /** "overall" or "subject physics". */
    public String label() {
        return field.isEmpty() ? "overall" : field + " " + group;
    }

    public boolean hasPoints() {
        return pointsPossible != null;
    }

    /** gapbench's figure for this row in {@code s}, or null when the run has no such metric or group. */
    public Reproduction reproducedBy(Summary s) {
        Map<String, Summary.MetricValue> metrics;
        if (field.isEmpty()) {
            metrics = s.metrics();
        } else {
            Summary.Group g = s.breakdowns().getOrDefault(field, Map.of()).get(group);
            metrics = g == null ? null : g.metrics();
        }
        Summary.MetricValue v = metrics == null ? null : metrics.get(metric);
        if (v == null || v.value() == null) {
            return null;
        }
        Double earned = total(metrics, EARNED);
        Double possible = total(metrics, POSSIBLE);
        boolean agrees = Math.abs(v.value() - value) <= PUBLISHED_PRECISION
                && (!hasPoints() || pointsEarned.equals(earned) && pointsPossible.equals(possible));
        return new Reproduction(v.value(), v.ci95() == null ? null : v.ci95().get(0), v.ci95() == null ? null : v.ci95().get(1),
                earned, possible, agrees);
    }

    /** "7000 / 9702" (points as the exam gives them: whole or half), or "-" when there are none. */
    public static String points(Double earned, Double possible) {
        return earned == null || possible == null ? "-" : points(earned) + " / " + points(possible);
    }

    private static String points(double d) {
        return d == Math.rint(d) ? String.format("%.0f", d) : String.format("%.1f", d);
    }

    private static Double total(Map<String, Summary.MetricValue> metrics, String name) {
        Summary.MetricValue v = metrics.get(name);
        return v == null ? null : v.value();
    }
}
