package org.gapbench.publish.gap;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What {@code gapbench gap --json} prints: horizontal (months) and vertical (score) gaps on one benchmark. */
public record GapResult(
        @JsonProperty("benchmark") String benchmark,
        @JsonProperty("tolerance") double tolerance,
        @JsonProperty("since") String since,
        @JsonProperty("at") String at,
        @JsonProperty("sources") List<String> sources,
        @JsonProperty("us_frontier") List<Point> usFrontier,
        @JsonProperty("cn_frontier") List<Point> cnFrontier,
        @JsonProperty("months_behind") MonthsBehind monthsBehind,
        @JsonProperty("open_weights_behind_closed") MonthsBehind openBehindClosed,
        @JsonProperty("score_gap") List<ScoreGap> scoreGap) {

    public record Point(@JsonProperty("model") String model, @JsonProperty("date") String date,
                        @JsonProperty("score") double score) {
        static Point of(FrontierPoint p) {
            return new Point(p.model(), p.date().toString(), p.score());
        }
    }

    /**
     * @param mean               mean lag over the follower's frontier releases that the leader had matched
     * @param meanOverScoreRange mean horizontal distance between the two frontiers over the score levels both reached
     * @param unmatched          follower frontier releases the leader had not reached yet (left out of the mean)
     */
    public record MonthsBehind(@JsonProperty("leader") String leader, @JsonProperty("follower") String follower,
                               @JsonProperty("mean") Double mean, @JsonProperty("min") Double min, @JsonProperty("max") Double max,
                               @JsonProperty("mean_over_score_range") Double meanOverScoreRange,
                               @JsonProperty("unmatched") int unmatched,
                               @JsonProperty("per_release") List<Release> perRelease) {
    }

    /** One follower frontier release; {@code matched_us_model} is the leader's first release within tolerance of it. */
    public record Release(@JsonProperty("model") String model, @JsonProperty("date") String date,
                          @JsonProperty("score") double score, @JsonProperty("matched_us_model") String matchedModel,
                          @JsonProperty("matched_date") String matchedDate, @JsonProperty("lag_months") Double lagMonths) {
    }

    public record ScoreGap(@JsonProperty("date") String date, @JsonProperty("us") Point us, @JsonProperty("cn") Point cn,
                           @JsonProperty("points") double points, @JsonProperty("percent") double percent) {
    }
}
