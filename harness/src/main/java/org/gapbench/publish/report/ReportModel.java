package org.gapbench.publish.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.gapbench.results.Summary;
import org.gapbench.publish.judging.JudgeAnalysis;
import org.gapbench.stats.Bootstrap;

/**
 * The report's content as plain maps and lists: {@link #html()} for the page template (which escapes every value) and
 * {@link #json()} for {@code results.json}. Numbers are formatted here once, so page, JSON and Markdown agree.
 * Leaderboard columns come from {@link Column#LEADERBOARD}; a section is one key in both maps and one template block.
 */
final class ReportModel {
    private static final int PUBLISHED_TOP = 15;
    private static final int RESPONSE_CHARS = 4000;
    /** What a rank means, as the page, the Markdown and docs/statistics.md say it. */
    static final String RANK_MEANING = "Rank r: this model, like every model listed below it, is significantly worse than at least "
            + "r - 1 models (paired tests on the items both scored, Holm-corrected across the leaderboard, alpha "
            + Leaderboard.ALPHA + "). Equal scores share a rank (marked =) and ranks never go down the list; a shared rank "
            + "does not say each pair is indistinguishable: the pairwise comparisons do.";

    private final List<Leaderboard> boards;
    private final List<GapSection> gaps;
    private final HistoryTable history;
    private final List<RunResult> runs;
    private final Map<String, Charts.Image> charts;
    private final Map<String, String> languages;
    private final List<PublishedScore> published;
    private final ReportBuilder.Options options;
    private final Map<String, JudgeAnalysis.Result> judging;

