package org.gapbench.publish.gap;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.gapbench.publish.history.HistoryRow;
import org.gapbench.publish.history.HistoryTable;

/**
 * The China-US gap on one benchmark, measured both ways analysts do (docs/gap-analysis.md): horizontally, how long
 * before each Chinese frontier release the US frontier first reached its score; vertically, US frontier minus Chinese
 * frontier at given dates. Also open-weights vs closed models, the same horizontal way.
 */
public final class GapAnalysis {
    /** Average Gregorian month, so lags read the same whatever months they span. */
    static final double DAYS_PER_MONTH = 365.2425 / 12;
    private static final int SCORE_LEVELS = 200;

    private final HistoryTable table;
    private final String benchmark;
    private final double tolerance;
    private final LocalDate since;

    /**
     * @param tolerance a follower release counts as matched by the first leader release scoring at least its score minus
     *                  this (differences within noise are not a lead); in the benchmark's units
     * @param since     only follower releases from this date enter the months-behind mean (null: all)
     */
    public GapAnalysis(HistoryTable table, String benchmark, double tolerance, LocalDate since) {
        if (tolerance < 0) {
            throw new IllegalArgumentException("tolerance must be >= 0");
        }
        this.table = table;
        this.benchmark = benchmark;
        this.tolerance = tolerance;
        this.since = since;
    }

    /** The gaps as known at {@code at} (null: everything in the table); score gaps monthly unless {@code at} is given. */
    public GapResult analyze(LocalDate at) {
        List<HistoryRow> rows = known(table.series(benchmark, at), at);
        Frontier us = Frontier.of(filter(rows, r -> "US".equals(r.country())));
        Frontier cn = Frontier.of(filter(rows, r -> "CN".equals(r.country())));
        Frontier closed = Frontier.of(filter(rows, r -> Boolean.FALSE.equals(r.openWeights())));
        Frontier open = Frontier.of(filter(rows, r -> Boolean.TRUE.equals(r.openWeights())));
        List<GapResult.ScoreGap> gaps = new ArrayList<>();
        for (LocalDate d : at != null ? List.of(at) : monthly(us, cn)) {
            scoreGap(d).ifPresent(gaps::add);
        }
        TreeSet<String> sources = new TreeSet<>();
        rows.forEach(r -> sources.add(r.source()));
        return new GapResult(benchmark, tolerance, since == null ? null : since.toString(), at == null ? null : at.toString(),
                List.copyOf(sources), us.points().stream().map(GapResult.Point::of).toList(),
                cn.points().stream().map(GapResult.Point::of).toList(), monthsBehind(us, cn, "US", "CN"),
                open.isEmpty() || closed.isEmpty() ? null : monthsBehind(closed, open, "closed", "open weights"), gaps);
    }

    /** Rows that existed at {@code at}: released by then. */
    private static List<HistoryRow> known(List<HistoryRow> rows, LocalDate at) {
        return at == null ? rows : filter(rows, r -> r.releaseDate() != null && !r.releaseDate().isAfter(at));
    }

    private static List<HistoryRow> filter(List<HistoryRow> rows, Predicate<HistoryRow> p) {
        return rows.stream().filter(p).toList();
    }

    GapResult.MonthsBehind monthsBehind(Frontier leader, Frontier follower, String leaderName, String followerName) {
        List<GapResult.Release> releases = new ArrayList<>();
        int unmatched = 0;
        for (FrontierPoint f : follower.points()) {
            if (since != null && f.date().isBefore(since)) {
                continue;
            }
            Optional<FrontierPoint> match = leader.firstReaching(f.score() - tolerance);
            if (match.isEmpty()) {
                unmatched++;
            }
            releases.add(new GapResult.Release(f.model(), f.date().toString(), f.score(), match.map(FrontierPoint::model).orElse(null),
                    match.map(m -> m.date().toString()).orElse(null), match.map(m -> months(m.date(), f.date())).orElse(null)));
        }
        double[] lags = releases.stream().map(GapResult.Release::lagMonths).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return new GapResult.MonthsBehind(leaderName, followerName, lags.length == 0 ? null : java.util.Arrays.stream(lags).average().orElseThrow(),
                lags.length == 0 ? null : java.util.Arrays.stream(lags).min().orElseThrow(),
                lags.length == 0 ? null : java.util.Arrays.stream(lags).max().orElseThrow(),
                meanOverScoreRange(leader, follower), unmatched, releases);
    }

    /**
     * Mean of (date the follower first reached y) - (date the leader first reached y - tolerance) over evenly spaced
     * levels y between the follower's first frontier score (or the level reached at {@code since}) and the highest
     * level both reached.
     */
    private Double meanOverScoreRange(Frontier leader, Frontier follower) {
        if (leader.isEmpty() || follower.isEmpty()) {
            return null;
        }
        double low = since == null ? follower.points().get(0).score()
                : follower.at(since).map(FrontierPoint::score).orElse(follower.points().get(0).score());
        double followerTop = follower.points().get(follower.points().size() - 1).score();
        double leaderTop = leader.points().get(leader.points().size() - 1).score() + tolerance;
        double high = Math.min(followerTop, leaderTop);
        if (high <= low) {
            return null;
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i <= SCORE_LEVELS; i++) {
            double y = low + (high - low) * i / SCORE_LEVELS;
            Optional<FrontierPoint> f = follower.firstReaching(y);
            Optional<FrontierPoint> l = leader.firstReaching(y - tolerance);
            if (f.isPresent() && l.isPresent()) {
                sum += months(l.get().date(), f.get().date());
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** US frontier minus Chinese frontier as published at {@code date} (the sources' snapshots current then). */
    public Optional<GapResult.ScoreGap> scoreGap(LocalDate date) {
        List<HistoryRow> rows = known(table.series(benchmark, date), date);
        Optional<FrontierPoint> us = Frontier.of(filter(rows, r -> "US".equals(r.country()))).at(date);
        Optional<FrontierPoint> cn = Frontier.of(filter(rows, r -> "CN".equals(r.country()))).at(date);
        if (us.isEmpty() || cn.isEmpty()) {
            return Optional.empty();
        }
        double points = us.get().score() - cn.get().score();
        return Optional.of(new GapResult.ScoreGap(date.toString(), GapResult.Point.of(us.get()), GapResult.Point.of(cn.get()),
                points, cn.get().score() == 0 ? Double.NaN : 100 * points / cn.get().score()));
    }

    /** First day of every month from when both frontiers exist to the newest release, then that newest day. */
    private List<LocalDate> monthly(Frontier us, Frontier cn) {
        List<LocalDate> dates = new ArrayList<>();
        if (us.isEmpty() || cn.isEmpty()) {
            return dates;
        }
        LocalDate start = max(us.points().get(0).date(), cn.points().get(0).date());
        if (since != null) {
            start = max(start, since);
        }
        LocalDate end = table.series(benchmark, null).stream().map(r -> r.snapshotDate() != null ? r.snapshotDate() : r.releaseDate())
                .filter(Objects::nonNull).max(LocalDate::compareTo).orElse(start);
        for (LocalDate d = start.withDayOfMonth(1).plusMonths(1); d.isBefore(end); d = d.plusMonths(1)) {
            dates.add(d);
        }
        dates.add(end);
        return dates;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    static double months(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / DAYS_PER_MONTH;
    }
}
