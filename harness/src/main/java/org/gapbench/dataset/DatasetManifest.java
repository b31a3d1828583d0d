package org.gapbench.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a dataset is and where its bytes come from. Benchmark text is never committed to the repository:
 * the manifest names each file by a relative path and sha256, and {@link DataStore} finds the bytes.
 *
 * @param source        the file this manifest was read from (for error messages)
 * @param fields        output field name to mapping rule (see {@link FieldRule})
 * @param select        optional filter keeping only the records whose field lies in a range
 * @param corrections   gold values this project corrects, each with its reason (see {@link Correction})
 * @param keepFirstDuplicate {@code duplicates: first}: a record whose id an earlier record has is skipped, not an error
 */
public record DatasetManifest(
        Path source,
        String id,
        String version,
        String title,
        String license,
        boolean commercialUse,
        String sourceUrl,
        String citation,
        List<DataFile> files,
        Map<String, FieldRule> fields,
        Selection select,
        List<Correction> corrections,
        boolean keepFirstDuplicate) {

    public DatasetManifest {
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
    }

    /**
     * One file of the dataset. {@code tags} are constant fields added to every record of this file (e.g. subject);
     * {@code records} (JSON only, else null) names the member of a JSON object that holds the record array, whose
     * other scalar members are then visible to every record as fields it lacks (a file-wide prompt, the file's name
     * for its question type); {@code line} is the manifest line of its sha256, where errors about the file point.
     */
    public record DataFile(String path, String sha256, Format format, String url, String split, Map<String, String> tags,
                           String records, int line) {
    }

    public enum Format {
        JSONL, JSONL_GZ, JSON, JSON_GZ, CSV, TSV,
        /** A plain text file: one record, its content in the column {@code text}. */
        TEXT;

        public static Format parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "jsonl" -> JSONL;
                case "jsonl.gz" -> JSONL_GZ;
                case "json" -> JSON;
                case "json.gz" -> JSON_GZ;
                case "csv" -> CSV;
                case "tsv" -> TSV;
                case "txt", "text" -> TEXT;
                default -> throw new IllegalArgumentException("unknown format '" + s + "' (jsonl, jsonl.gz, json, json.gz, csv, tsv, txt)");
            };
        }

        boolean isJson() {
            return this == JSON || this == JSON_GZ;
        }
    }

    /**
     * How one output field is computed from a raw record.
     *
     * @param from     the raw column or key; a JSON Pointer ({@code /choices/0/turns/0}) into a JSON record; for
     *                 header-less CSV/TSV a 0-based column number
     * @param template instead of {@code from}: text with {@code {column}}, {@code {index}} and tag placeholders
     * @param regex    optional pattern applied to the value; its first group (or whole match) is kept
     * @param list     instead of {@code from}: several columns gathered into a list (e.g. answer choices)
     * @param type     {@code string} (default), {@code int}, {@code raw} (keep JSON structure), or
     *                 {@code letter} (a 0-based option index shown as its letter, 0 = A)
     */
    public record FieldRule(String from, String template, String regex, List<String> list, String type) {
    }

    /** Keep records whose numeric {@code field} lies in [min, max]. */
    public record Selection(String field, long min, long max) {
    }

    /**
     * A field of one item that this project corrects (a gold that keeps one of several valid values, say). It is not
     * benchmark text: it names the item by id, says what the data holds ({@code was}, checked when read, so a changed
     * file is noticed), what replaces it, and why ({@code source}: the derivation or the erratum).
     *
     * @param line the manifest line of the correction, where errors about it point
     */
    public record Correction(String item, String field, String was, String value, String source, int line) {
    }

    public List<DataFile> filesOfSplit(String split) {
        if (split == null) {
            return files;
        }
        return files.stream().filter(f -> f.split() == null || f.split().equals(split)).toList();
    }
}
