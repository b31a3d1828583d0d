package org.gapbench.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A YAML document parsed into a Jackson tree that remembers the line of every value, so that a semantic
 * problem found later ("unknown scorer 'mathh'") can still be reported as {@code file:line}.
 * Paths are JSON pointers ({@code /scorer/name}, {@code /files/0/sha256}).
 */
public final class LocatedYaml {
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedYaml(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    public static LocatedYaml read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static LocatedYaml parse(Path file, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException(file, 1, "the file is empty");
            }
            JsonNode root = readValue(p, "", lines);
            if (p.nextToken() != null) {
                throw new ConfigException(file, line(p.currentLocation()), "more than one YAML document in the file");
            }
            return new LocatedYaml(file, root, lines);
        } catch (ConfigException e) {
            throw e.file() == null ? new ConfigException(file, e.line(), e.getMessage()) : e;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode readValue(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        lines.put(path, line(p.currentTokenLocation()));
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode node = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path + "/" + name.replace("~", "~0").replace("/", "~1");
                    int keyLine = line(p.currentTokenLocation());
                    if (node.has(name)) {
                        throw new ConfigException(null, keyLine, "duplicate key '" + name + "'");
                    }
                    p.nextToken();
                    node.set(name, readValue(p, child, lines));
                    lines.put(child, keyLine);
                }
                return node;
            }
            case START_ARRAY: {
                ArrayNode node = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    node.add(readValue(p, path + "/" + i++, lines));
                }
                return node;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT: {
                // "0042" or an all-digit hash would lose its leading zeros as a number: keep such values as text.
                String raw = p.getText();
                return raw.length() > 1 && raw.startsWith("0") ? f.textNode(raw) : f.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw new ConfigException(null, line(p.currentTokenLocation()), "unexpected YAML token " + p.currentToken());
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The line of the value at {@code pointer}, or of its nearest ancestor that was seen. */
    public int lineOf(String pointer) {
        return sourceLines().lineOf(pointer);
    }

    /** The lines of every value, to report problems found after parsing. */
    public SourceLines sourceLines() {
        return new SourceLines(file, lines);
    }

    public ConfigException error(String pointer, String message) {
        return new ConfigException(file, lineOf(pointer), message);
    }

    /** Reads a required text field. */
    public String requireText(JsonNode node, String pointer, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error(pointer, "missing required field '" + field + "'");
        }
        if (!v.isValueNode()) {
            throw error(pointer + "/" + field, "'" + field + "' must be a plain value");
        }
        return v.asText();
    }

    public String optText(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    /** Complains about keys the reader does not know, naming the offending line: typos must not pass silently. */
    public void rejectUnknownKeys(JsonNode node, String pointer, java.util.Set<String> known) {
        if (!node.isObject()) {
            throw error(pointer, "expected a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(pointer + "/" + key, "unknown key '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }
}
