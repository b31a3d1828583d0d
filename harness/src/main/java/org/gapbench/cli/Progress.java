package org.gapbench.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gapbench.config.ConfigException;
import org.gapbench.results.SampleRecord;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunTotals;

/** Progress reporting: a bar with rate, ETA, errors and spend on a terminal; periodic plain lines otherwise. */
final class Progress {
    private Progress() {
    }

    static RunListener forMode(String mode, PrintWriter err) {
        return switch (mode) {
            case "auto" -> System.console() != null ? new Bar() : new Plain(err, 10_000);
            case "bar" -> new Bar();
            case "plain" -> new Plain(err, 10_000);
            case "none" -> new Quiet(err);
            default -> throw new ConfigException("--progress must be auto, bar, plain or none");
        };
    }

    private static String extra(RunTotals t) {
        return String.format("err %d, $%.4f", t.errors(), t.spendUsd()) + (t.batched() > 0 ? ", by batch " + t.batched() : "");
    }

    /** Prints notices only. */
    private static class Quiet implements RunListener {
        final PrintWriter err;

        Quiet(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void notice(String message) {
            err.println("gapbench: " + message);
            err.flush();
        }
    }

    private static final class Plain extends Quiet {
        private final long everyMs;
        private long started;
        private volatile long lastPrint;
        private String label = "";

        Plain(PrintWriter err, long everyMs) {
            super(err);
            this.everyMs = everyMs;
        }

        @Override
        public void started(PreparedRun run, RunTotals t) {
            started = System.nanoTime();
            lastPrint = System.currentTimeMillis();
            label = run.suite().id() + " / " + run.target().displayName();
            err.printf("%s: %d samples, %d already done%n", label, t.total(), t.alreadyDone());
            err.flush();
        }

        @Override
        public void sampleFinished(SampleRecord record, RunTotals t) {
            long now = System.currentTimeMillis();
            if (now - lastPrint >= everyMs) {
                synchronized (this) {
                    if (now - lastPrint >= everyMs) {
                        lastPrint = now;
                        line(t);
                    }
                }
            }
        }

        private void line(RunTotals t) {
            double secs = (System.nanoTime() - started) / 1e9;
            double rate = t.finished() / Math.max(secs, 1e-9);
            int left = t.total() - t.alreadyDone() - t.finished();
            err.printf("%s: %d/%d, %.1f/s, ETA %ds, %s%n", label, t.alreadyDone() + t.finished(), t.total(), rate,
                    rate > 0 ? (long) (left / rate) : 0, extra(t));
            err.flush();
        }

        @Override
        public void finished(RunTotals t) {
            line(t);
        }
    }

    private static final class Bar implements RunListener {
        private ProgressBar bar;

        @Override
        public void started(PreparedRun run, RunTotals t) {
            bar = new ProgressBarBuilder().setTaskName(run.suite().id()).setInitialMax(t.total()).startsFrom(t.alreadyDone(), java.time.Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250).build();
        }

        @Override
        public void sampleFinished(SampleRecord record, RunTotals t) {
            bar.step();
            bar.setExtraMessage(extra(t));
        }

        @Override
        public void notice(String message) {
            System.err.println("\ngapbench: " + message);
        }

        @Override
        public void finished(RunTotals t) {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
