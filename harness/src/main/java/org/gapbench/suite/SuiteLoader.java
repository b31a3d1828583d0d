package org.gapbench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.MustacheException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.config.ConfigFiles;
import org.gapbench.config.LocatedYaml;
import org.gapbench.io.Json;
import org.gapbench.model.GenerationParams;

/**
 * Reads suite files ({@code suites/<id>.yaml}) and checks their form, reporting problems as {@code file:line: message}.
 * What the scorer and metrics named mean is checked when the suite is bound to its scorer ({@code score.registry}).
 */
public final class SuiteLoader {
    private static final Set<String> TOP_KEYS = Set.of("id", "version", "title", "description", "language", "tags", "dataset",
            "split", "prompt", "oracle", "scorer", "metrics", "breakdown_by", "cluster_by", "generation", "samples", "notes");
    private static final Set<String> GENERATION_KEYS = Set.of("temperature", "max_tokens", "top_p", "seed");

    private SuiteLoader() {
    }

    public static SuiteSpec load(Path file) {
        LocatedYaml y = LocatedYaml.read(file);
        JsonNode root = y.root();
        y.rejectUnknownKeys(root, "", TOP_KEYS);
        String id = y.requireText(root, "", "id");
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw y.error("/id", "suite id must be lower-case letters, digits, '.', '_' or '-': " + id);
        }
        String version = y.requireText(root, "", "version");
        String dataset = y.requireText(root, "", "dataset");

        JsonNode promptNode = root.get("prompt");
        if (promptNode == null || !promptNode.isObject()) {
            throw y.error("/prompt", "missing 'prompt' with a 'user' template");
        }
        y.rejectUnknownKeys(promptNode, "/prompt", Set.of("system", "user", "then"));
        List<String> then = new ArrayList<>();
        JsonNode thenNode = promptNode.get("then");
        if (thenNode != null) {
            if (!thenNode.isArray() || thenNode.isEmpty()) {
                throw y.error("/prompt/then", "'then' must list the later user turns' templates");
            }
            for (int i = 0; i < thenNode.size(); i++) {
                if (!thenNode.get(i).isTextual() || thenNode.get(i).asText().isBlank()) {
                    throw y.error("/prompt/then/" + i, "each turn in 'then' must be a template text");
                }
                then.add(thenNode.get(i).asText());
            }
        }
        PromptTemplate prompt;
        try {
            prompt = new PromptTemplate(y.optText(promptNode, "system", null), y.requireText(promptNode, "/prompt", "user"), then);
        } catch (MustacheException e) {
            throw y.error("/prompt", "bad template: " + e.getMessage());
        }
        String oracle = y.requireText(root, "", "oracle");

        JsonNode scorerNode = root.get("scorer");
        if (scorerNode == null || !scorerNode.isObject()) {
            throw y.error("/scorer", "missing 'scorer' block with a 'name'");
        }
        String scorerName = y.requireText(scorerNode, "/scorer", "name");
        Map<String, Object> options = new TreeMap<>();
        scorerNode.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("name")) {
                options.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
            }
        });

        List<String> metrics = strings(y, root, "metrics", List.of("accuracy"));
        GenerationParams generation = GenerationParams.DEFAULT;
        JsonNode g = root.get("generation");
        if (g != null) {
            y.rejectUnknownKeys(g, "/generation", GENERATION_KEYS);
            generation = generation.overriddenBy(new GenerationParams(
                    number(y, g, "temperature", 0, 2) == null ? null : g.get("temperature").asDouble(),
                    number(y, g, "max_tokens", 1, 1_000_000) == null ? null : g.get("max_tokens").asInt(),
                    number(y, g, "top_p", 0, 1) == null ? null : g.get("top_p").asDouble(),
                    number(y, g, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE) == null ? null : g.get("seed").asInt()));
        }
        int samples = 1;
        if (root.has("samples")) {
            JsonNode s = root.get("samples");
            if (!s.canConvertToInt() || s.asInt() < 1) {
                throw y.error("/samples", "'samples' must be a whole number of at least 1");
            }
            samples = s.asInt();
        }
        return new SuiteSpec(file, id, version, y.optText(root, "title", id), y.optText(root, "description", ""),
                y.optText(root, "language", "en"), strings(y, root, "tags", List.of()), dataset, y.optText(root, "split", null),
                prompt, oracle, new ScorerConfig(scorerName, options, y.sourceLines(), "/scorer"), metrics,
                strings(y, root, "breakdown_by", List.of()), y.optText(root, "cluster_by", null), generation, samples, y.sourceLines());
    }

    private static Double number(LocatedYaml y, JsonNode node, String key, double min, double max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw y.error("/generation/" + key, "'" + key + "' must be a number between " + fmt(min) + " and " + fmt(max));
        }
        return v.asDouble();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<String> strings(LocatedYaml y, JsonNode root, String key, List<String> fallback) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw y.error("/" + key, "'" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        v.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /** Every suite under {@code dir}, keyed by id; two files with one id are an error. */
    public static Map<String, SuiteSpec> loadAll(Path dir) {
        Map<String, SuiteSpec> out = new TreeMap<>();
        for (Path f : ConfigFiles.yamlFiles(dir)) {
            SuiteSpec s = load(f);
            SuiteSpec prev = out.put(s.id(), s);
            if (prev != null) {
                throw new ConfigException(f, 1, "suite id '" + s.id() + "' is also defined in " + prev.source());
            }
        }
        return out;
    }
}
