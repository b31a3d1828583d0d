package org.gapbench.publish.history;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;

/**
 * Builds the normalized history table from the third-party mirror's {@code history/} folder: Epoch AI's Benchmarking
 * Hub snapshots (ECI and per-benchmark CSVs), LMArena leaderboard versions, and tables transcribed from model cards.
 * Only scores, dates and model facts are taken. A newer snapshot folder dropped beside the old ones is picked up.
 */
public final class HistoryImporter {
    /** Epoch hub files imported: file, benchmark name, score column, factor to percent (or 1 for index points). */
    private record EpochFile(String file, String benchmark, String column, double factor) {
    }

    private static final List<EpochFile> EPOCH_FILES = List.of(
            new EpochFile("mmlu_external.csv", "mmlu", "EM", 100),
            new EpochFile("gsm8k_external.csv", "gsm8k", "EM", 100),
            new EpochFile("math_level_5.csv", "math-level-5", "mean_score", 100),
            new EpochFile("gpqa_diamond.csv", "gpqa-diamond", "mean_score", 100),
            new EpochFile("otis_mock_aime_2024_2025.csv", "otis-aime-2024-2025", "mean_score", 100),
            new EpochFile("frontiermath.csv", "frontiermath", "mean_score", 100),
            new EpochFile("swe_bench_verified.csv", "swe-bench-verified", "mean_score", 100),
            new EpochFile("hle_external.csv", "hle", "Accuracy", 100));

    private static final String ECI_FILE = "epoch_capabilities_index.csv";
    private static final Pattern SNAPSHOT = Pattern.compile("(\\d{4}-\\d{2})(-\\d{2})?$");
    private static final Pattern EFFORT = Pattern.compile("(?i)(_(x?high|medium|low|minimal|max)$|thinking|reason)");

    /** Licences of the repositories the transcribed model-card tables come from (mirror's transcribed/NOTICE.md). */
    private static final Map<String, String> TRANSCRIBED_LICENSES = Map.of(
            "openai/simple-evals", "MIT", "meta-llama/llama-models", "Llama community licences",
            "QwenLM/Qwen", "Tongyi Qianwen licence / Apache-2.0", "deepseek-ai/DeepSeek-LLM", "MIT (code)",
            "deepseek-ai/DeepSeek-V2", "MIT (code)", "deepseek-ai/DeepSeek-V3", "MIT (code)", "deepseek-ai/DeepSeek-R1", "MIT",
            "MoonshotAI/Kimi-K2", "Modified MIT", "MiniMax-AI/MiniMax-M1", "Apache-2.0");

    private final Path root;
    private final Map<String, String> checksums;
    private final List<HistoryRow> rows = new ArrayList<>();
    private final Map<String, HistorySource> sources = new LinkedHashMap<>();

    private HistoryImporter(Path root) {
        this.root = root;
        this.checksums = readChecksums(root.resolve("SHA256SUMS"));
    }

    /** Imports everything under {@code mirror} (the mirror's root or its {@code history/} folder). */
    public static HistoryTable importFrom(Path mirror) {
        Path root = Files.isDirectory(mirror.resolve("history")) ? mirror.resolve("history") : mirror;
        if (!Files.isDirectory(root)) {
            throw new ConfigException(mirror + ": no such history mirror directory");
        }
        HistoryImporter im = new HistoryImporter(root);
        im.epoch();
        im.lmarena();
        im.transcribed();
        if (im.rows.isEmpty()) {
            throw new ConfigException(root + ": no known history sources found (expected epoch_*, lmarena/, transcribed/)");
        }
        return new HistoryTable(im.rows, List.copyOf(im.sources.values()));
    }

