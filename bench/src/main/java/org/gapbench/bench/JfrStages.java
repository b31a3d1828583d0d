package org.gapbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Attributes a JFR recording's CPU samples ({@code jdk.ExecutionSample}) to the stages of a sample's path. Each stack
 * is walked from its top frame down; a frame of a generic JDK package ({@code java.lang}, {@code java.util}, …) is
 * charged to whoever called it, so the stage is the first frame that belongs to a known library or gapbench component
 * (Jackson inside LangChain4j's mapping counts as JSON; a {@code HashMap.get} inside the journal counts as journal).
 * Library stages (JSON, SQLite, HTTP, hashing, regex) are also split by the gapbench component that asked for them
 * (the next known gapbench frame further down), which tells the journal's JSON apart from LangChain4j's.
 *
 * <p>Only Java code is sampled: the garbage collector and the JIT compilers run on VM threads, which JFR does not
 * sample; their time is read from {@code jdk.GarbageCollection} and {@code jdk.Compilation} events and reported
 * beside. Regenerate a table with {@code gapbench bench --jfr-stages FILE}.
 */
final class JfrStages {

    /** Class-name prefixes, most specific first; the first prefix a frame's class starts with names its stage. */
    private static final String[][] RULES = {
            {"com.fasterxml.jackson.", "JSON encode/decode (Jackson)"},
            {"org.sqlite.", "SQLite (sqlite-jdbc)"},
            {"java.util.regex.", "regex"},
            {"sun.security.provider.", "hashing (SHA-256)"},
            {"java.security.", "hashing (SHA-256)"},
            {"dev.langchain4j.", "LangChain4j request/response mapping"},
            {"jdk.internal.net.http.", "JDK HTTP client"},
            {"java.net.http.", "JDK HTTP client"},
            {"sun.nio.ch.", "socket and selector I/O"},
            {"java.nio.channels.", "socket and selector I/O"},
            {"java.io.", "file and stream I/O"},
            {"sun.nio.fs.", "file and stream I/O"},
            {"java.nio.file.", "file and stream I/O"},
            {"org.gapbench.model.provider.", "HTTP exchange (gapbench provider)"},
            {"org.gapbench.model.resilient.ResponseCache", "cache lookup and write (gapbench)"},
            {"org.gapbench.model.resilient.CachingClient", "cache lookup and write (gapbench)"},
            {"org.gapbench.model.resilient.", "resilience layers (limits, retry, metering)"},
            {"org.gapbench.results.Journal", "journal write (gapbench)"},
            {"org.gapbench.io.BatchingWriter", "journal write (gapbench)"},
            {"org.gapbench.io.JsonLines", "journal write (gapbench)"},
            {"org.gapbench.io.Json", "JSON encode/decode (Jackson)"},
            {"org.gapbench.results.SampleRecord", "journal write (gapbench)"},
            {"org.gapbench.suite.PromptTemplate", "prompt rendering"},
            {"org.gapbench.score.", "scoring"},
            {"org.gapbench.run.Summarizer", "summary (bootstrap)"},
            {"org.gapbench.stats.", "summary (bootstrap)"},
            {"org.gapbench.results.Summary", "summary (bootstrap)"},
            {"org.apache.commons.math3.", "summary (bootstrap)"},
            {"org.gapbench.cli.Progress", "progress"},
            {"org.gapbench.run.RunTotals", "progress"},
            {"org.gapbench.run.RunPreparer", "run preparation"},
            {"org.gapbench.run.ItemSelection", "run preparation"},
            {"org.gapbench.dataset.", "run preparation"},
            {"org.gapbench.run.", "runner (work units, records)"},
            {"org.gapbench.bench.", "bench listener"},
            {"org.gapbench.", "other gapbench"},
    };

    /** Stages that are libraries: split further by the gapbench component that called them. */
    private static final List<String> LIBRARIES = List.of("JSON encode/decode (Jackson)", "SQLite (sqlite-jdbc)", "regex",
            "hashing (SHA-256)", "JDK HTTP client", "socket and selector I/O", "file and stream I/O",
            "LangChain4j request/response mapping");

    static final String UNATTRIBUTED = "other (JDK only: threads, locks, collections)";

    record Row(String stage, long samples, double share) {
    }

    record Result(long executionSamples, List<Row> byStage, List<Row> byStageAndCaller, List<Row> byComponent,
                  double gcPauseSeconds, int gcCount, double compileSeconds, int compilations, double recordedSeconds) {

        /**
         * @param cpuMsPerSample the measured CPU per sample (the process's user+sys over the run), or NaN
         * @param samples        model samples the run made
         */
        String markdown(double cpuMsPerSample, int samples) {
            StringBuilder b = new StringBuilder();
            double vmMs = samples > 0 ? (gcPauseSeconds + compileSeconds) * 1000 / samples : Double.NaN;
            double javaMs = cpuMsPerSample - vmMs;
            b.append(String.format(Locale.ROOT, "JFR: %d CPU samples of Java code over %.1f s; garbage collection %.3f s"
                            + " (%d pauses), JIT compilation %.3f s (%d compilations)%s%n%n", executionSamples, recordedSeconds,
                    gcPauseSeconds, gcCount, compileSeconds, compilations,
                    Double.isNaN(cpuMsPerSample) ? "" : String.format(Locale.ROOT, "; of %.3f ms CPU per sample, %.3f ms GC + JIT"
                            + " and %.3f ms Java code (µs below are that share)", cpuMsPerSample, vmMs, javaMs)));
            table(b, "stage (first known frame from the top of the stack)", byStage, javaMs);
            table(b, "gapbench component that asked (first gapbench frame from the top)", byComponent, javaMs);
            table(b, "library stage ← gapbench component", byStageAndCaller.stream().filter(r -> r.share() >= 0.005).toList(), javaMs);
            return b.toString();
        }

        private static void table(StringBuilder b, String title, List<Row> rows, double javaMs) {
            b.append("| ").append(title).append(" | samples | share | µs per sample |\n|---|---|---|---|\n");
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %s |%n", r.stage(), r.samples(), 100 * r.share(),
                        Double.isNaN(javaMs) ? "" : String.format(Locale.ROOT, "%.0f", r.share() * javaMs * 1000)));
            }
            b.append('\n');
        }
    }

    private JfrStages() {
    }

    static String stageOf(String className) {
        for (String[] rule : RULES) {
            if (className.startsWith(rule[0])) {
                return rule[1];
            }
        }
        return null;
    }

    /** The stage of a stack (top frame first) and, for a library stage, the gapbench component under it. */
    static String[] attribute(List<String> classesTopFirst) {
        String stage = null;
        String component = null;
        for (String c : classesTopFirst) {
            String s = stageOf(c);
            if (s == null) {
                continue;
            }
            if (stage == null) {
                stage = s;
            }
            if (c.startsWith("org.gapbench.") && !LIBRARIES.contains(s)) {
                component = s;
                break;
            }
        }
        if (stage == null) {
            stage = UNATTRIBUTED;
        }
        return new String[] {stage, component == null ? (LIBRARIES.contains(stage) ? "no gapbench frame" : stage) : component};
    }

    static Result read(Path recording) {
        Map<String, Long> byStage = new LinkedHashMap<>();
        Map<String, Long> byPair = new LinkedHashMap<>();
        Map<String, Long> byComponent = new LinkedHashMap<>();
        long total = 0;
        double gc = 0;
        int gcCount = 0;
        double compile = 0;
        int compilations = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        if (st == null) {
                            continue;
                        }
                        List<String> classes = new ArrayList<>(st.getFrames().size());
                        for (RecordedFrame f : st.getFrames()) {
                            if (f.getMethod() != null && f.getMethod().getType() != null) {
                                classes.add(f.getMethod().getType().getName());
                            }
                        }
                        String[] a = attribute(classes);
                        total++;
                        byStage.merge(a[0], 1L, Long::sum);
                        byComponent.merge(a[1], 1L, Long::sum);
                        if (LIBRARIES.contains(a[0])) {
                            byPair.merge(a[0] + " ← " + a[1], 1L, Long::sum);
                        }
                        long t = e.getStartTime().toEpochMilli();
                        first = Math.min(first, t);
                        last = Math.max(last, t);
                    }
                    case "jdk.GarbageCollection" -> {
                        gc += seconds(e.getDuration());
                        gcCount++;
                    }
                    case "jdk.Compilation" -> {
                        compile += seconds(e.getDuration());
                        compilations++;
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JFR recording " + recording + ": " + e.getMessage(), e);
        }
        return new Result(total, rows(byStage, total), rows(byPair, total), rows(byComponent, total), gc, gcCount, compile,
                compilations, total == 0 ? 0 : (last - first) / 1000.0);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static List<Row> rows(Map<String, Long> counts, long total) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .map(en -> new Row(en.getKey(), en.getValue(), total == 0 ? 0 : en.getValue() / (double) total)).toList();
    }
}
