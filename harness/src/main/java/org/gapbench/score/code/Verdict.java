package org.gapbench.score.code;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.sandbox.Execution;
import org.gapbench.sandbox.PairedExecution;
import org.gapbench.sandbox.SandboxException;

/**
 * Reads what a judge and its candidate did (see {@link #ofPair}): the outcome and the details journaled with the score.
 * The judges exit 3 for a compile error, 4 for a failed assertion, 5 for memory exhaustion, 6 for tampering, 7 when the
 * candidate went away during the tests, 8 when it never started; a pass needs exit 0 and the judge's own final line.
 */
record Verdict(Outcome outcome, Map<String, Object> details) {
    static final int COMPILE_ERROR = 3;
    static final int ASSERTION_FAILED = 4;
    static final int OUT_OF_MEMORY = 5;
    private static final int STDERR_KEPT = 800;

    /** Exit statuses of the judges (python_judge.py, GapbenchJudge.java) beyond the driver's. */
    static final int TAMPERING = 6;
    static final int CANDIDATE_GONE = 7;
    static final int CANDIDATE_NEVER_STARTED = 8;
    static final String CANDIDATE_MARK = "gapbench-candidate:start";

    /**
     * Reads a judge and candidate pair ({@code python_judge.py}, {@code GapbenchJudge.java}): the judge prints {@code =start} first and
     * {@code =passed} last, and exits 0 only when every test passed; its other statuses say why not. Nothing the
     * candidate writes reaches the judge's stdout or decides its exit status.
     */
    static Verdict ofPair(PairedExecution pair, long timeoutMs, int cpuSeconds) {
        Execution j = pair.judge();
        Execution c = pair.candidate();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("exit_code", j.exitCode());
        d.put("candidate_exit_code", c.exitCode());
        d.put("wall_ms", j.wallMillis());
        d.put("timeout_ms", timeoutMs);
        if (!j.stderr().isBlank()) {
            d.put("stderr_tail", tail(j.stderr()));
        }
        String candidateStderr = c.stderr().startsWith(CANDIDATE_MARK + "\n") ? c.stderr().substring(CANDIDATE_MARK.length() + 1) : c.stderr();
        if (!candidateStderr.isBlank()) {
            d.put("candidate_stderr_tail", tail(candidateStderr));
        }
        if (pair.tampering() != null) {
            d.put("tampering", pair.tampering());
            return new Verdict(Outcome.TAMPERING, d);
        }
        if (c.memoryPeakBytes() >= 0) {
            d.put("memory_peak_bytes", c.memoryPeakBytes());
        }
        if (j.outputExceeded() || c.outputExceeded()) {
            return new Verdict(Outcome.OUTPUT_LIMIT, d);
        }
        if (j.memoryExceeded() || c.memoryExceeded()) {
            return new Verdict(Outcome.MEMORY_LIMIT, d); // an execution's memory as a whole: the kernel killed it there
        }
        if (j.timedOut()) {
            return new Verdict(Outcome.TIMEOUT, d);
        }
        if (!j.stdout().startsWith("=start\n")) {
            throw new SandboxException("the test judge did not start (exit " + j.exitCode() + ", stdout " + j.stdout().length() + " chars: "
                    + tail(j.stdout()).strip() + "): " + tail(j.stderr()).strip());
        }
        if (j.exitCode() == 0 && j.stdout().stripTrailing().endsWith("\n=passed")) {
            return new Verdict(Outcome.PASSED, d);
        }
        if (j.exitCode() == CANDIDATE_NEVER_STARTED && !c.stderr().startsWith(CANDIDATE_MARK)) {
            throw new SandboxException("the candidate's box did not start (exit " + c.exitCode() + "): " + tail(c.stderr()).strip());
        }
        if (j.exitCode() == TAMPERING) {
            return new Verdict(Outcome.TAMPERING, d);
        }
        Execution failed = j.exitCode() == CANDIDATE_GONE || j.exitCode() == CANDIDATE_NEVER_STARTED ? c : j;
        boolean killed = failed.exitCode() == 128 + 9 || failed.exitCode() == 128 + 24; // SIGKILL, SIGXCPU
        if (killed) {
            d.put("signal", failed.exitCode() - 128);
        }
        Outcome o;
        if (killed && failed.wallMillis() >= cpuSeconds * 900L) {
            o = Outcome.TIMEOUT; // the CPU-time limit, which the kernel enforces by signal
        } else if (failed == c) {
            o = candidateStderr.contains("MemoryError") ? Outcome.MEMORY_LIMIT : Outcome.RUNTIME_ERROR;
        } else if (j.exitCode() == OUT_OF_MEMORY) {
            o = Outcome.MEMORY_LIMIT;
        } else if (j.exitCode() == COMPILE_ERROR) {
            o = Outcome.COMPILE_ERROR;
        } else if (j.exitCode() == ASSERTION_FAILED) {
            o = Outcome.ASSERTION_FAILED;
        } else {
            o = Outcome.RUNTIME_ERROR;
        }
        return new Verdict(o, d);
    }

    static String tail(String s) {
        return s.length() <= STDERR_KEPT ? s : "..." + s.substring(s.length() - STDERR_KEPT);
    }
}
