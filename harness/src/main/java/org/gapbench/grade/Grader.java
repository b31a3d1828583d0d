package org.gapbench.grade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.stats.Interval;
import org.gapbench.stats.Wilson;
import org.gapbench.suite.ScorerConfig;
import org.gapbench.suite.SuiteSpec;

/**
 * Grades answers produced anywhere (another harness's logs, a spreadsheet, a paper's released generations) with any
 * gapbench scorer, and no model call. Input is JSON Lines, one answer per line: {@code id}, {@code response},
 * {@code gold}, and optionally {@code scorer}, {@code answer_kind}, {@code suite}, {@code finish_reason}. Output is
 * one JSON line per answer: {@code id}, {@code correct}, {@code value}, {@code answer}, {@code normalized},
 * {@code gold_normalized}, {@code rule} (or {@code error} when the scorer failed on it).
 *
 * <p>A line without a suite is graded by the named scorer (default {@code math}) against its {@code gold}; a line with
 * a suite is graded by the suite's scorer against the suite's item of that id (so code suites get their tests), its
 * {@code gold}, when given, replacing the item's. Lines are read and written one at a time: memory stays flat
 * whatever the length of the input (scorers and suites' items are kept, one each).
 */
public final class Grader {
    /** Where the suites a line may name, and their items, come from. */
    public interface Suites {
        SuiteSpec suite(String id);

        List<Item> items(SuiteSpec suite);
    }

    /**
     * What a line does not say for itself.
     *
     * @param scorer     the scorer family of lines that name neither scorer nor suite ({@code math} when null)
     * @param answerKind the math scorer's {@code answer_kind} (its default when null)
     * @param suite      the suite of lines that name none (null: none)
     * @param language   the scorer's {@code expect_language} (null: none)
     */
    public record Defaults(String scorer, String answerKind, String suite, String language) {
    }

    /**
     * The counts of a grading and the accuracy (share of graded answers with a score of 1) with its 95% Wilson
     * interval; errors are counted apart, never as wrong answers.
     */
    public record Tally(long lines, long graded, long correct, long noAnswer, long truncated, long errors, Interval accuracy) {
    }

    /** A scorer bound for one kind of line, and the item field its gold goes into. */
    private record Bound(Scorer scorer, String goldField, Map<String, Item> items) {
    }

    private record Key(String scorer, String answerKind, String suite, String language) {
    }

    private static final String GOLD = "gold";

    private final Defaults defaults;
    private final Suites suites;
    private final ScoringContext context;
    private final Map<Key, Bound> bound = new HashMap<>();

    public Grader(Defaults defaults, Suites suites, ScoringContext context) {
        this.defaults = defaults;
        this.suites = suites;
        this.context = context;
    }

    /**
     * Grades every line of {@code in} into {@code out}. A line that is not a grading request stops it with a
     * {@link ConfigException} naming {@code source} and the line.
     */
    public Tally grade(InputStream input, Path source, Writer out) throws IOException {
        Lines in = new Lines(input instanceof BufferedInputStream b ? b : new BufferedInputStream(input, 1 << 16), source);
        long lines = 0;
        long graded = 0;
        long correct = 0;
        long noAnswer = 0;
        long truncated = 0;
        long errors = 0;
        String line;
        int lineNo = 0;
        while ((line = in.next(lineNo + 1)) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            lines++;
            JsonNode request = parse(line, source, lineNo);
            String id = required(request, "id", source, lineNo);
            ModelOutput output = new ModelOutput(text(request, "response", source, lineNo), optional(request, "reasoning"),
                    optional(request, "finish_reason"));
            Bound b = bind(request, source, lineNo);
            Item item = item(b, given(request, id, source, lineNo), id, source, lineNo);
            ObjectNode result = Json.MAPPER.createObjectNode().put("id", id);
            try {
                Score s = b.scorer().score(item, output);
                graded++;
                correct += s.isCorrect() ? 1 : 0;
                noAnswer += s.answer() == null ? 1 : 0;
                truncated += output.truncated() ? 1 : 0;
                result.put("correct", s.isCorrect()).put("value", s.value()).put("answer", s.answer()).put("normalized", s.normalized())
                        .put("gold_normalized", s.gold()).put("rule", s.rule());
            } catch (RuntimeException e) { // a scorer that cannot score this line (a judge scorer has no judge here)
                errors++;
                result.put("error", "scorer_failed: " + e.getMessage());
            }
            out.write(Json.write(result));
            out.write('\n');
        }
        Interval accuracy = graded == 0 ? new Interval(Double.NaN, Double.NaN, Double.NaN) : Wilson.interval((double) correct / graded, graded);
        return new Tally(lines, graded, correct, noAnswer, truncated, errors, accuracy);
    }

    /**
     * Lines of strict UTF-8, decoded one at a time so that a bad byte is reported on its own line (a reader that
     * decodes ahead would blame the line it was filling), and no longer than {@value #MAX_LINE} bytes.
     */
    private static final class Lines {
        private static final int MAX_LINE = 64 << 20;
        private final InputStream in;
        private final Path source;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Lines(InputStream in, Path source) {
            this.in = in;
            this.source = source;
        }

