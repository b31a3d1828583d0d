package org.gapbench.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * AlpacaEval's weighted win rate: the mean over items of a judge's probability that the model's answer beats the
 * baseline's (AlpacaEval 2 takes it from the judge's log-probabilities of the two labels), a tie counting 0.5.
 * AlpacaEval's own {@code preference} lies in [1, 2] (1 = baseline better); {@link #fromAlpacaEval} maps it here.
 * The counts and the discrete win rate follow AlpacaEval's {@code describe_head2head}: a win is a probability above
 * 0.5, a loss one below, a draw exactly 0.5. A missing probability (the judge failed) is left out and counted, never
 * read as a tie.
 */
public final class PreferenceWinRate {
    private PreferenceWinRate() {
    }

    /**
     * All rates are fractions (AlpacaEval prints them times 100).
     *
     * @param items          items with a probability
     * @param missing        items whose judge gave none (left out of every number here)
     * @param winRate        mean probability, with a percentile bootstrap interval over items (clusters)
     * @param standardError  AlpacaEval's: the sample standard deviation (n - 1) over the square root of n
     * @param discreteWinRate (wins + draws / 2) / items, with its interval
     */
    public record Result(int items, int missing, Interval winRate, double standardError, int wins, int losses,
                         int draws, Interval discreteWinRate) {
    }

    /** One item's probability that the model beats the baseline; NaN when the judge gave none. */
    public record Preference(String cluster, double probability) {
        public Preference {
            if (!Double.isNaN(probability) && !(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("a preference probability lies in [0, 1]: " + probability);
            }
        }
    }

    /** AlpacaEval's {@code preference} (1 = baseline better, 2 = model better, 1.5 a draw) as a probability. */
    public static double fromAlpacaEval(double preference) {
        return preference - 1;
    }

    /** Every item its own cluster. */
    public static Result of(double[] probabilities, Bootstrap bootstrap) {
        List<Preference> items = new ArrayList<>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            items.add(new Preference(Integer.toString(i), probabilities[i]));
        }
        return of(items, bootstrap);
    }

    public static Result of(List<Preference> preferences, Bootstrap bootstrap) {
        List<Preference> judged = new ArrayList<>(preferences.size());
        for (Preference p : preferences) {
            if (!Double.isNaN(p.probability())) {
                judged.add(p);
            }
        }
        int n = judged.size();
        int missing = preferences.size() - n;
        int wins = 0;
        int losses = 0;
        int draws = 0;
        double sum = 0;
        for (Preference p : judged) {
            double v = p.probability();
            sum += v;
            if (v > 0.5) {
                wins++;
            } else if (v < 0.5) {
                losses++;
            } else {
                draws++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double squares = 0;
        for (Preference p : judged) {
            squares += (p.probability() - mean) * (p.probability() - mean);
        }
        double standardError = n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        // A corpus mean, so the bootstrap resamples it (a Metric.ItemMean in [0, 1] would get Wilson's interval,
        // which is made for proportions of counts; these are probabilities the judge states).
        Interval weighted = bootstrap.interval(Metric.<Preference>corpus("weighted_win_rate",
                l -> l.stream().mapToDouble(Preference::probability).average().orElse(Double.NaN)), judged, Preference::cluster);
        // Discrete outcomes (1, 0.5, 0) are a graded proportion: Wilson with the effective n, as for every such rate.
        Interval discrete = bootstrap.interval(Metric.<Preference>itemMean("discrete_win_rate",
                p -> p.probability() > 0.5 ? 1 : p.probability() < 0.5 ? 0 : 0.5), judged, Preference::cluster);
        return new Result(n, missing, weighted, standardError, wins, losses, draws, discrete);
    }
}
