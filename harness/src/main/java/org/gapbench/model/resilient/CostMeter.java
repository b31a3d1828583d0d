package org.gapbench.model.resilient;

import java.util.concurrent.atomic.DoubleAdder;

/** What a run's model calls have cost so far (samples and judges alike), against an optional budget. */
public final class CostMeter {
    private final DoubleAdder spent = new DoubleAdder();
    private final Double budgetUsd;

    /** @param budgetUsd {@code --max-cost}, or null for no limit */
    public CostMeter(Double budgetUsd) {
        this.budgetUsd = budgetUsd;
    }

    void add(double usd) {
        spent.add(usd);
    }

    public double spentUsd() {
        return spent.sum();
    }

    public Double budgetUsd() {
        return budgetUsd;
    }

    /** True once the spend has reached the budget: no further paid call may start. */
    public boolean exhausted() {
        return budgetUsd != null && spent.sum() >= budgetUsd;
    }
}
