package org.gapbench.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.gapbench.config.ConfigException;
import org.gapbench.config.LocatedYaml;

/** Reads and checks dataset manifests ({@code datasets/<id>.yaml}); every problem is reported as {@code file:line}. */
public final class ManifestLoader {
    private static final Set<String> TOP_KEYS = Set.of("id", "version", "title", "license", "commercial_use", "source_url",
            "citation", "notes", "files", "fields", "select", "corrections", "duplicates");
    private static final Set<String> CORRECTION_KEYS = Set.of("id", "field", "was", "value", "source");
    private static final Set<String> FILE_KEYS = Set.of("path", "sha256", "format", "url", "split", "tags", "records");
    private static final Set<String> RULE_KEYS = Set.of("from", "template", "regex", "list", "type");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ManifestLoader() {
    }

    public static DatasetManifest load(Path file) {
        LocatedYaml y = LocatedYaml.read(file);
        JsonNode root = y.root();
        y.rejectUnknownKeys(root, "", TOP_KEYS);
        String id = y.requireText(root, "", "id");
        String version = y.requireText(root, "", "version");
        String license = y.requireText(root, "", "license");
        JsonNode commercial = root.get("commercial_use");
        if (commercial == null || !commercial.isBoolean()) {
            throw y.error("/commercial_use", "'commercial_use' must be true or false (say whether the licence allows commercial use)");
        }

        JsonNode filesNode = root.get("files");
        if (filesNode == null || !filesNode.isArray() || filesNode.isEmpty()) {
            throw y.error("/files", "'files' must list at least one file with path and sha256");
        }
        List<DatasetManifest.DataFile> files = new ArrayList<>();
        for (int i = 0; i < filesNode.size(); i++) {
            files.add(readFile(y, filesNode.get(i), "/files/" + i));
        }

        JsonNode fieldsNode = root.get("fields");
        if (fieldsNode == null || !fieldsNode.isObject() || !fieldsNode.has("id")) {
            throw y.error("/fields", "'fields' must map output fields to columns and include 'id'");
        }
        Map<String, DatasetManifest.FieldRule> fields = new LinkedHashMap<>();
        fieldsNode.fields().forEachRemaining(e -> fields.put(e.getKey(), readRule(y, e.getValue(), "/fields/" + e.getKey())));

        DatasetManifest.Selection select = null;
        JsonNode sel = root.get("select");
        if (sel != null) {
            y.rejectUnknownKeys(sel, "/select", Set.of("field", "min", "max"));
            if (!sel.path("min").canConvertToLong() || !sel.path("max").canConvertToLong()) {
                throw y.error("/select", "'select' needs whole numbers 'min' and 'max'");
            }
            select = new DatasetManifest.Selection(y.requireText(sel, "/select", "field"), sel.get("min").asLong(), sel.get("max").asLong());
        }
        List<DatasetManifest.Correction> corrections = new ArrayList<>();
        JsonNode fixes = root.get("corrections");
        if (fixes != null && !fixes.isArray()) {
            throw y.error("/corrections", "'corrections' must be a list of {id, field, was, value, source}");
        }
        for (int i = 0; fixes != null && i < fixes.size(); i++) {
            corrections.add(readCorrection(y, fixes.get(i), "/corrections/" + i, fields.keySet()));
        }
        String duplicates = y.optText(root, "duplicates", "error");
        if (!duplicates.equals("error") && !duplicates.equals("first")) {
            throw y.error("/duplicates", "'duplicates' must be 'error' (the default) or 'first' (keep the first record of an id)");
        }
        return new DatasetManifest(file, id, version, y.optText(root, "title", id), license, commercial.asBoolean(),
                y.optText(root, "source_url", null), y.optText(root, "citation", null), List.copyOf(files), fields, select, corrections,
                duplicates.equals("first"));
    }

    private static DatasetManifest.Correction readCorrection(LocatedYaml y, JsonNode node, String ptr, Set<String> fields) {
        y.rejectUnknownKeys(node, ptr, CORRECTION_KEYS);
        String field = y.requireText(node, ptr, "field");
        if (!fields.contains(field)) {
            throw y.error(ptr + "/field", "a correction of '" + field + "', which is not a field of this dataset (fields: " + fields + ")");
        }
        String source = y.requireText(node, ptr, "source");
        if (source.isBlank()) {
            throw y.error(ptr + "/source", "a correction needs its 'source': why the data is wrong and where the right value comes from");
        }
        return new DatasetManifest.Correction(y.requireText(node, ptr, "id"), field, y.requireText(node, ptr, "was"),
                y.requireText(node, ptr, "value"), source, y.lineOf(ptr));
    }

