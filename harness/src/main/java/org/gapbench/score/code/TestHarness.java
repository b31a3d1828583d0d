package org.gapbench.score.code;

import java.time.Duration;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Job;
import org.gapbench.sandbox.Limits;

/** Turns a candidate's code and an item's tests into a sandbox job for one language. */
interface TestHarness {

    CodeLanguage language();

    /** The limits of one execution that may take {@code wall}. */
    Limits limits(Duration wall);

    /** The job that runs the tests of {@code item} against {@code code}, or a verdict reached without running it. */
    Prepared prepare(Item item, String code, String nonce, Limits limits);

    /**
     * Either a job (with {@code candidate} set, the job is the judge of a pair run with {@code Sandbox.runPair}) or a
     * verdict reached without running anything.
     */
    record Prepared(Job job, Job candidate, Verdict verdict) {
        Prepared(Job job, Verdict verdict) {
            this(job, null, verdict);
        }
    }
}
