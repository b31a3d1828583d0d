package org.gapbench.publish.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gapbench.config.Home;
import org.gapbench.io.Json;
import org.gapbench.publish.gap.GapResult;
import org.gapbench.publish.history.HistoryRow;
import org.gapbench.publish.history.HistorySource;
import org.gapbench.publish.history.HistoryTable;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.SampleRecord;
import org.gapbench.stats.Bootstrap;

/**
 * The report's content as plain maps and lists: {@link #html()} for the page template (which escapes every value) and
 * {@link #json()} for {@code results.json}. Numbers are formatted here once, so page, JSON and Markdown agree.
 */
final class ReportModel {
    private static final int PUBLISHED_TOP = 15;
    private static final int RESPONSE_CHARS = 4000;

    private final List<Leaderboard> boards;
    private final List<GapSection> gaps;
    private final HistoryTable history;
    private final List<RunResult> runs;
    private final Map<String, byte[]> charts;
    private final Map<String, String> languages;
    private final List<PublishedScore> published;

    ReportModel(List<Leaderboard> boards, List<GapSection> gaps, HistoryTable history, List<RunResult> runs,
                Map<String, byte[]> charts, Map<String, String> languages, List<PublishedScore> published) {
        this.boards = boards;
        this.gaps = gaps;
        this.history = history;
        this.runs = runs;
        this.charts = charts;
        this.languages = languages;
        this.published = published;
    }

    List<Leaderboard> boards() {
        return boards;
    }

    List<GapSection> gaps() {
        return gaps;
    }

