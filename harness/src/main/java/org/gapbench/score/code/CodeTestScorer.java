package org.gapbench.score.code;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Limits;
import org.gapbench.sandbox.Sandbox;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerConfig;
import org.gapbench.score.ScoringEnvironment;
import org.gapbench.suite.PromptTemplate;

/**
 * Scores generated code by running the item's tests on it in the sandbox. The rule is the {@link Outcome}
 * (passed, assertion-failed, compile-error, runtime-error, timeout, memory-limit, output-limit, no-code); the
 * details carry the exit status, wall time, the calibrated timeout and the tail of stderr.
 *
 * <p>Options: {@code entry_point_field}, {@code reference} (Mustache template of the canonical answer, used
 * to calibrate the timeout), {@code timeout_factor} (10), {@code timeout_floor_s}, {@code timeout_ceiling_s}
 * (30), plus the language harness's own.
 */
public final class CodeTestScorer implements Scorer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ANSWER_KEPT = 4000;

    private final TestHarness harness;
    private final Sandbox sandbox;
    private final String entryPointField;
    private final String reference;
    private final TimeoutCalibration calibration;

    CodeTestScorer(TestHarness harness, Sandbox sandbox, ScorerConfig c, double defaultFloorSeconds) {
        this.harness = harness;
        this.sandbox = sandbox;
        this.entryPointField = c.string("entry_point_field", null);
        this.reference = c.string("reference", null);
        if (reference == null) {
            throw new IllegalArgumentException("scorer " + c.name() + " needs 'reference': a template of the canonical answer, to calibrate timeouts");
        }
        this.calibration = new TimeoutCalibration(c.number("timeout_factor", 10),
                seconds(c.number("timeout_floor_s", defaultFloorSeconds)), seconds(c.number("timeout_ceiling_s", 30)));
    }

    /** {@code python-tests}: options {@code prompt_field}, {@code setup}, {@code tests} (Mustache templates). */
    public static CodeTestScorer python(ScorerConfig c, ScoringEnvironment env) {
        return new CodeTestScorer(new PythonHarness(c.string("prompt_field", null), c.string("entry_point_field", null),
                c.string("setup", ""), required(c, "tests")),
                Sandbox.create(env.unsafeNoSandbox(), env.executionSlots()), c, 3);
    }

    /** {@code java-tests}: options {@code prompt_field}, {@code tests} (Mustache template of the Main class). */
    public static CodeTestScorer java(ScorerConfig c, ScoringEnvironment env) {
        return new CodeTestScorer(new JavaHarness(required(c, "prompt_field"), c.string("entry_point_field", null), required(c, "tests")),
                Sandbox.create(env.unsafeNoSandbox(), env.executionSlots()), c, 5);
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String entryPoint = entryPointField == null ? null : item.text(entryPointField);
        CodeExtractor.Extracted code = CodeExtractor.extract(output.text(), harness.language(), entryPoint);
        if (code == null) {
            return new Score(0, null, null, null, Outcome.NO_CODE.label, Map.of("extraction", "no code found in the answer"));
        }
        String referenceCode = referenceCode(item, entryPoint);
        TimeoutCalibration.Calibrated cal;
        Verdict verdict;
        if (code.code().equals(referenceCode)) {
            verdict = execute(item, code.code(), calibration.ceiling());
            cal = calibration.record(item.id(), verdict);
        } else {
            cal = calibration.forItem(item.id(), () -> execute(item, referenceCode, calibration.ceiling()));
            verdict = execute(item, code.code(), Duration.ofMillis(cal.timeoutMillis()));
        }
        // the verdict's own timeout wins: the reference run itself was allowed the ceiling
        Map<String, Object> details = new LinkedHashMap<>(cal.details());
        details.putAll(verdict.details());
        details.put("extraction", code.source().name().toLowerCase(java.util.Locale.ROOT));
        details.put("sandbox", sandbox.describe());
        String answer = code.code().length() <= ANSWER_KEPT ? code.code() : code.code().substring(0, ANSWER_KEPT) + "\n...";
        return new Score(verdict.outcome() == Outcome.PASSED ? 1 : 0, answer, null, "all tests pass", verdict.outcome().label, details);
    }

    private String referenceCode(Item item, String entryPoint) {
        CodeExtractor.Extracted r = CodeExtractor.extract(PromptTemplate.renderText(reference, item), harness.language(), entryPoint);
        return r == null ? "" : r.code();
    }

    private Verdict execute(Item item, String code, Duration wall) {
        Limits limits = harness.limits(wall);
        String nonce = HexFormat.of().formatHex(nonceBytes());
        TestHarness.Prepared p = harness.prepare(item, code, nonce, limits);
        if (p.verdict() != null) {
            Map<String, Object> d = new LinkedHashMap<>(p.verdict().details());
            d.put("timeout_ms", wall.toMillis());
            return new Verdict(p.verdict().outcome(), d);
        }
        return Verdict.of(sandbox.run(p.job()), nonce, wall.toMillis(), limits.cpuSeconds());
    }

    private static byte[] nonceBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String required(ScorerConfig c, String key) {
        String v = c.string(key, null);
        if (v == null) {
            throw new IllegalArgumentException("scorer " + c.name() + " needs option '" + key + "'");
        }
        return v;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
