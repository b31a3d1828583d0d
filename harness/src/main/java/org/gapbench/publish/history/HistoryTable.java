package org.gapbench.publish.history;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.io.AtomicFiles;
import org.gapbench.io.Json;

/**
 * The normalized history ({@code datasets/history/scores.csv} and its {@code sources.csv}): published scores with
 * dates and countries, plus the rows of gapbench's own runs when they are added.
 */
public final class HistoryTable {
    public static final String SCORES = "scores.csv";
    public static final String SOURCES = "sources.csv";
    private static final String HEADER = "# Normalized benchmark history imported by 'gapbench history import' from the public sources in "
            + "sources.csv.\n# Scores, dates and model facts only; each row's source names its publisher and licence. Do not edit by hand.\n";

    private final List<HistoryRow> rows;
    private final Map<String, HistorySource> sources;

    public HistoryTable(List<HistoryRow> rows, List<HistorySource> sources) {
        this.rows = List.copyOf(rows);
        Map<String, HistorySource> s = new LinkedHashMap<>();
        sources.forEach(x -> s.put(x.key(), x));
        this.sources = s;
    }

    public List<HistoryRow> rows() {
        return rows;
    }

    public List<HistorySource> sources() {
        return List.copyOf(sources.values());
    }

    public Optional<HistorySource> source(String key) {
        return Optional.ofNullable(sources.get(key));
    }

    /** This table with more rows (e.g. gapbench runs) and their sources appended. */
    public HistoryTable with(List<HistoryRow> more, List<HistorySource> moreSources) {
        List<HistoryRow> r = new ArrayList<>(rows);
        r.addAll(more);
        List<HistorySource> s = new ArrayList<>(sources.values());
        s.addAll(moreSources);
        return new HistoryTable(r, s);
    }

    public TreeSet<String> benchmarks() {
        TreeSet<String> b = new TreeSet<>();
        rows.forEach(r -> b.add(r.benchmark()));
        return b;
    }

    /**
     * The rows of {@code benchmark} as known at {@code at} (null: now): for every source only one snapshot, so a refit
     * index or a re-rated leaderboard is never mixed with its older self. That is the latest snapshot published by
     * {@code at}, or the source's earliest snapshot when none was published yet (the closest record of that time).
     */
    public List<HistoryRow> series(String benchmark, LocalDate at) {
        Map<String, LocalDate> chosen = new HashMap<>();
        Map<String, LocalDate> earliest = new HashMap<>();
        for (HistoryRow r : rows) {
            if (!r.benchmark().equals(benchmark)) {
                continue;
            }
            LocalDate snap = snapshot(r);
            earliest.merge(r.source(), snap, (a, b) -> a.isBefore(b) ? a : b);
            if (at == null || !snap.isAfter(at)) {
                chosen.merge(r.source(), snap, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        earliest.forEach(chosen::putIfAbsent);
        List<HistoryRow> out = new ArrayList<>();
        for (HistoryRow r : rows) {
            if (r.benchmark().equals(benchmark) && snapshot(r).equals(chosen.get(r.source()))) {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows without a snapshot date (one-off tables such as model cards) are one snapshot at the beginning of time. */
    private static LocalDate snapshot(HistoryRow r) {
        return r.snapshotDate() == null ? LocalDate.MIN : r.snapshotDate();
    }

    public static HistoryTable load(Path scoresCsv) {
        if (!Files.isRegularFile(scoresCsv)) {
            throw new ConfigException(scoresCsv + ": no history table here (run 'gapbench history import' to create it)");
        }
        Path sourcesCsv = scoresCsv.resolveSibling(SOURCES);
        List<HistorySource> sources = read(sourcesCsv, HistorySource.COLUMNS, (rec) -> new HistorySource(rec.get("key"),
                rec.get("publisher"), rec.get("title"), rec.get("url"), rec.get("origin"), rec.get("license"), rec.get("attribution")));
        Map<String, HistorySource> known = new HashMap<>();
        sources.forEach(s -> known.put(s.key(), s));
        List<HistoryRow> rows = read(scoresCsv, HistoryRow.COLUMNS, rec -> row(rec, scoresCsv, known));
        return new HistoryTable(rows, sources);
    }

    private static HistoryRow row(CSVRecord r, Path file, Map<String, HistorySource> known) {
        int line = (int) r.getParser().getCurrentLineNumber();
        if (!known.containsKey(r.get("source"))) {
            throw new ConfigException(file, line, "source '" + r.get("source") + "' is not listed in " + SOURCES);
        }
        double score;
        try {
            score = Double.parseDouble(r.get("score"));
        } catch (NumberFormatException e) {
            throw new ConfigException(file, line, "score must be a number, got '" + r.get("score") + "'");
        }
        return new HistoryRow(r.get("model"), r.get("organization"), r.get("country"), date(r.get("release_date"), file, line),
                yesNo(r.get("open_weights")), yesNo(r.get("reasoning")), r.get("benchmark"), score, r.get("score_kind"),
                r.get("source"), date(r.get("snapshot_date"), file, line));
    }

    private static LocalDate date(String s, Path file, int line) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(file, line, "dates must be YYYY-MM-DD, got '" + s + "'");
        }
    }

    private static Boolean yesNo(String s) {
        return switch (s.trim()) {
            case "yes" -> true;
            case "no" -> false;
            default -> null;
        };
    }

    private static <T> List<T> read(Path file, List<String> columns, Function<CSVRecord, T> mapper) {
        List<T> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).setCommentMarker('#').setIgnoreEmptyLines(true).get()).get()) {
            if (!p.getHeaderNames().equals(columns)) {
                throw new ConfigException(file, 1, "header must be: " + String.join(",", columns));
            }
            for (CSVRecord rec : p) {
                if (rec.size() != columns.size()) {
                    throw new ConfigException(file, (int) p.getCurrentLineNumber(), "expected " + columns.size()
                            + " columns, found " + rec.size());
                }
                out.add(mapper.apply(rec));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
        return out;
    }

    /** Writes {@code scores.csv} and {@code sources.csv} into {@code dir}, each atomically, rows in a stable order. */
    public void write(Path dir) {
        List<HistoryRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(HistoryRow::benchmark).thenComparing(HistoryRow::source)
                .thenComparing(r -> String.valueOf(r.snapshotDate())).thenComparing(HistoryRow::model)
                .thenComparingDouble(HistoryRow::score));
        StringBuilder s = new StringBuilder(HEADER);
        print(s, HistoryRow.COLUMNS, sorted.stream().map(r -> List.<Object>of(r.model(), r.organization(), r.country(),
                text(r.releaseDate()), yesNo(r.openWeights()), yesNo(r.reasoning()), r.benchmark(), number(r.score()),
                r.scoreKind(), r.source(), text(r.snapshotDate()))).toList());
        AtomicFiles.write(dir.resolve(SCORES), s.toString());
        StringBuilder src = new StringBuilder(HEADER);
        print(src, HistorySource.COLUMNS, sources.values().stream().map(x -> List.<Object>of(x.key(), x.publisher(), x.title(),
                x.url(), x.origin(), x.license(), x.attribution())).toList());
        AtomicFiles.write(dir.resolve(SOURCES), src.toString());
    }

    private static void print(StringBuilder out, List<String> header, List<List<Object>> records) {
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord(header);
            for (List<Object> r : records) {
                p.printRecord(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    private static String yesNo(Boolean b) {
        return b == null ? "" : b ? "yes" : "no";
    }

    /** Shortest faithful text of a score: 4 decimals at most, so the CSV diff stays readable across imports. */
    private static String number(double d) {
        String s = new java.math.BigDecimal(d).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
