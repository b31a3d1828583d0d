package org.gapbench.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;
import org.gapbench.io.JsonLines;

/**
 * Turns a dataset's files (jsonl, jsonl.gz, json, json.gz, csv, tsv) into {@link Item}s through the manifest's field
 * mapping. A malformed record is a one-line error naming the data file and its line, never a stack trace or a silently
 * skipped item.
 */
public final class DatasetReader {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private final DataStore store;

    public DatasetReader(DataStore store) {
        this.store = store;
    }

    /**
     * All items of {@code split} (all files when null), in file order. Ids must be unique, unless the manifest says
     * {@code duplicates: first} (a publisher's file that holds some records twice): then the first record of an id is kept.
     */
    public List<Item> read(DatasetManifest manifest, String split) {
        List<Item> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DatasetManifest.DataFile f : manifest.filesOfSplit(split)) {
            Path path = store.resolve(manifest, f);
            List<Raw> raws = readRaw(path, f, headerless(manifest));
            for (Raw raw : raws) {
                Map<String, Object> rec = raw.values();
                if (manifest.select() != null && !selected(manifest.select(), rec, path, raw.line())) {
                    continue;
                }
                Item item = map(manifest, f, rec, raw.index(), path, raw.line());
                if (!ids.add(item.id())) {
                    if (manifest.keepFirstDuplicate()) {
                        continue;
                    }
                    throw new ConfigException(path, raw.line(), "duplicate item id '" + item.id() + "' (check the id mapping in " + manifest.source() + ")");
                }
                items.add(item);
            }
        }
        return corrected(manifest, items, manifest.filesOfSplit(split).size() == manifest.files().size());
    }

    /** The items with the manifest's corrections applied; each must find its item holding the value it corrects. */
    private static List<Item> corrected(DatasetManifest manifest, List<Item> items, boolean allFiles) {
        if (manifest.corrections().isEmpty()) {
            return items;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            index.put(items.get(i).id(), i);
        }
        for (DatasetManifest.Correction c : manifest.corrections()) {
            Integer at = index.get(c.item());
            if (at == null) {
                if (allFiles) {
                    throw new ConfigException(manifest.source(), c.line(), "correction for item '" + c.item() + "', which the data does not have");
                }
                continue; // in a split not read now
            }
            Item item = items.get(at);
            if (!item.text(c.field()).strip().equals(c.was().strip())) {
                throw new ConfigException(manifest.source(), c.line(), "item '" + c.item() + "' has " + c.field() + " '" + item.text(c.field())
                        + "', not '" + c.was() + "': the data changed; check the correction");
            }
            Map<String, Object> fields = new LinkedHashMap<>(item.fields());
            fields.put(c.field(), c.value());
            items.set(at, new Item(item.id(), fields));
        }
        return items;
    }

    /** Header-less CSV/TSV is declared by mapping fields from column numbers ("0", "1", ...). */
    private static boolean headerless(DatasetManifest m) {
        for (DatasetManifest.FieldRule r : m.fields().values()) {
            List<String> cols = r.list() != null ? r.list() : r.from() != null ? List.of(r.from()) : List.of();
            for (String c : cols) {
                if (c.matches("\\d+")) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Raw(int index, int line, Map<String, Object> values) {
    }

    private static List<Raw> readRaw(Path path, DatasetManifest.DataFile file, boolean headerless) {
        try {
            return switch (file.format()) {
                case JSONL, JSONL_GZ -> readJsonLines(path);
                case JSON, JSON_GZ -> readJsonDocument(path, file.format() == DatasetManifest.Format.JSON_GZ, file.records());
                case CSV -> readCsv(path, headerless);
                case TSV -> readTsv(path, headerless);
                case TEXT -> readText(path);
            };
        } catch (CharacterCodingException e) {
            throw new ConfigException(path, 0, "not valid UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(path, 0, "cannot read: " + e.getMessage());
        }
    }

    /** A plain text file is one record, its whole content in the column {@code text} (a judge prompt, say). */
    private static List<Raw> readText(Path path) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Reader r = utf8(Files.newInputStream(path))) {
            char[] buf = new char[8192];
            for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
                b.append(buf, 0, n);
            }
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("text", b.toString());
        return List.of(new Raw(0, 1, rec));
    }

    private static BufferedReader utf8(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static List<Raw> readJsonLines(Path path) {
        List<Raw> out = new ArrayList<>();
        JsonLines.forEach(path, (line, node) -> out.add(new Raw(out.size(), line, toMap(node))));
        return out;
    }

    /**
     * A JSON array of records or, with {@code records}, a JSON object holding them in that member: its other scalar
     * members (a file-wide prompt, a type name) are then fields of every record that lacks them.
     */
    private static List<Raw> readJsonDocument(Path path, boolean gzipped, String records) throws IOException {
        JsonNode root;
        try (InputStream raw = Files.newInputStream(path);
             Reader r = utf8(gzipped ? new GZIPInputStream(raw) : raw)) {
            root = Json.MAPPER.readTree(r);
        } catch (JsonProcessingException e) {
            throw new ConfigException(path, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "not valid JSON: " + e.getOriginalMessage());
        } catch (ZipException e) {
            throw new ConfigException(path, 0, "not a gzip file: " + e.getMessage());
        }
        Map<String, Object> shared = new LinkedHashMap<>();
        JsonNode array = root;
        if (records != null) {
            if (root == null || !root.isObject() || !root.path(records).isArray()) {
                throw new ConfigException(path, 1, "expected a JSON object whose member '" + records + "' is an array of records");
            }
            array = root.get(records);
            root.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    shared.put(e.getKey(), e.getValue());
                }
            });
        } else if (root == null || !root.isArray()) {
            throw new ConfigException(path, 1, "expected a JSON array of records");
        }
        List<Raw> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isObject()) {
                throw new ConfigException(path, 1, "record " + out.size() + " is not a JSON object");
            }
            Map<String, Object> rec = toMap(n);
            shared.forEach(rec::putIfAbsent);
            out.add(new Raw(out.size(), 1, rec));
        }
        return out;
    }

    private static Map<String, Object> toMap(JsonNode node) {
        Map<String, Object> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static List<Raw> readCsv(Path path, boolean headerless) throws IOException {
        List<Raw> out = new ArrayList<>();
        try (Reader r = utf8(Files.newInputStream(path))) {
            skipBom(r);
            CSVFormat fmt = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
            try (CSVParser p = CSVParser.builder().setReader(r).setFormat(fmt).get()) {
                List<String> header = null;
                for (CSVRecord rec : p) {
                    if (!headerless && header == null) {
                        header = rec.toList();
                        continue;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < rec.size(); i++) {
                        m.put(headerless ? Integer.toString(i) : i < header.size() ? header.get(i) : Integer.toString(i), rec.get(i));
                    }
                    out.add(new Raw(out.size(), (int) rec.getRecordNumber(), m));
                }
            } catch (java.io.UncheckedIOException e) {
                throw new ConfigException(path, 0, "malformed CSV: " + e.getCause().getMessage());
            }
        }
        return out;
    }

    /** TSV as MGSM ships it: split on tabs only, no quoting. */
    private static List<Raw> readTsv(Path path, boolean headerless) throws IOException {
        List<Raw> out = new ArrayList<>();
        try (BufferedReader r = utf8(Files.newInputStream(path))) {
            skipBom(r);
            String line;
            int lineNo = 0;
            String[] header = null;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (!headerless && header == null) {
                    header = cols;
                    continue;
                }
                if (header != null && cols.length != header.length) {
                    throw new ConfigException(path, lineNo, "expected " + header.length + " tab-separated columns, found " + cols.length);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < cols.length; i++) {
                    m.put(header == null ? Integer.toString(i) : header[i], cols[i]);
                }
                out.add(new Raw(out.size(), lineNo, m));
            }
        }
        return out;
    }

    private static void skipBom(Reader r) throws IOException {
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
    }

    private static boolean selected(DatasetManifest.Selection s, Map<String, Object> rec, Path path, int line) {
        Object v = rec.get(s.field());
        String text = v instanceof JsonNode n ? n.asText() : v == null ? null : v.toString();
        if (text == null) {
            throw new ConfigException(path, line, "record has no field '" + s.field() + "' to select on");
        }
        try {
            long x = Long.parseLong(text.trim());
            return x >= s.min() && x <= s.max();
        } catch (NumberFormatException e) {
            throw new ConfigException(path, line, "field '" + s.field() + "' is not a whole number: " + text);
        }
    }

    private static Item map(DatasetManifest m, DatasetManifest.DataFile f, Map<String, Object> rec, int index, Path path, int line) {
        Map<String, Object> fields = new LinkedHashMap<>(f.tags());
        for (Map.Entry<String, DatasetManifest.FieldRule> e : m.fields().entrySet()) {
            fields.put(e.getKey(), apply(e.getKey(), e.getValue(), rec, f, index, path, line));
        }
        Object id = fields.get("id");
        if (id == null || id.toString().isBlank()) {
            throw new ConfigException(path, line, "record has an empty id");
        }
        return new Item(id.toString(), fields);
    }

    private static Object apply(String name, DatasetManifest.FieldRule rule, Map<String, Object> rec, DatasetManifest.DataFile f,
                                int index, Path path, int line) {
        if (rule.list() != null) {
            List<Object> values = new ArrayList<>();
            for (String col : rule.list()) {
                values.add(scalar(column(rec, col, name, path, line)));
            }
            return values;
        }
        Object raw;
        if (rule.template() != null) {
            raw = fill(rule.template(), rec, f, index, name, path, line);
        } else {
            Object v = column(rec, withTags(rule.from(), f), name, path, line);
            if ("raw".equals(rule.type())) {
                return v instanceof JsonNode n ? Json.MAPPER.convertValue(n, Object.class) : v;
            }
            raw = scalar(v);
        }
        String text = raw.toString();
        if (rule.regex() != null) {
            Matcher mt = Pattern.compile(rule.regex(), Pattern.DOTALL | Pattern.MULTILINE).matcher(text);
            if (!mt.find()) {
                throw new ConfigException(path, line, "field '" + name + "': value does not match /" + rule.regex() + "/");
            }
            text = (mt.groupCount() >= 1 && mt.group(1) != null ? mt.group(1) : mt.group()).trim();
        }
        if ("letter".equals(rule.type())) {
            // A 0-based answer index (JCommonsenseQA's label) as the option letter the prompt shows: 0 -> A.
            if (!text.trim().matches("\\d{1,2}") || Integer.parseInt(text.trim()) > 25) {
                throw new ConfigException(path, line, "field '" + name + "' should be a 0-based option index, got '" + text + "'");
            }
            return String.valueOf((char) ('A' + Integer.parseInt(text.trim())));
        }
        if ("int".equals(rule.type())) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(path, line, "field '" + name + "' should be a whole number, got '" + text + "'");
            }
        }
        return text;
    }

    /**
     * The value of column {@code col}; a {@code col} starting with {@code /} is a JSON Pointer into the record
     * ({@code /choices/0/turns/1}: FastChat's answer files nest each turn's text).
     */
    private static Object column(Map<String, Object> rec, String col, String field, Path path, int line) {
        if (col.startsWith("/")) {
            int slash = col.indexOf('/', 1);
            String head = slash < 0 ? col.substring(1) : col.substring(1, slash);
            Object top = rec.get(head);
            JsonNode v = top instanceof JsonNode n ? (slash < 0 ? n : n.at(col.substring(slash)))
                    : top != null && slash < 0 ? Json.MAPPER.valueToTree(top) : null;
            if (v == null || v.isMissingNode()) {
                throw new ConfigException(path, line, "field '" + field + "' maps from " + col + ", which this record lacks");
            }
            return v;
        }
        if (!rec.containsKey(col)) {
            throw new ConfigException(path, line, "field '" + field + "' maps from column '" + col + "', which this record lacks");
        }
        return rec.get(col);
    }

    private static Object scalar(Object v) {
        if (v instanceof JsonNode n) {
            return n.isValueNode() ? (n.isNull() ? "" : n.asText()) : n.toString();
        }
        return v == null ? "" : v;
    }

    /**
     * {@code text} with the file's tags put in place of their placeholders, and nothing else: a file's tags may name
     * the columns a field reads ({@code from: "{order}_judgment"}, {@code "{model_{first}}"}), so one data file listed
     * twice with different tags gives two readings of each record (a pairwise judgment in each order).
     */
    private static String withTags(String text, DatasetManifest.DataFile f) {
        if (f.tags().isEmpty() || text.indexOf('{') < 0) {
            return text;
        }
        Matcher mt = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (mt.find()) {
            String tag = f.tags().get(mt.group(1));
            mt.appendReplacement(b, Matcher.quoteReplacement(tag != null ? tag : mt.group()));
        }
        mt.appendTail(b);
        return b.toString();
    }

    private static String fill(String template, Map<String, Object> rec, DatasetManifest.DataFile f, int index, String field, Path path, int line) {
        Matcher mt = PLACEHOLDER.matcher(withTags(template, f));
        StringBuilder b = new StringBuilder();
        while (mt.find()) {
            String key = mt.group(1);
            Object v;
            if (key.equals("index")) {
                v = index;
            } else if (f.tags().containsKey(key)) {
                v = f.tags().get(key);
            } else {
                v = scalar(column(rec, key, field, path, line));
            }
            mt.appendReplacement(b, Matcher.quoteReplacement(v.toString()));
        }
        mt.appendTail(b);
        return b.toString();
    }
}