        /** The next line without its end, or null at the end of the input. */
        String next(int lineNo) throws IOException {
            bytes.reset();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (bytes.size() >= MAX_LINE) {
                    throw new ConfigException(source, lineNo, "a line longer than " + (MAX_LINE >> 20) + " MB");
                }
                bytes.write(b);
            }
            if (b < 0 && bytes.size() == 0) {
                return null;
            }
            try {
                String line = utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            } catch (CharacterCodingException e) {
                throw new ConfigException(source, lineNo, "not valid UTF-8 text");
            }
        }
    }

    private static JsonNode parse(String line, Path source, int lineNo) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, lineNo, "not a JSON record: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException(source, lineNo, "expected a JSON object per line ({\"id\", \"response\", \"gold\"})");
        }
        return node;
    }

    /** What the line says of its item: its id and, when given, its gold (an item of a suite is looked up later). */
    private static Item given(JsonNode request, String id, Path source, int lineNo) {
        JsonNode gold = request.get(GOLD);
        if (gold != null && !gold.isNull() && !gold.isValueNode()) {
            throw new ConfigException(source, lineNo, "'gold' must be a string or a number");
        }
        return gold == null || gold.isNull() ? null : new Item(id, Map.of(GOLD, gold.asText()));
    }

    /** The item the scorer sees: the suite's item (its gold replaced when the line gives one), else the line's gold. */
    private static Item item(Bound b, Item given, String id, Path source, int lineNo) {
        String gold = given == null ? null : given.text(GOLD);
        if (b.items() == null) {
            if (gold == null) {
                throw new ConfigException(source, lineNo, "no 'gold' (a line needs its gold, or a suite whose item it answers)");
            }
            return new Item(id, Map.of(b.goldField(), gold));
        }
        Item item = b.items().get(id);
        if (item == null) {
            throw new ConfigException(source, lineNo, "the suite has no item '" + id + "'");
        }
        if (gold == null) {
            return item;
        }
        Map<String, Object> fields = new LinkedHashMap<>(item.fields());
        fields.put(b.goldField(), gold);
        return new Item(id, fields);
    }

    private Bound bind(JsonNode request, Path source, int lineNo) {
        String suite = optional(request, "suite", defaults.suite());
        String scorer = optional(request, "scorer", suite == null ? (defaults.scorer() == null ? "math" : defaults.scorer()) : null);
        Key key = new Key(scorer, optional(request, "answer_kind", defaults.answerKind()), suite, defaults.language());
        Bound b = bound.get(key);
        if (b == null) {
            try {
                b = suite != null ? suiteScorer(key) : namedScorer(key);
            } catch (ConfigException e) {
                throw new ConfigException(source, lineNo, e.oneLine());
            }
            bound.put(key, b);
        }
        return b;
    }

    private Bound namedScorer(Key key) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("gold_field", GOLD);
        if (key.answerKind() != null) {
            options.put("answer_kind", key.answerKind());
        }
        if (key.language() != null) {
            options.put("expect_language", key.language());
        }
        try {
            return new Bound(ScoringPlan.scorer(new ScorerConfig(key.scorer(), options), context), GOLD, null);
        } catch (ConfigException e) {
            String hint = e.getMessage().contains("gold_field") ? " (this scorer grades a suite's items: name the suite)" : "";
            throw new ConfigException("scorer '" + key.scorer() + "': " + e.getMessage() + hint);
        }
    }

    private Bound suiteScorer(Key key) {
        if (key.scorer() != null || key.answerKind() != null) {
            throw new ConfigException("a line that names a suite is graded by the suite's scorer: leave out 'scorer' and 'answer_kind'");
        }
        SuiteSpec suite = suites.suite(key.suite());
        Scorer scorer = ScoringPlan.of(suite).scorer(context);
        Object goldField = suite.scorer().options().get("gold_field");
        Map<String, Item> items = new HashMap<>();
        for (Item i : suites.items(suite)) {
            items.put(i.id(), i);
        }
        return new Bound(scorer, goldField == null ? "answer" : goldField.toString(), items);
    }

    private static String required(JsonNode request, String field, Path source, int lineNo) {
        JsonNode v = request.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
            throw new ConfigException(source, lineNo, "no '" + field + "' (each line needs \"id\", \"response\" and \"gold\")");
        }
        return v.asText();
    }

    private static String text(JsonNode request, String field, Path source, int lineNo) {
        JsonNode v = request.get(field);
        if (v == null) {
            throw new ConfigException(source, lineNo, "no '" + field + "' (each line needs \"id\", \"response\" and \"gold\")");
        }
        if (!v.isNull() && !v.isTextual()) {
            throw new ConfigException(source, lineNo, "'" + field + "' must be a string");
        }
        return v.isNull() ? null : v.asText();
    }

    private static String optional(JsonNode request, String field) {
        return optional(request, field, null);
    }

    private static String optional(JsonNode request, String field, String fallback) {
        JsonNode v = request.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