    Map<String, Object> html() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Home.harnessVersion());
        m.put("hasRuns", !runs.isEmpty());
        m.put("suites", boards.stream().map(this::suite).toList());
        m.put("languages", languageTable());
        m.put("gaps", gaps.stream().map(this::gap).toList());
        m.put("published", gaps.stream().map(this::published).filter(p -> !((List<?>) p.get("rows")).isEmpty()).toList());
        List<Map<String, Object>> reproduced = reproducedTables();
        m.put("hasReproduced", !reproduced.isEmpty());
        m.put("reproduced", reproduced);
        m.put("runs", runs.stream().map(ReportModel::identity).toList());
        m.put("drill", boards.stream().flatMap(b -> b.entries().stream()).map(e -> drill(e.run())).toList());
        m.put("sources", history.sources().stream().filter(s -> !s.key().startsWith("gapbench-run:")).map(ReportModel::source).toList());
        m.put("resamples", Bootstrap.DEFAULT_RESAMPLES);
        return m;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "gapbench-report/1");
        m.put("harness_version", Home.harnessVersion());
        m.put("statistics", Map.of("interval", "percentile bootstrap over items (clustered where the suite says)",
                "resamples", Bootstrap.DEFAULT_RESAMPLES, "seed", Bootstrap.DEFAULT_SEED,
                "pairwise", "McNemar exact (binary) or sign-flip permutation, paired-bootstrap CI of the difference",
                "correction", "Holm across all pairs of a leaderboard", "alpha", Leaderboard.ALPHA));
        List<Map<String, Object>> suites = new ArrayList<>();
        for (Leaderboard b : boards) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("suite", b.suite());
            s.put("metric", b.metric());
            s.put("entries", b.entries().stream().map(e -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("rank", e.rank());
                x.put("model", e.run().name());
                x.put("country", e.run().country());
                x.put("open_weights", e.run().openWeights());
                x.put("value", e.value());
                x.put("ci95", e.ciLow() == null ? null : List.of(e.ciLow(), e.ciHigh()));
                x.put("items_scored", e.items());
                x.put("run_fingerprint", e.run().identity().fingerprint());
                return x;
            }).toList());
            s.put("comparisons", b.comparisons());
            suites.add(s);
        }
        m.put("suites", suites);
        Map<String, Object> g = new LinkedHashMap<>();
        for (GapSection s : gaps) {
            g.put(s.benchmark(), Map.of("result", s.result(), "reproductions", s.reproductions()));
        }
        m.put("gap", g);
        m.put("published_scores", reproduced().stream().map(ReportModel::reproducedJson).toList());
        m.put("runs", runs.stream().map(RunResult::identity).toList());
        m.put("history_sources", history.sources());
        return m;
    }

    private Map<String, Object> suite(Leaderboard b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", b.suite());
        m.put("metric", b.metric());
        m.put("language", languages.getOrDefault(b.suite(), "unknown"));
        m.put("chart", dataUri("suite-" + b.suite() + ".png"));
        m.put("entries", b.entries().stream().map(e -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rank", e.rank());
            x.put("tied", e.tied(b.entries()));
            x.put("model", e.run().name());
            x.putAll(badges(e.run().country(), e.run().openWeights()));
            x.put("value", pct(e.value()));
            x.put("sortValue", e.value());
            x.put("ci", e.ciLow() == null ? "no CI" : "[" + pct(e.ciLow()) + ", " + pct(e.ciHigh()) + "]");
            x.put("items", e.items());
            x.put("fingerprint", e.run().identity().fingerprint().substring(0, 12));
            return x;
        }).toList());
        m.put("comparisons", b.comparisons().stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("a", c.a());
            x.put("b", c.b());
            x.put("n", c.sharedItems());
            x.put("diff", String.format("%+.2f [%+.2f, %+.2f]", 100 * c.difference(), 100 * c.diffLow(), 100 * c.diffHigh()));
            x.put("p", p(c.pValue()));
            x.put("pAdj", p(c.pAdjusted()));
            x.put("test", c.test());
            x.put("verdict", c.sharedItems() == 0 ? "no shared items" : c.significant() ? "different" : "tied");
            return x;
        }).toList());
        return m;
    }

    private Map<String, Object> languageTable() {
        Set<String> langs = new TreeSet<>();
        Map<String, Map<String, double[]>> byModel = new TreeMap<>();
        for (Leaderboard b : boards) {
            String lang = languages.getOrDefault(b.suite(), "unknown");
            langs.add(lang);
            for (Leaderboard.Entry e : b.entries()) {
                double[] s = byModel.computeIfAbsent(e.run().name(), k -> new TreeMap<>()).computeIfAbsent(lang, k -> new double[2]);
                s[0] += e.value();
                s[1]++;
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byModel.forEach((model, cells) -> rows.add(Map.of("model", model, "cells", langs.stream()
                .map(l -> cells.containsKey(l) ? pct(cells.get(l)[0] / cells.get(l)[1]) : "-").toList())));
        return Map.of("columns", List.copyOf(langs), "rows", rows);
    }

    private Map<String, Object> gap(GapSection g) {
        GapResult r = g.result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", g.benchmark());
        m.put("title", g.title());
        m.put("tolerance", g.tolerance() + " " + g.unit());
        m.put("since", g.since() == null ? "all dates" : "Chinese releases since " + g.since());
        m.put("frontierChart", dataUri("frontier-" + g.benchmark() + ".png"));
        m.put("monthsChart", dataUri("months-behind-" + g.benchmark() + ".png"));
        m.put("mean", num(r.monthsBehind().mean()));
        m.put("meanScoreRange", num(r.monthsBehind().meanOverScoreRange()));
        m.put("openMean", r.openBehindClosed() == null ? "-" : num(r.openBehindClosed().mean()));
        m.put("sources", String.join(", ", r.sources()));
        m.put("note", g.note());
        m.put("releases", r.monthsBehind().perRelease().stream().map(x -> Map.of("model", x.model(), "date", x.date(),
                "score", String.format("%.1f", x.score()), "matched", x.matchedModel() == null ? "not reached yet" : x.matchedModel(),
                "matchedDate", x.matchedDate() == null ? "" : x.matchedDate(), "lag", num(x.lagMonths()))).toList());
        List<GapResult.ScoreGap> sg = r.scoreGap();
        m.put("latestGap", sg.isEmpty() ? null : scoreGap(sg.get(sg.size() - 1)));
        m.put("reproductions", g.reproductions().stream().map(x -> Map.of("claim", x.claim(), "publisher", x.publisher(),
                "published", x.published(), "ours", x.ours())).toList());
        return m;
    }

    private static Map<String, Object> scoreGap(GapResult.ScoreGap g) {
        return Map.of("date", g.date(), "us", g.us().model(), "usScore", String.format("%.1f", g.us().score()), "cn", g.cn().model(),
                "cnScore", String.format("%.1f", g.cn().score()), "points", String.format("%.1f", g.points()),
                "percent", String.format("%.2f", g.percent()));
    }

    /** The newest snapshot's top models on a benchmark, as the publisher reported them (no item data, so no CI). */
    private Map<String, Object> published(GapSection g) {
        List<HistoryRow> rows = new ArrayList<>(history.series(g.benchmark(), null).stream()
                .filter(r -> !HistoryRow.HARNESS_RUN.equals(r.scoreKind())).toList());
        rows.sort(Comparator.comparingDouble(HistoryRow::score).reversed());
        LocalDate snapshot = rows.stream().map(HistoryRow::snapshotDate).filter(java.util.Objects::nonNull).max(LocalDate::compareTo).orElse(null);
        // One line per model: effort settings and re-runs of one model keep only their best score.
        Map<String, HistoryRow> best = new LinkedHashMap<>();
        rows.forEach(r -> best.putIfAbsent(r.model().replaceAll("\\s*\\((x?high|medium|low|none|max|web|minimal|[^)]*thinking)\\)$", ""), r));
        List<Map<String, Object>> top = new ArrayList<>();
        for (HistoryRow r : best.values().stream().limit(PUBLISHED_TOP).toList()) {
            Map<String, Object> x = new LinkedHashMap<>(badges(r.country(), r.openWeights()));
            x.put("model", r.model());
            x.put("organization", r.organization());
            x.put("score", String.format("%.1f", r.score()));
            x.put("sortValue", r.score());
            x.put("released", r.releaseDate() == null ? "" : r.releaseDate().toString());
            top.add(x);
        }
        return Map.of("title", g.title(), "snapshot", snapshot == null ? "" : snapshot.toString(), "rows", top,
                "source", String.join(", ", g.result().sources()));
    }

    /** A published score and gapbench's figure for the same suite, model and group, in one run. */
    private record Reproduced(PublishedScore published, RunResult run, PublishedScore.Reproduction ours) {
    }

    /** Every published score beside each run of its suite and model that has a figure for it. */
    private List<Reproduced> reproduced() {
        List<Reproduced> out = new ArrayList<>();
        for (PublishedScore p : published) {
            for (RunResult r : runs) {
                PublishedScore.Reproduction ours = r.suite().equals(p.suite()) && r.name().equals(p.model()) ? p.reproducedBy(r.summary()) : null;
                if (ours != null) {
                    out.add(new Reproduced(p, r, ours));
                }
            }
        }
        return out;
    }

    /** The page's tables: one per run, a row per published figure. */
    private List<Map<String, Object>> reproducedTables() {
        List<Reproduced> all = reproduced();
        List<Map<String, Object>> tables = new ArrayList<>();
        for (RunResult run : runs) {
            List<Reproduced> rows = all.stream().filter(x -> x.run() == run).toList();
            if (rows.isEmpty()) {
                continue;
            }
            PublishedScore first = rows.get(0).published();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("suite", first.suite());
            t.put("model", first.model());
            t.put("metric", first.metric());
            t.put("by", first.publishedBy() + ", " + first.source());
            t.put("fingerprint", run.identity().fingerprint().substring(0, 12));
            t.put("rows", rows.stream().map(x -> {
                PublishedScore p = x.published();
                PublishedScore.Reproduction ours = x.ours();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("scope", p.label());
                row.put("published", pct(p.value()));
                row.put("publishedPoints", PublishedScore.points(p.pointsEarned(), p.pointsPossible()));
                row.put("ours", pct(ours.value()) + (ours.ciLow() == null ? "" : " [" + pct(ours.ciLow()) + ", " + pct(ours.ciHigh()) + "]"));
                row.put("oursPoints", PublishedScore.points(ours.pointsEarned(), ours.pointsPossible()));
                row.put("agrees", ours.agrees() ? "yes" : "NO");
                return row;
            }).toList());
            tables.add(t);
        }
        return tables;
    }

    private static Map<String, Object> reproducedJson(Reproduced x) {
        PublishedScore p = x.published();
        PublishedScore.Reproduction ours = x.ours();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", p.suite());
        m.put("model", p.model());
        m.put("field", p.field());
        m.put("group", p.group());
        m.put("metric", p.metric());
        m.put("published", figures(p.value(), null, p.pointsEarned(), p.pointsPossible()));
        m.put("published_by", p.publishedBy() + ", " + p.source());
        m.put("gapbench", figures(ours.value(), ours.ciLow() == null ? null : List.of(ours.ciLow(), ours.ciHigh()),
                ours.pointsEarned(), ours.pointsPossible()));
        m.put("agrees", ours.agrees());
        m.put("run_fingerprint", x.run().identity().fingerprint());
        return m;
    }

    private static Map<String, Object> figures(double value, List<Double> ci, Double earned, Double possible) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        if (ci != null) {
            m.put("ci95", ci);
        }
        if (earned != null && possible != null) {
            m.put("points_earned", earned);
            m.put("points_possible", possible);
        }
        return m;
    }

    private static Map<String, Object> badges(String country, Boolean open) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("country", country == null || country.isEmpty() ? "?" : country);
        m.put("countryClass", "US".equals(country) ? "us" : "CN".equals(country) ? "cn" : "other");
        m.put("open", open == null ? "unknown" : open ? "open weights" : "closed");
        m.put("openClass", open == null ? "unknown" : open ? "open" : "closed");
        return m;
    }

    private static Map<String, Object> identity(RunResult r) {
        RunIdentity id = r.identity();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.name());
        // A replay's file is named, not its local path.
        m.put("spec", id.model().spec().startsWith("replay:")
                ? "replay:" + java.nio.file.Path.of(id.model().spec().substring(7)).getFileName() : id.model().spec());
        m.put("fingerprint", id.fingerprint());
        m.put("suite", id.suite().id() + " " + id.suite().version());
        m.put("promptHash", id.suite().promptHash().substring(0, 12));
        m.put("scorer", id.suite().scorer().name() + " (" + id.suite().scorerHash().substring(0, 12) + ")");
        m.put("dataset", id.dataset().id() + " " + id.dataset().version());
        m.put("license", id.dataset().license() + (id.dataset().commercialUse() ? "" : " (no commercial use)"));
        m.put("files", id.dataset().files().stream().map(f -> f.path() + " sha256:" + f.sha256().substring(0, 16)).toList());
        m.put("generation", Json.write(id.generation()));
        m.put("samples", id.samples());
        m.put("selection", id.selection().limit() == null ? "all " + id.selection().items() + " items"
                : id.selection().items() + " items (seeded sample, seed " + id.selection().seed() + ")");
        m.put("counts", Json.write(r.summary().counts()));
        m.put("harness", id.harness() == null ? "" : id.harness().version() + " " + (id.harness().gitCommit() == null ? "" : id.harness().gitCommit()));
        return m;
    }

    private static Map<String, Object> drill(RunResult r) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (SampleRecord s : r.drillDown()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("item", s.item());
            x.put("sample", s.sample());
            if (s.isError()) {
                x.put("value", "error");
                x.put("rule", s.error());
                x.put("answer", "");
                x.put("gold", "");
                x.put("response", s.errorMessage() == null ? "" : s.errorMessage());
            } else {
                x.put("value", s.score() == null ? "not scored" : String.format("%.2f", s.score().value()));
                x.put("rule", s.score() == null ? "" : s.score().rule());
                x.put("answer", s.score() == null || s.score().answer() == null ? "(none)" : s.score().answer());
                x.put("gold", s.score() == null || s.score().gold() == null ? "" : s.score().gold());
                String text = s.response() == null ? "" : s.response();
                x.put("response", text.length() > RESPONSE_CHARS ? text.substring(0, RESPONSE_CHARS) + " [...]" : text);
            }
            items.add(x);
        }
        return Map.of("model", r.name(), "suite", r.suite(), "items", items);
    }

    private static Map<String, Object> source(HistorySource s) {
        return Map.of("publisher", s.publisher(), "title", s.title(), "url", s.url(), "license", s.license(),
                "attribution", s.attribution(), "origin", s.origin());
    }

    private String dataUri(String chart) {
        byte[] png = charts.get(chart);
        return png == null ? "" : "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** A fraction as percent with one decimal; "-" for a run with nothing scored. */
    static String pct(double v) {
        return Double.isFinite(v) ? String.format("%.1f", 100 * v) : "-";
    }

    private static String num(Double d) {
        return d == null ? "-" : String.format("%.1f", d);
    }

    private static String p(double p) {
        return p < 0.001 ? "<0.001" : String.format("%.3f", p);
    }
}
