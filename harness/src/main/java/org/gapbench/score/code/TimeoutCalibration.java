package org.gapbench.score.code;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-problem timeouts: the reference solution's run time on this machine times a factor, never below a
 * floor (start-up noise on a busy machine) nor above a ceiling. Measured once per item and remembered.
 */
final class TimeoutCalibration {

    /** The measured reference and the timeout derived from it; {@code referenceOutcome} is null when it passed. */
    record Calibrated(long referenceMillis, long timeoutMillis, String referenceOutcome) {
        Map<String, Object> details() {
            return referenceOutcome == null ? Map.of("reference_ms", referenceMillis, "timeout_ms", timeoutMillis)
                    : Map.of("reference_ms", referenceMillis, "timeout_ms", timeoutMillis, "reference_outcome", referenceOutcome);
        }
    }

    private final double factor;
    private final Duration floor;
    private final Duration ceiling;
    private final Map<String, CompletableFuture<Calibrated>> byItem = new ConcurrentHashMap<>();

    TimeoutCalibration(double factor, Duration floor, Duration ceiling) {
        this.factor = factor;
        this.floor = floor;
        this.ceiling = ceiling;
    }

    Duration ceiling() {
        return ceiling;
    }

    /** The item's calibration; {@code measure} runs the reference with the ceiling as its limit, at most once per item. */
    Calibrated forItem(String itemId, Supplier<Verdict> measure) {
        CompletableFuture<Calibrated> mine = new CompletableFuture<>();
        CompletableFuture<Calibrated> existing = byItem.putIfAbsent(itemId, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            Calibrated c = from(measure.get());
            mine.complete(c);
            return c;
        } catch (RuntimeException e) {
            byItem.remove(itemId, mine); // a sandbox failure is not a measurement: let the next sample try again
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Records a reference run made for another reason (the candidate was the reference itself). */
    Calibrated record(String itemId, Verdict reference) {
        Calibrated c = from(reference);
        byItem.putIfAbsent(itemId, CompletableFuture.completedFuture(c));
        return byItem.get(itemId).join();
    }

    private Calibrated from(Verdict v) {
        long ms = ((Number) v.details().getOrDefault("wall_ms", ceiling.toMillis())).longValue();
        if (v.outcome() != Outcome.PASSED) {
            // a reference that fails cannot calibrate: allow the ceiling, and say so in every score of the item
            return new Calibrated(ms, ceiling.toMillis(), v.outcome().label);
        }
        long t = Math.max(floor.toMillis(), Math.min(ceiling.toMillis(), Math.round(ms * factor)));
        return new Calibrated(ms, t, null);
    }
}