    private void epoch() {
        for (Path dir : folders("epoch_benchmarking_hub_", "epoch_eci_snapshot_")) {
            Map<String, Boolean> openByVersion = new HashMap<>();
            Path eci = dir.resolve(ECI_FILE);
            if (Files.isRegularFile(eci)) {
                LocalDate snapshot = snapshotDate(dir, eci);
                source("epoch-eci", "Epoch AI", "Epoch Capabilities Index (AI Benchmarking Hub)", "https://epoch.ai/benchmarks",
                        "mirror history/" + dir.getFileName(), "CC BY 4.0",
                        "Epoch AI, 'AI Benchmarking Hub'. Published online at epoch.ai. Retrieved from https://epoch.ai/benchmarks");
                csv(eci, r -> {
                    Boolean open = accessibility(r.get("Model accessibility"));
                    openByVersion.put(r.get("Model version"), open);
                    String name = r.get("Display name").isBlank() ? r.get("Model version") : r.get("Display name");
                    epochRow(r, name, "eci", r.get("ECI Score"), 1, open, HistoryRow.THIRD_PARTY, "epoch-eci", snapshot);
                });
            }
            for (EpochFile f : EPOCH_FILES) {
                Path file = dir.resolve(f.file());
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                LocalDate snapshot = snapshotDate(dir, file);
                source("epoch-hub", "Epoch AI", "AI Benchmarking Hub (Epoch-run and compiled external results)",
                        "https://epoch.ai/benchmarks", "mirror history/" + dir.getFileName(), "CC BY 4.0",
                        "Epoch AI, 'AI Benchmarking Hub'. Published online at epoch.ai. Retrieved from https://epoch.ai/benchmarks");
                csv(file, r -> {
                    String kind = r.isMapped("Source") && selfReported(r.get("Source"), r.get("Organization"))
                            ? HistoryRow.SELF_REPORTED : HistoryRow.THIRD_PARTY;
                    epochRow(r, r.get("Model version"), f.benchmark(), r.get(f.column()), f.factor(),
                            openByVersion.get(r.get("Model version")), kind, "epoch-hub", snapshot);
                });
            }
        }
    }

    private void epochRow(CSVRecord r, String model, String benchmark, String score, double factor, Boolean open, String kind,
                          String source, LocalDate snapshot) {
        if (score == null || score.isBlank()) {
            return;
        }
        String version = r.get("Model version");
        rows.add(new HistoryRow(model, r.get("Organization"), Countries.code(r.get("Country")), date(r.get("Release date")), open,
                EFFORT.matcher(version).find() ? Boolean.TRUE : null, benchmark, number(score) * factor, kind, source, snapshot));
    }

    private void lmarena() {
        Path dir = root.resolve("lmarena");
        Path history = dir.resolve("lmarena_text_leaderboard_history.csv");
        if (!Files.isRegularFile(history)) {
            return;
        }
        Map<String, String> countryOf = new HashMap<>();
        csv(dir.resolve("organization_country.csv"), r -> countryOf.put(r.get("organization"), Countries.code(r.get("country"))));
        source("lmarena-text", "LMArena (LMSYS Chatbot Arena)", "Text leaderboard, every published version 2024-06 to 2025-08",
                "https://lmarena.ai", "github fboulnois/llm-leaderboard-csv (git history of csv/lmsys.csv, csv/lmarena_text.csv)",
                "no explicit data licence; published leaderboard values (repo code MPL-2.0)", "LMArena, https://lmarena.ai");
        // The leaderboard has no release dates: a model's first appearance stands in for it.
        List<CSVRecord> records = new ArrayList<>();
        csv(history, records::add);
        Map<String, LocalDate> firstSeen = new HashMap<>();
        for (CSVRecord r : records) {
            firstSeen.merge(r.get("model"), version(r), (a, b) -> a.isBefore(b) ? a : b);
        }
        for (CSVRecord r : records) {
            String license = r.get("license");
            rows.add(new HistoryRow(r.get("model"), r.get("organization"), countryOf.getOrDefault(r.get("organization"), ""),
                    firstSeen.get(r.get("model")), license.isBlank() ? null : !license.equalsIgnoreCase("Proprietary"), null,
                    "lmarena-text", number(r.get("arena_score")), HistoryRow.THIRD_PARTY, "lmarena-text", version(r)));
        }
    }

    private static LocalDate version(CSVRecord r) {
        String v = r.get("leaderboard_version").isBlank() ? r.get("commit_date") : r.get("leaderboard_version");
        return LocalDate.parse(v.replace('.', '-'));
    }

