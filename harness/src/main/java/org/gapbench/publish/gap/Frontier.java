package org.gapbench.publish.gap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.gapbench.publish.history.HistoryRow;

/** The frontier of a group of models: each release that beat every earlier release of the group. */
public record Frontier(List<FrontierPoint> points) {

    public static Frontier of(List<HistoryRow> rows) {
        List<HistoryRow> dated = new ArrayList<>(rows.stream().filter(r -> r.releaseDate() != null).toList());
        // Same-day releases: the better one comes last, so the frontier names it.
        dated.sort(Comparator.comparing(HistoryRow::releaseDate).thenComparingDouble(HistoryRow::score));
        List<FrontierPoint> points = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (HistoryRow r : dated) {
            if (r.score() > best) {
                if (!points.isEmpty() && points.get(points.size() - 1).date().equals(r.releaseDate())) {
                    points.remove(points.size() - 1);
                }
                best = r.score();
                points.add(new FrontierPoint(r.releaseDate(), r.score(), r.model()));
            }
        }
        return new Frontier(List.copyOf(points));
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** The best release on or before {@code date}. */
    public Optional<FrontierPoint> at(LocalDate date) {
        FrontierPoint best = null;
        for (FrontierPoint p : points) {
            if (p.date().isAfter(date)) {
                break;
            }
            best = p;
        }
        return Optional.ofNullable(best);
    }

    /** The first release that reached {@code score}. */
    public Optional<FrontierPoint> firstReaching(double score) {
        return points.stream().filter(p -> p.score() >= score).findFirst();
    }
}
