package org.gapbench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What the three batch test services ({@link BatchService}, {@link AnthropicBatchService}, {@link GeminiBatchService})
 * are scripted with alike, and their ledger: the faults the next batch will have, how many polls each state takes,
 * which requests fail with what status, and every request id an accepted batch carried (the proof that nothing is
 * submitted twice). Each service is used from its {@link ProviderServer}'s handler under its own lock.
 */
abstract class ScriptedBatches {
    /** The provider's response body for a request's body and its custom id. */
    final BiFunction<JsonNode, String, String> answerer;
    final List<String> submitted = new ArrayList<>();
    /** The next batch expires after this many finished requests; -1: it completes. */
    int expireAfter = -1;
    /** The next batch fails its validation (formats without a validation stage, Anthropic's, ignore it). */
    boolean failValidation;
    int pollsPerState = 1;
    Predicate<JsonNode> failing = b -> false;
    int failStatus = 400;
    /** The source of the services' ids. */
    int seq;

    ScriptedBatches(BiFunction<JsonNode, String, String> answerer) {
        this.answerer = answerer;
    }

    synchronized void expireNextAfter(int finished) {
        expireAfter = finished;
    }

    synchronized void failNextValidation() {
        failValidation = true;
    }

    synchronized void pollsPerState(int n) {
        pollsPerState = n;
    }

    synchronized void failing(Predicate<JsonNode> which, int status) {
        failing = which;
        failStatus = status;
    }

    synchronized List<String> submitted() {
        return List.copyOf(submitted);
    }

    abstract int batchCount();
}
