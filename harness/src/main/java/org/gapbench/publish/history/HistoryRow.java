package org.gapbench.publish.history;

import java.time.LocalDate;
import java.util.List;

/**
 * One published (or harness-run) score of one model on one benchmark, with the model facts that place it on a
 * country's frontier.
 *
 * @param country      ISO code of the developer's headquarters (US, CN, FR, ...), empty when unknown
 * @param releaseDate  first public availability; for leaderboards without release dates, the first snapshot listing the model
 * @param openWeights  null when the source does not say
 * @param reasoning    null when the source does not say
 * @param score        on the benchmark's own scale: percent for accuracies, index points for ECI, rating for the Arena
 * @param scoreKind    self-reported, third-party or harness-run
 * @param source       key into the sources table ({@code sources.csv}), which names publisher, origin and licence
 * @param snapshotDate when the source published this number; a newer snapshot of the same source supersedes it
 */
public record HistoryRow(String model, String organization, String country, LocalDate releaseDate, Boolean openWeights,
                         Boolean reasoning, String benchmark, double score, String scoreKind, String source,
                         LocalDate snapshotDate) {

    public static final List<String> COLUMNS = List.of("model", "organization", "country", "release_date", "open_weights",
            "reasoning", "benchmark", "score", "score_kind", "source", "snapshot_date");

    public static final String SELF_REPORTED = "self-reported";
    public static final String THIRD_PARTY = "third-party";
    public static final String HARNESS_RUN = "harness-run";
}