    private void transcribed() {
        Path file = root.resolve("transcribed").resolve("model_benchmarks_reported.csv");
        if (!Files.isRegularFile(file)) {
            return;
        }
        csv(file, r -> {
            String repo = r.get("source_repo");
            String key = "model-card:" + repo;
            source(key, r.get("reported_by"), "Benchmark table in " + repo + " " + r.get("source_path"), "https://github.com/" + repo,
                    repo + "@" + r.get("source_commit"), TRANSCRIBED_LICENSES.getOrDefault(repo, "see the mirror's transcribed/NOTICE.md")
                            + " (numbers are facts reported by the publisher)", r.get("reported_by") + ", " + repo);
            String by = r.get("reported_by");
            String kind = by.startsWith("model developer") || selfReported(by, r.get("organization"))
                    ? HistoryRow.SELF_REPORTED : HistoryRow.THIRD_PARTY;
            String ow = r.get("open_weights");
            rows.add(new HistoryRow(r.get("model"), r.get("organization"), Countries.code(r.get("country")), date(r.get("release_date")),
                    ow.isBlank() ? null : ow.equals("yes"), null, slug(r.get("benchmark")), number(r.get("score")), kind, key, null));
        });
    }

    /** "GPQA Diamond" becomes gpqa-diamond, "MATH-500" math-500. */
    static String slug(String benchmark) {
        return benchmark.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-|-$)", "");
    }

    /** A score reported by the model's own developer (the source names the organization). */
    private static boolean selfReported(String source, String organization) {
        String org = organization == null ? "" : organization.split("[ ,]")[0].toLowerCase(Locale.ROOT);
        return org.length() > 2 && source.toLowerCase(Locale.ROOT).contains(org);
    }

    private static Boolean accessibility(String a) {
        if (a == null || a.isBlank()) {
            return null;
        }
        return a.toLowerCase(Locale.ROOT).startsWith("open weights");
    }

    private void source(String key, String publisher, String title, String url, String origin, String license, String attribution) {
        sources.merge(key, new HistorySource(key, publisher, title, url, origin, license, attribution), (old, neu) ->
                old.origin().contains(origin) ? old : new HistorySource(key, publisher, title, url, old.origin() + "; " + origin,
                        license, attribution));
    }

    /** Snapshot folders with a given prefix, oldest first (their names end in YYYY-MM or YYYY-MM-DD). */
    private List<Path> folders(String... prefixes) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> Stream.of(prefixes).anyMatch(x -> p.getFileName().toString().startsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(root + ": cannot list: " + e.getMessage());
        }
    }

    /**
     * The date a snapshot was published: the day in its folder name, or when the name gives only a month, the newest
     * release date it contains (a snapshot cannot predate its newest model).
     */
    private LocalDate snapshotDate(Path dir, Path file) {
        Matcher m = SNAPSHOT.matcher(dir.getFileName().toString());
        if (m.find() && m.group(2) != null) {
            return LocalDate.parse(m.group(1) + m.group(2));
        }
        LocalDate[] newest = {null};
        csv(file, r -> {
            LocalDate d = date(r.get("Release date"));
            if (d != null && (newest[0] == null || d.isAfter(newest[0]))) {
                newest[0] = d;
            }
        });
        return newest[0];
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return LocalDate.parse(s.trim().substring(0, 10));
    }

    /** Throws IllegalArgumentException, which {@link #csv} turns into a file:line message. */
    private static double number(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("score is not a number: '" + s + "'");
        }
    }

    private void csv(Path file, Consumer<CSVRecord> consumer) {
        verify(file);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord rec : p) {
                try {
                    consumer.accept(rec);
                } catch (java.time.DateTimeException | IllegalArgumentException e) {
                    throw new ConfigException(file, (int) p.getCurrentLineNumber(), e.getMessage());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /** Files listed in the mirror's SHA256SUMS must match it: a corrupt mirror is refused, not imported. */
    private void verify(Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        String expected = checksums.get(rel);
        if (expected == null) {
            return;
        }
        try {
            String actual = DataStore.sha256Of(file);
            if (!actual.equals(expected)) {
                throw new ConfigException(file + " has sha256 " + actual + " but SHA256SUMS says " + expected);
            }
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Map<String, String> readChecksums(Path file) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length == 2) {
                    out.put(parts[1], parts[0]);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return out;
    }
}
