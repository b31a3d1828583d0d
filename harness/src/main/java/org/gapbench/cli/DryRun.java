package org.gapbench.cli;

import java.io.PrintWriter;
import org.gapbench.dataset.Item;
import org.gapbench.model.CatalogEntry;
import org.gapbench.model.Message;
import org.gapbench.model.ProviderProfile;
import org.gapbench.model.provider.StreamMode;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;

/** {@code run --dry-run}: what would be asked, and what it would cost at catalog prices. */
final class DryRun {
    /** A typical chain-of-thought answer; the upper bound uses max_tokens. */
    private static final int TYPICAL_OUTPUT_TOKENS = 400;

    private DryRun() {
    }

    static void print(PreparedRun run, PrintWriter out) {
        print(run, StreamMode.AUTO, out);
    }

    static void print(PreparedRun run, StreamMode stream, PrintWriter out) {
        print(run, stream, false, out);
    }

    static void print(PreparedRun run, StreamMode stream, boolean batch, PrintWriter out) {
        long promptChars = 0;
        for (Item item : run.items()) {
            for (Message m : run.suite().prompt().render(item)) {
                promptChars += m.content().length();
            }
        }
        long samples = run.sampleCount();
        // About 4 characters per token for English; CJK text is closer to 1-2, so this errs low for it.
        long inputTokens = promptChars / 4 * run.samples();
        int maxTokens = run.params().maxTokens() == null ? 4096 : run.params().maxTokens();
        out.printf("suite      %s v%s (%s)%n", run.suite().id(), run.suite().version(), run.suite().title());
        out.printf("dataset    %s %s, licence %s%s%n", run.manifest().id(), run.manifest().version(), run.manifest().license(),
                run.manifest().commercialUse() ? "" : " (NON-COMMERCIAL)");
        out.printf("model      %s via %s%s%n", run.target().displayName(), run.target().profile().name(),
                run.target().baseUrl() == null ? "" : " at " + run.target().baseUrl());
        String unbatchedAnswers = batch ? Evaluation.unbatchedAnswers(run) : null;
        boolean byBatch = batch && unbatchedAnswers == null;
        out.printf("items      %d x %d samples = %d requests%s%n", run.items().size(), run.samples(), samples,
                byBatch ? ", by batch"
                        : stream.streams(run.target().profile().wire(), run.target().profile().wire() == ProviderProfile.Wire.ANTHROPIC ? maxTokens : run.params().maxTokens())
                        ? ", streamed (server-sent events)" : "");
        out.printf("tokens     ~%,d input, ~%,d output (typical) / %,d output (max_tokens bound)%n",
                inputTokens, samples * TYPICAL_OUTPUT_TOKENS, samples * maxTokens);
        CatalogEntry e = run.target().entry();
        if (e == null || e.priceInputPerM() == null) {
            out.println("cost       unknown: the model has no price in the catalog");
        } else {
            int input = (int) Math.min(Integer.MAX_VALUE, inputTokens);
            double typical = e.cost(input, (int) Math.min(Integer.MAX_VALUE, samples * TYPICAL_OUTPUT_TOKENS));
            out.printf("cost       ~$%.2f typical, at most $%.2f%n", typical, e.cost(input, (int) Math.min(Integer.MAX_VALUE, samples * maxTokens)));
            if (byBatch) {
                double f = Evaluation.batchPriceFactor(run);
                out.printf("batch      ~$%.2f typical at the batch price (%.0f%% of the catalog's), saving ~$%.2f%n", typical * f, f * 100, typical * (1 - f));
            }
        }
        if (unbatchedAnswers != null) {
            out.printf("batch      %s: ordinary requests, catalog price%n", unbatchedAnswers);
        }
        String unbatchedJudges = batch ? Evaluation.unbatchedJudges(run) : null;
        if (unbatchedJudges != null) {
            out.printf("batch      %s%n", unbatchedJudges);
        }
        out.flush();
    }
}
