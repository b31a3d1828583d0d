package org.gapbench.score.code;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Limits;
import org.gapbench.sandbox.Sandbox;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.ScorerOptions;
import org.gapbench.suite.PromptTemplate;

/**
 * Scores generated code by running the item's tests on it in the sandbox. The rule is the {@link Outcome}
 * (passed, assertion-failed, compile-error, runtime-error, timeout, memory-limit, output-limit, tampering, no-code); the
 * details carry the exit status, wall time, the calibrated timeout and the tail of stderr.
 *
 * <p>Options: {@code entry_point_field}, {@code reference} (Mustache template of the canonical answer, used
 * to calibrate the timeout), {@code timeout_factor} (10), {@code timeout_floor_s}, {@code timeout_ceiling_s}
 * (30), plus the language harness's own.
 */
public final class CodeTestScorer implements Scorer {
    private static final int ANSWER_KEPT = 4000;

    private final TestHarness harness;
    private final Sandbox sandbox;
    private final String entryPointField;
    private final String reference;
    private final TimeoutCalibration calibration;
    private final Long executionMemoryBytes;

    /**
     * @param promptField      the field holding the prompt the answer continues (python: optional; java: required)
     * @param entryPointField  the field naming the function under test
     * @param setup            Mustache template of code run before the answer (python only; imports of MBPP tests)
     * @param tests            Mustache template of the tests
     * @param reference        Mustache template of the canonical answer, run to calibrate each item's timeout
     * @param timeoutFactor    the timeout is the canonical answer's time times this, between the floor and the ceiling
     */
    public record Options(String promptField, String entryPointField, String setup, String tests, String reference,
                          double timeoutFactor, double timeoutFloorSeconds, double timeoutCeilingSeconds) {
    }

    /** {@code python-tests}: the answer in one box, the item's tests in another, calling it with plain values only. */
    public static final ScorerFamily<Options> PYTHON = ScorerFamily.of("python-tests", o -> options(o, false, ""),
            (o, context) -> new CodeTestScorer(new PythonHarness(o.promptField(), o.entryPointField(), o.setup(), o.tests()),
                    Sandbox.create(context.unsafeNoSandbox(), context.executionSlots()), o, context.executionMemoryBytes()));

    /** {@code java-tests}: the answer's Solution in one JVM and box, the item's test class Main in another, calling it with plain values only. */
    public static final ScorerFamily<Options> JAVA = ScorerFamily.of("java-tests", o -> options(o, true, null),
            (o, context) -> new CodeTestScorer(new JavaHarness(o.promptField(), o.entryPointField(), o.tests()),
                    Sandbox.create(context.unsafeNoSandbox(), context.executionSlots()), o, context.executionMemoryBytes()));

    private static Options options(ScorerOptions o, boolean java, String setup) {
        String prompt = java ? o.requiredField("prompt_field") : o.field("prompt_field", null);
        return new Options(prompt, o.field("entry_point_field", null), java ? null : o.string("setup", setup),
                o.requiredString("tests"), o.requiredString("reference"), o.number("timeout_factor", 10, 1, 1000),
                o.number("timeout_floor_s", java ? 5 : 3, 0.1, 3600), o.number("timeout_ceiling_s", 30, 0.1, 3600));
    }

    CodeTestScorer(TestHarness harness, Sandbox sandbox, Options o, Long executionMemoryBytes) {
        this.harness = harness;
        this.executionMemoryBytes = executionMemoryBytes;
        this.sandbox = sandbox;
        this.entryPointField = o.entryPointField();
        this.reference = o.reference();
        this.calibration = new TimeoutCalibration(o.timeoutFactor(), seconds(o.timeoutFloorSeconds()), seconds(o.timeoutCeilingSeconds()));
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
        Limits limits = executionMemoryBytes == null ? harness.limits(wall) : harness.limits(wall).withExecutionMemory(executionMemoryBytes);
        TestHarness.Prepared p = harness.prepare(item, code, limits);
        if (p.verdict() != null) {
            Map<String, Object> d = new LinkedHashMap<>(p.verdict().details());
            d.put("timeout_ms", wall.toMillis());
            return new Verdict(p.verdict().outcome(), d);
        }
        return Verdict.ofPair(sandbox.runPair(p.job(), p.candidate()), wall.toMillis(), limits.cpuSeconds());
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
