package org.gapbench.score.math;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;

/**
 * ZeroEval's math rule (yuchenlin/ZeroEval {@code src/evaluation/math_eval.py}), re-implemented so that its published
 * GSM8K and MATH-level-5 accuracies can be reproduced to the hundredth: the answer is the {@code answer} field of the
 * first complete JSON object (else regex fallbacks, else the first {@code \boxed{}}), and it is correct when its FIRST
 * number equals the gold's first number. That rule is lenient on purpose ({@code 6√2} matches {@code 6}); use the
 * {@code math} scorer for gapbench's own verdicts. Differences from upstream: no {@code eval} (a tiny arithmetic
 * evaluator replaces it) and the boxed fallback, which upstream applies only to files of Llama-3.1 models, is the
 * option {@code boxed_fallback} (default off; it changes no GSM8K verdict of the recorded models, but 4 MATH-L5 ones).
 */
public final class ZeroEvalScorer implements Scorer {
    // Python's json.loads accepts NaN and Infinity; everything else it rejects, Jackson rejects too.
    private static final ObjectMapper PYTHON_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Pattern QUOTED = Pattern.compile("\"answer\"\\s*:\\s*\"([^\"]*?)\"");
    private static final Pattern QUOTED_BROKEN = Pattern.compile("(?s)\"answer\"\\s*:\\s*\"(.*?)\"");
    private static final Pattern UNQUOTED = Pattern.compile("\"answer\"\\s*:\\s*([^,\\s]*)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern BARE_KEY = Pattern.compile("answer\\s*:\\s*([^,\\s]*)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([\\w\\d]+)}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern FIRST_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?", Pattern.UNICODE_CHARACTER_CLASS);

    /** @param boxedFallback read the first {@code \boxed{}} when no JSON answer is found (upstream: Llama-3.1 files only) */
    public record Options(String goldField, boolean boxedFallback) {
        public static final Options DEFAULT = new Options("answer", false);
    }

    public static final ScorerFamily<Options> FAMILY = ScorerFamily.of("zeroeval",
            o -> new Options(o.field("gold_field", "answer"), o.flag("boxed_fallback", false)), (o, context) -> new ZeroEvalScorer(o));

    private final String goldField;
    private final boolean boxedFallback;

    public ZeroEvalScorer(Options o) {
        this.goldField = o.goldField();
        this.boxedFallback = o.boxedFallback();
    }

    /** The answer ZeroEval extracts, with the step that found it; null when it finds none ("No answer"). */
    record Extraction(String answer, String step) {
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String goldRaw = item.text(goldField).replace("#", "").strip();
        String gold = sanitize(goldRaw);
        Extraction e = extract(output.text(), boxedFallback);
        if (e == null) {
            return new Score(0, null, null, gold, "no-answer", Map.of("scorer", "zeroeval"));
        }
        String sanitized = sanitize(e.answer());
        String answerNumber = firstNumber(sanitized);
        String goldNumber = firstNumber(gold);
        boolean correct = answerNumber != null && goldNumber != null && toDouble(answerNumber) == toDouble(goldNumber);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extraction", e.step());
        details.put("answer_first_number", answerNumber);
        details.put("gold_first_number", goldNumber);
        String rule = e.step() + (correct ? ":first-number-equal" : ":first-number-differs");
        return new Score(correct ? 1 : 0, e.answer(), sanitized, gold, rule, details);
    }

    private static String firstNumber(String s) {
        Matcher m = FIRST_NUMBER.matcher(s);
        return m.find() ? m.group() : null;
    }

    private static double toDouble(String number) {
        return Double.parseDouble(UnicodeDigits.toAscii(number));
    }

    static Extraction extract(String s, boolean boxedFallback) {
        JsonNode first = firstCompleteJson(s);
        if (first != null && first.has("answer")) {
            return new Extraction(pythonStr(first.get("answer")), "json");
        }
        String regex = regexAnswer(s);
        if (regex != null) {
            return new Extraction(regex, "json-regex");
        }
        if (boxedFallback && s.contains("boxed")) {
            Matcher m = BOXED.matcher(s);
            if (m.find()) {
                // Upstream stores the dict {"answer": x} as the answer and later calls str() on it; the first
                // number of "{'answer': 'x'}" is the first number of x, so x alone gives the same verdict.
                return new Extraction(m.group(1), "boxed");
            }
        }
        return null;
    }

    /** Upstream's extract_first_complete_json: the first brace-balanced block, parsed after removing newlines. */
    private static JsonNode firstCompleteJson(String s) {
        int depth = 0;
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && depth > 0 && --depth == 0) {
                try {
                    JsonNode n = PYTHON_JSON.readTree(s.substring(start, i + 1).replace("\n", ""));
                    return n != null && n.isObject() ? n : null;
                } catch (java.io.IOException | RuntimeException e) {
                    return null; // upstream: JSONDecodeError -> None, no further blocks tried
                }
            }
        }
        return null;
    }

    /** Upstream's extract_values_from_json(..., allow_no_quotes=True) for the key "answer". */
    private static String regexAnswer(String s) {
        for (Pattern p : new Pattern[] {QUOTED, QUOTED_BROKEN, UNQUOTED, BARE_KEY}) {
            Matcher m = p.matcher(s);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** ZeroEval's sanitize_math_answers: drop $ and commas; a string with a slash becomes str(float(eval(s))). */
    static String sanitize(String answer) {
        String s = answer.replace("$", "").strip().replace(",", "");
        if (s.indexOf('/') >= 0) {
            Double v = PythonArithmetic.evaluate(s);
            if (v != null) {
                return pythonFloatRepr(v);
            }
        }
        return s;
    }

    /** Python's str() of a JSON value as json.loads returns it. */
    private static String pythonStr(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isFloatingPointNumber()) {
            return pythonFloatRepr(n.doubleValue());
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "True" : "False";
        }
        if (n.isNull()) {
            return "None";
        }
        return n.toString(); // ints print alike; for lists and objects only the first number matters
    }

    /** Python's repr of a float: plain notation from 1e-4 up to 1e16, scientific outside, always with a dot or exponent. */
    static String pythonFloatRepr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(v);
        BigDecimal d = new BigDecimal(Double.toString(v));
        if (v == 0 || (abs >= 1e-4 && abs < 1e16)) {
            String plain = d.stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        BigDecimal unscaled = d.stripTrailingZeros();
        int exponent = unscaled.precision() - unscaled.scale() - 1;
        String mantissa = unscaled.movePointLeft(exponent).toPlainString();
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