    ReportModel(List<Leaderboard> boards, List<GapSection> gaps, HistoryTable history, List<RunResult> runs,
                Map<String, Charts.Image> charts, Map<String, String> languages, List<PublishedScore> published,
                ReportBuilder.Options options, Map<String, JudgeAnalysis.Result> judging) {
        this.judging = judging;
        this.boards = boards;
        this.gaps = gaps;
        this.history = history;
        this.runs = runs;
        this.charts = charts;
        this.languages = languages;
        this.published = published;
        this.options = options;
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
        m.put("generatedOn", options.generatedOn() == null ? null : options.generatedOn().toString());
        m.put("dataUpTo", dataUpTo());
        m.put("hasRuns", !runs.isEmpty());
        m.put("rankMeaning", RANK_MEANING);
        m.put("suites", boards.stream().map(this::suite).toList());
        m.put("languages", languageTable());
        m.put("gaps", gaps.stream().map(this::gap).toList());
        m.put("published", gaps.stream().map(this::published).filter(p -> !((List<?>) p.get("rows")).isEmpty()).toList());
        List<Map<String, Object>> reproduced = reproducedTables();
        m.put("hasReproduced", !reproduced.isEmpty());
        m.put("reproduced", reproduced);
        m.put("hasJudging", !judging.isEmpty());
        m.put("judgingQuestion", JudgingSection.QUESTION);
        m.put("judgingMethod", JudgingSection.METHOD);
        m.put("judging", judging.values().stream().map(JudgingSection::html).toList());
        m.put("runs", runs.stream().map(ReportModel::identity).toList());
        m.put("drill", boards.stream().flatMap(b -> b.entries().stream()).map(e -> drill(e.run())).toList());
        m.put("sources", history.sources().stream().filter(s -> !s.key().startsWith("gapbench-run:")).map(ReportModel::source).toList());
        m.put("resamples", Bootstrap.DEFAULT_RESAMPLES);
        return m;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "gapbench-report/2");
        m.put("harness_version", Home.harnessVersion());
        if (options.generatedOn() != null) {
            m.put("generated_on", options.generatedOn().toString());
        }
        m.put("data_up_to", dataUpTo());
        Map<String, Object> statistics = new LinkedHashMap<>();
        statistics.put("interval", Bootstrap.method(false) + " (clustered where the suite says)");
        statistics.put("resamples", Bootstrap.DEFAULT_RESAMPLES);
        statistics.put("seed", Bootstrap.DEFAULT_SEED);
        statistics.put("pairwise", "McNemar exact (binary) or sign-flip permutation, paired-bootstrap CI of the difference");
        statistics.put("correction", "Holm across all pairs of a leaderboard");
        statistics.put("alpha", Leaderboard.ALPHA);
        statistics.put("rank", RANK_MEANING);
        m.put("statistics", statistics);
        List<Map<String, Object>> suites = new ArrayList<>();
        for (Leaderboard b : boards) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("suite", b.suite());
            s.put("metric", b.metric());
            s.put("entries", b.entries().stream().map(e -> {
                Map<String, Object> x = new LinkedHashMap<>();
                for (Column c : Column.LEADERBOARD) {
                    List<Object> values = c.values().apply(b, e);
                    for (int i = 0; i < c.fields().size(); i++) {
                        x.put(c.fields().get(i), values.get(i));
                    }
                }
                x.put("significantly_better_runs", e.betterRuns());
                x.put("complete", e.run().complete());
                return x;
            }).toList());
            s.put("comparisons", b.comparisons());
            suites.add(s);
        }
        m.put("suites", suites);
        Map<String, Object> g = new LinkedHashMap<>();
        for (GapSection s : gaps) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("result", s.result());
            x.put("reproductions", s.reproductions());
            if (s.saturated() != null) {
                x.put("saturated", s.saturated());
            }
            g.put(s.benchmark(), x);
        }
        m.put("gap", g);
        m.put("published_scores", reproduced().stream().map(ReportModel::reproducedJson).toList());
        if (!judging.isEmpty()) {
            m.put("judging", judging.values().stream().map(JudgingSection::json).toList());
        }
        m.put("runs", runs.stream().map(r -> publishedIdentity(r.identity())).toList());
        m.put("history_sources", history.sources());
        return m;
    }

    /**
     * A run's identity as published: what decides its numbers, not where or when it ran (creation time and the
     * checkout's commit would make the file differ by machine and by day; the fingerprint does not contain them).
     */
    static JsonNode publishedIdentity(RunIdentity id) {
        ObjectNode node = Json.MAPPER.valueToTree(id);
        if (node.get("harness") instanceof ObjectNode harness) {
            harness.remove("created_at");
            harness.remove("git_commit");
        }
        if (node.get("model") instanceof ObjectNode model) {
            model.put("spec", publishedSpec(id.model().spec()));
        }
        return node;
    }

    /** A replay given by an absolute path is named by its file (the fingerprint holds its sha256, not its path). */
    static String publishedSpec(String spec) {
        if (spec != null && spec.startsWith("replay:") && java.nio.file.Path.of(spec.substring(7)).isAbsolute()) {
            return "replay:" + java.nio.file.Path.of(spec.substring(7)).getFileName();
        }
        return spec;
    }

    /** The newest date in the data: the history's snapshots and releases, and the releases of the models run. */
    String dataUpTo() {
        LocalDate newest = null;
        for (HistoryRow r : history.rows()) {
            for (LocalDate d : new LocalDate[] {r.snapshotDate(), r.releaseDate()}) {
                if (d != null && (newest == null || d.isAfter(newest))) {
                    newest = d;
                }
            }
        }
        for (RunResult r : runs) {
            String d = r.identity().model().releaseDate();
            if (d != null && d.length() >= 10 && (newest == null || LocalDate.parse(d.substring(0, 10)).isAfter(newest))) {
                newest = LocalDate.parse(d.substring(0, 10));
            }
        }
        return newest == null ? "" : newest.toString();
    }

    private Map<String, Object> suite(Leaderboard b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", b.suite());
        m.put("metric", b.metric());
        m.put("language", languages.getOrDefault(b.suite(), "unknown"));
        m.put("chart", dataUri("suite-" + b.suite()));
        m.put("costChart", charts.containsKey("cost-" + b.suite()) ? dataUri("cost-" + b.suite()) : null);
        m.put("costNote", charts.containsKey("cost-" + b.suite()) ? null : "No cost chart: none of these runs recorded token "
                + "counts with a catalog price (recorded replays carry no token counts).");
        m.put("headers", Column.LEADERBOARD.stream().map(c -> Map.of("text", c.header().apply(b), "num", c.numeric())).toList());
        m.put("rows", b.entries().stream().map(e -> Map.of("cells", Column.LEADERBOARD.stream().map(c -> {
            Column.Cell cell = c.cell().apply(b, e);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("text", cell.text());
            x.put("sort", cell.sort());
            x.put("badge", cell.badge());
            x.put("num", c.numeric());
            x.put("notes", cell.notes().stream().map(n -> Map.of("text", n.text(), "badge", n.badge(), "title", n.title())).toList());
            return x;
        }).toList())).toList());
        m.put("incomplete", b.entries().stream().anyMatch(e -> !e.run().complete()));
        m.put("comparisons", b.comparisons().stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("a", c.a());
            x.put("b", c.b());
            x.put("n", c.sharedItems());
            x.put("diff", c.sharedItems() == 0 ? "-"
                    : String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", 100 * c.difference(), 100 * c.diffLow(), 100 * c.diffHigh())
                    + (b.percent() ? "" : " (of the 0-100 normalized score)"));
            x.put("p", p(c.pValue()));
            x.put("pAdj", p(c.pAdjusted()));
            x.put("test", c.test());
            x.put("verdict", c.sharedItems() == 0 ? "no shared items" : c.significant() ? "different" : "not significant");
            return x;
        }).toList());
        return m;
    }

    /**
     * Each model's mean headline score over the datasets of each language. A dataset scored by several suites (GSM8K
     * under gapbench's checker and under ZeroEval's rule) counts once, through the first of its suites by id, and the
     * note names the choice: averaging two scorings of the same answers would count one benchmark twice.
     */
    private Map<String, Object> languageTable() {
        Map<String, String> chosen = new TreeMap<>(); // dataset -> suite
        Map<String, List<String>> skipped = new TreeMap<>();
        for (Leaderboard b : boards) {
            String dataset = b.entries().get(0).run().identity().dataset().id();
            String first = chosen.putIfAbsent(dataset, b.suite());
            if (first != null) {
                skipped.computeIfAbsent(dataset, k -> new ArrayList<>()).add(b.suite());
            }
        }
        Set<String> langs = new TreeSet<>();
        Map<String, Map<String, double[]>> byModel = new TreeMap<>();
        for (Leaderboard b : boards) {
            if (!chosen.containsValue(b.suite()) || !b.percent()) {
                continue; // a mean on a judge's own scale is not averaged with proportions
            }
            String lang = languages.getOrDefault(b.suite(), "unknown");
            langs.add(lang);
            for (Leaderboard.Entry e : b.entries()) {
                if (Double.isFinite(e.value())) {
                    double[] s = byModel.computeIfAbsent(e.run().name(), k -> new TreeMap<>()).computeIfAbsent(lang, k -> new double[2]);
                    s[0] += e.value();
                    s[1]++;
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byModel.forEach((model, cells) -> rows.add(Map.of("model", model, "cells", langs.stream()
                .map(l -> cells.containsKey(l) ? pct(cells.get(l)[0] / cells.get(l)[1]) : "-").toList())));
        List<String> notes = new ArrayList<>();
        skipped.forEach((dataset, suites) -> notes.add(dataset + " counts once, through " + chosen.get(dataset) + " ("
                + String.join(", ", suites) + " scores the same dataset and is left out here)"));
        if (boards.stream().anyMatch(b -> !b.percent())) {
            notes.add("suites graded on a judge's own scale are not averaged with proportions and are left out here");
        }
        return Map.of("columns", List.copyOf(langs), "rows", rows, "notes", notes, "hasRows", !rows.isEmpty());
    }

    private Map<String, Object> gap(GapSection g) {
        GapResult r = g.result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", g.benchmark());
        m.put("title", g.title());
        m.put("tolerance", g.tolerance() + " " + g.unit());
        m.put("since", g.since() == null ? "all dates" : "Chinese releases since " + g.since());
        m.put("frontierChart", dataUri("frontier-" + g.benchmark()));
        m.put("monthsChart", charts.containsKey("months-behind-" + g.benchmark()) ? dataUri("months-behind-" + g.benchmark()) : null);
        m.put("saturated", g.saturated());
        m.put("mean", num(r.monthsBehind().mean()));
        m.put("meanScoreRange", num(r.monthsBehind().meanOverScoreRange()));
        m.put("openMean", r.openBehindClosed() == null ? "-" : num(r.openBehindClosed().mean()));
        m.put("sources", String.join(", ", r.sources()));
        m.put("note", g.note());
        m.put("releases", r.monthsBehind().perRelease().stream().map(x -> Map.of("model", x.model(), "date", x.date(),
                "score", String.format(Locale.ROOT, "%.1f", x.score()), "matched", x.matchedModel() == null ? "not reached yet" : x.matchedModel(),
                "matchedDate", x.matchedDate() == null ? "" : x.matchedDate(), "lag", num(x.lagMonths()))).toList());
        List<GapResult.ScoreGap> sg = r.scoreGap();
        m.put("latestGap", sg.isEmpty() ? null : scoreGap(sg.get(sg.size() - 1)));
        m.put("hasReproductions", !g.reproductions().isEmpty());
        m.put("reproductions", g.reproductions().stream().map(x -> Map.of("claim", x.claim(), "publisher", x.publisher(),
                "published", x.published(), "ours", x.ours(), "verdict", x.reproduced() ? "reproduced" : "not reproduced",
                "why", x.verdict().replaceFirst("^(not )?reproduced ?", ""), "verdictClass", x.reproduced() ? "ok" : "warn")).toList());
        return m;
    }

    private static Map<String, Object> scoreGap(GapResult.ScoreGap g) {
        return Map.of("date", g.date(), "us", g.us().model(), "usScore", String.format(Locale.ROOT, "%.1f", g.us().score()), "cn", g.cn().model(),
                "cnScore", String.format(Locale.ROOT, "%.1f", g.cn().score()), "points", String.format(Locale.ROOT, "%.1f", g.points()),
                "percent", String.format(Locale.ROOT, "%.2f", g.percent()));
    }

    /** The newest snapshot's top models on a benchmark, as the publisher reported them (no item data, so no CI). */
    private Map<String, Object> published(GapSection g) {
        List<HistoryRow> rows = new ArrayList<>(history.series(g.benchmark(), null).stream()
                .filter(r -> !HistoryRow.HARNESS_RUN.equals(r.scoreKind())).toList());
        rows.sort(Comparator.comparingDouble(HistoryRow::score).reversed().thenComparing(HistoryRow::model));
        LocalDate snapshot = rows.stream().map(HistoryRow::snapshotDate).filter(Objects::nonNull).max(LocalDate::compareTo).orElse(null);
        // One line per model: effort settings and re-runs of one model keep only their best score.
        Map<String, HistoryRow> best = new LinkedHashMap<>();
        rows.forEach(r -> best.putIfAbsent(r.model().replaceAll("\\s*\\((x?high|medium|low|none|max|web|minimal|[^)]*thinking)\\)$", ""), r));
        List<Map<String, Object>> top = new ArrayList<>();
        for (HistoryRow r : best.values().stream().limit(PUBLISHED_TOP).toList()) {
            Map<String, Object> x = new LinkedHashMap<>(badges(r.country(), r.openWeights()));
            x.put("model", r.model());
            x.put("organization", r.organization());
            x.put("score", String.format(Locale.ROOT, "%.1f", r.score()));
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

    /** A run's identity as a two-column table a reader can scan: what was asked, of which model, how it was judged. */
    private static Map<String, Object> identity(RunResult r) {
        RunIdentity id = r.identity();
        List<Map<String, Object>> rows = new ArrayList<>();
        RunIdentity.ModelRef model = id.model();
        row(rows, "model", model.name());
        row(rows, "spec", publishedSpec(model.spec()));
        row(rows, "provider, API model", model.provider() + (model.apiModel() == null ? "" : ", " + model.apiModel()));
        row(rows, "endpoint", model.baseUrl());
        row(rows, "recorded outputs sha256", model.fileSha256());
        row(rows, "developer", String.join(", ", List.of(Objects.toString(model.organization(), "?"), Objects.toString(model.country(), "?"),
                model.openWeights() == null ? "weights ?" : model.openWeights() ? "open weights" : "closed",
                "released " + Objects.toString(model.releaseDate(), "?"))));
        row(rows, "suite", id.suite().id() + " version " + id.suite().version());
        row(rows, "prompt hash", id.suite().promptHash().substring(0, 16));
        row(rows, "scorer", id.suite().scorer().name() + " " + Json.write(id.suite().scorer().options()) + " (hash "
                + id.suite().scorerHash().substring(0, 12) + ")");
        row(rows, "metrics", String.join(", ", id.suite().metrics()) + "; ranked by " + r.metric());
        row(rows, "dataset", id.dataset().id() + " " + id.dataset().version() + ", " + id.dataset().license()
                + (id.dataset().commercialUse() ? "" : " (no commercial use)"));
        for (RunIdentity.FileHash f : id.dataset().files()) {
            row(rows, "data file", f.path() + " sha256 " + f.sha256().substring(0, 16));
        }
        Map<String, Object> generation = Json.MAPPER.convertValue(id.generation(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        List<String> params = new ArrayList<>();
        generation.forEach((k, v) -> {
            if (v != null) {
                params.add(k + " " + v);
            }
        });
        row(rows, "generation", String.join(", ", params) + "; " + id.samples() + (id.samples() == 1 ? " sample" : " samples") + " per item");
        row(rows, "items", id.selection().limit() == null ? "all " + id.selection().items()
                : id.selection().items() + " (seeded sample, seed " + id.selection().seed() + ")");
        Summary.Counts c = r.summary().counts();
        row(rows, "outcome", c.itemsScored() + " items scored; " + c.scored() + " samples scored, " + c.errors() + " errors, "
                + c.missing() + " missing, " + c.noAnswer() + " without an answer");
        row(rows, "harness", id.harness() == null ? null : "gapbench " + id.harness().version());
        return Map.of("model", r.name(), "suite", r.suite(), "fingerprint", id.fingerprint(), "rows", rows);
    }

    private static void row(List<Map<String, Object>> rows, String key, String value) {
        if (value != null && !value.isBlank()) {
            rows.add(Map.of("key", key, "value", value));
        }
    }

    private static Map<String, Object> drill(RunResult r) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (SampleRecord s : r.drillDown()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("item", s.item());
            x.put("sample", s.sample());
            if (s.isRefusal()) {
                x.put("value", "refused");
                x.put("rule", s.finishReason() == null ? "" : s.finishReason());
                x.put("answer", "");
                x.put("gold", "");
                x.put("response", s.refusal());
            } else if (s.isError()) {
                x.put("value", "error");
                x.put("rule", s.error());
                x.put("answer", "");
                x.put("gold", "");
                x.put("response", s.errorMessage() == null ? "" : s.errorMessage());
            } else {
                x.put("value", s.score() == null ? "not scored" : String.format(Locale.ROOT, "%.2f", s.score().value()));
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

    /** A chart inlined as SVG, so the page stays crisp at any zoom; the PNG beside it is for embedding elsewhere. */
    private String dataUri(String chart) {
        Charts.Image image = charts.get(chart);
        return image == null ? "" : "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(image.svg().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How often the provider or the model declined (content filters, refusals), beside the metric it is not part of:
     * "0.0%", or "2.5% (3)" with the count.
     */
    static String refused(RunResult r) {
        org.gapbench.results.Summary.Counts c = r.summary().counts();
        return c.refused() == 0 ? pct(0) + "%" : pct(c.refusalRate()) + "% (" + c.refused() + ")";
    }

    /** A fraction as percent with one decimal; "-" for a run with nothing scored. */
    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", 100 * v) : "-";
    }

    /** Dollars with three significant digits ("0.00123"); "-" when unknown. */
    static String usd(Double v) {
        if (v == null) {
            return "-";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String num(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String p(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
