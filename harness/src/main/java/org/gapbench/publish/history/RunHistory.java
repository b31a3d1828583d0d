package org.gapbench.publish.history;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.results.Summary;
import org.gapbench.score.registry.ScoringPlan;

/**
 * gapbench's own runs as history rows: the run's headline metric (in percent; {@code pass@k} is {@code pass@1}) on its suite, placed on the charts by
 * the catalog facts copied into {@code run.json} (country, release date, open weights).
 */
public final class RunHistory {
    private RunHistory() {
    }

    public static HistoryTable addRuns(HistoryTable table, List<Path> runDirs) {
        List<HistoryRow> rows = new ArrayList<>();
        List<HistorySource> sources = new ArrayList<>();
        for (Path dir : runDirs) {
            RunReader run = RunReader.open(dir);
            RunIdentity id = run.identity();
            Summary s = run.summary();
            row(id, s).ifPresent(r -> {
                rows.add(r);
                sources.add(new HistorySource(r.source(), "gapbench", "gapbench run of " + id.suite().id() + " " + id.suite().version(),
                        "run directory " + dir.getFileName(), "run " + id.fingerprint(), id.dataset().license(),
                        "scores computed by gapbench on " + id.dataset().id()));
            });
        }
        return table.with(rows, sources);
    }

    /**
     * Empty when the run has no value for its headline metric (nothing scored yet). A run is not a publication: it has
     * no snapshot date (its creation time would make every chart depend on the day it was run).
     */
    static Optional<HistoryRow> row(RunIdentity id, Summary s) {
        String metric = ScoringPlan.primaryMetric(id.suite().metrics(), id.samples());
        Summary.MetricValue v = metric == null ? null : s.metrics().get(metric);
        if (v == null || v.value() == null) {
            return Optional.empty();
        }
        RunIdentity.ModelRef m = id.model();
        return Optional.of(new HistoryRow(m.name(), nz(m.organization()), nz(m.country()), date(m.releaseDate()),
                m.openWeights(), null, id.suite().id(), 100 * v.value(), HistoryRow.HARNESS_RUN,
                "gapbench-run:" + id.fingerprint().substring(0, 12), null));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static LocalDate date(String s) {
        return s == null || s.length() < 10 ? null : LocalDate.parse(s.substring(0, 10));
    }

}
