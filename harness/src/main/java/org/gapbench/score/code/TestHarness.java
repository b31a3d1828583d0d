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

    /** Exactly one of the two is set. */
    record Prepared(Job job, Verdict verdict) {
    }
}
