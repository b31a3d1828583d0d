package org.gapbench.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;

/** The model catalog ({@code datasets/models.csv}): facts and prices per model, each with its source. */
public final class Catalog {
    static final List<String> COLUMNS = List.of("id", "provider", "api_model", "organization", "country", "release_date",
            "open_weights", "knowledge_cutoff", "reasoning", "price_input_per_m", "price_output_per_m", "source");

    private final Map<String, CatalogEntry> entries;

    private Catalog(Map<String, CatalogEntry> entries) {
        this.entries = entries;
    }

    public static Catalog empty() {
        return new Catalog(Map.of());
    }

    public static Catalog load(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        Map<String, CatalogEntry> out = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.DEFAULT.builder()
                     .setHeader().setSkipHeaderRecord(true).setCommentMarker('#').setIgnoreEmptyLines(true).get()).get()) {
            List<String> header = p.getHeaderNames();
            if (!header.equals(COLUMNS)) {
                throw new ConfigException(file, 1, "catalog header must be: " + String.join(",", COLUMNS));
            }
            for (CSVRecord rec : p) {
                int line = (int) rec.getParser().getCurrentLineNumber();
                if (rec.size() != COLUMNS.size()) {
                    throw new ConfigException(file, line, "expected " + COLUMNS.size() + " columns, found " + rec.size());
                }
                CatalogEntry e = entry(rec, file, line);
                if (out.put(e.id(), e) != null) {
                    throw new ConfigException(file, line, "duplicate model id '" + e.id() + "'");
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(file, 0, "cannot read the catalog: " + e.getMessage());
        }
        return new Catalog(out);
    }

    private static CatalogEntry entry(CSVRecord r, Path file, int line) {
        String id = r.get("id").trim();
        if (id.isEmpty()) {
            throw new ConfigException(file, line, "empty model id");
        }
        String raw = r.get("id");
        String first = org.gapbench.io.CsvCells.startsLikeFormula(raw) ? raw : org.gapbench.io.CsvCells.startsLikeFormula(id) ? id : null;
        if (first != null) {
            char c = first.charAt(0);
            throw new ConfigException(file, line, "model id '" + id.strip() + "' starts with " + (c == '\t' ? "a tab" : c == '\r'
                    ? "a carriage return" : "'" + c + "'") + ", which spreadsheets run as a formula: start it with a letter or digit");
        }
        String provider = r.get("provider").trim();
        if (ProviderProfile.find(provider).isEmpty()) {
            throw new ConfigException(file, line, "unknown provider '" + provider + "' for " + id);
        }
        String country = r.get("country").trim();
        if (!country.matches("[A-Z]{2}")) {
            throw new ConfigException(file, line, "country must be a two-letter ISO code (US, CN, ...), got '" + country + "'");
        }
        LocalDate released;
        try {
            released = LocalDate.parse(r.get("release_date").trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(file, line, "release_date must be YYYY-MM-DD, got '" + r.get("release_date") + "'");
        }
        if (r.get("source").isBlank()) {
            throw new ConfigException(file, line, "every catalog row needs a source for its facts");
        }
        return new CatalogEntry(id, provider, r.get("api_model").trim(), r.get("organization").trim(), country, released,
                yesNo(r.get("open_weights"), "open_weights", file, line), r.get("knowledge_cutoff").trim(),
                yesNo(r.get("reasoning"), "reasoning", file, line), price(r.get("price_input_per_m"), file, line),
                price(r.get("price_output_per_m"), file, line), r.get("source").trim());
    }

    private static boolean yesNo(String v, String column, Path file, int line) {
        return switch (v.trim()) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new ConfigException(file, line, column + " must be yes or no, got '" + v + "'");
        };
    }

    private static Double price(String v, Path file, int line) {
        if (v.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(file, line, "price must be a non-negative number of USD per million tokens, got '" + v + "'");
        }
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The entry whose provider and API model name match, when a spec was given as provider:model. */
    public Optional<CatalogEntry> findByApiModel(String provider, String apiModel) {
        return entries.values().stream().filter(e -> e.provider().equals(provider) && e.apiModel().equals(apiModel)).findFirst();
    }

    public Collection<CatalogEntry> all() {
        return entries.values();
    }
}
