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

    /** The judge and candidate jobs that run the tests of {@code item} against {@code code}, or a verdict reached without running them. */
    Prepared prepare(Item item, String code, Limits limits);

    /** Either a judge and its candidate, run together with {@code Sandbox.runPair}, or a verdict reached without running anything. */
    record Prepared(Job job, Job candidate, Verdict verdict) {
        static Prepared judged(Verdict verdict) {
            return new Prepared(null, null, verdict);
        }
    }
}