    private static DatasetManifest.DataFile readFile(LocatedYaml y, JsonNode node, String ptr) {
        y.rejectUnknownKeys(node, ptr, FILE_KEYS);
        String path = y.requireText(node, ptr, "path");
        if (path.startsWith("/") || path.contains("..")) {
            throw y.error(ptr + "/path", "file path must be relative to the data directory and stay inside it: " + path);
        }
        String sha = y.requireText(node, ptr, "sha256").toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw y.error(ptr + "/sha256", "sha256 must be 64 hex digits, got '" + sha + "'");
        }
        DatasetManifest.Format format;
        try {
            format = DatasetManifest.Format.parse(y.optText(node, "format", guessFormat(path)));
        } catch (IllegalArgumentException e) {
            throw y.error(ptr + "/format", e.getMessage());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = node.get("tags");
        if (t != null) {
            if (!t.isObject()) {
                throw y.error(ptr + "/tags", "'tags' must be a mapping of names to values");
            }
            t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        String records = y.optText(node, "records", null);
        if (records != null && !format.isJson()) {
            throw y.error(ptr + "/records", "'records' names the member holding the records of a JSON document; " + path + " is " + format);
        }
        return new DatasetManifest.DataFile(path, sha, format, y.optText(node, "url", null), y.optText(node, "split", null),
                Map.copyOf(tags), records, y.lineOf(ptr + "/sha256"));
    }

    private static String guessFormat(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        if (p.endsWith(".jsonl.gz") || p.endsWith(".json.gz")) {
            return p.substring(p.lastIndexOf(".json") + 1);
        }
        int dot = p.lastIndexOf('.');
        return dot < 0 ? "" : p.substring(dot + 1);
    }

    private static DatasetManifest.FieldRule readRule(LocatedYaml y, JsonNode node, String ptr) {
        if (node.isTextual() || node.isNumber()) {
            return new DatasetManifest.FieldRule(node.asText(), null, null, null, "string");
        }
        if (node.isArray()) {
            List<String> cols = new ArrayList<>();
            node.forEach(n -> cols.add(n.asText()));
            return new DatasetManifest.FieldRule(null, null, null, List.copyOf(cols), "string");
        }
        y.rejectUnknownKeys(node, ptr, RULE_KEYS);
        String from = y.optText(node, "from", null);
        String template = y.optText(node, "template", null);
        List<String> list = null;
        if (node.has("list")) {
            list = new ArrayList<>();
            for (JsonNode n : node.get("list")) {
                list.add(n.asText());
            }
        }
        int sources = (from != null ? 1 : 0) + (template != null ? 1 : 0) + (list != null ? 1 : 0);
        if (sources != 1) {
            throw y.error(ptr, "a field needs exactly one of 'from', 'template' or 'list'");
        }
        String regex = y.optText(node, "regex", null);
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw y.error(ptr + "/regex", "bad regular expression: " + e.getDescription());
            }
        }
        String type = y.optText(node, "type", "string");
        if (!Set.of("string", "int", "raw", "letter").contains(type)) {
            throw y.error(ptr + "/type", "type must be string, int, raw or letter");
        }
        return new DatasetManifest.FieldRule(from, template, regex, list, type);
    }

    /** Loads every {@code *.yaml} manifest in a directory, keyed by id; duplicate ids are an error. */
    public static Map<String, DatasetManifest> loadAll(Path dir) {
        Map<String, DatasetManifest> out = new java.util.TreeMap<>();
        for (Path f : org.gapbench.config.ConfigFiles.yamlFiles(dir)) {
            DatasetManifest m = load(f);
            DatasetManifest prev = out.put(m.id(), m);
            if (prev != null) {
                throw new ConfigException(f, 1, "dataset id '" + m.id() + "' is also defined in " + prev.source());
            }
        }
        return out;
    }
}
