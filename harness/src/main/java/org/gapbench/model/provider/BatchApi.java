package org.gapbench.model.provider;

import java.util.List;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelResponse;

/**
 * A provider's batch API, bare: what {@code run --batch} needs of each wire format ({@link OpenAiBatches} for OpenAI,
 * DashScope and Zhipu; {@link AnthropicBatches}; {@link GeminiBatches}). One attempt per call, every exchange through
 * {@link BoundedExchange}; the caller journals, polls and decides. The key never leaves the implementation: it is
 * redacted from every message it throws. Opened by {@link Providers#openBatches} only.
 *
 * <p>A batch goes: {@link #stage} its requests under a name (the Files API uploads them; the inline formats send
 * nothing yet), journal that name and the custom ids, {@link #create} the batch (or {@link #find} the one a crash left
 * unnamed), {@link #get} it until {@link #ended}, then read its {@link #results}.
 */
public interface BatchApi {
    /** A batch as the provider last described it: its id, state, how many requests are done of how many, its results. */
    record Status(String id, String state, int done, int total, String output, String errors) {
    }

    /** One request's result: {@code response}, or {@code error} (its class, as a synchronous call's would be) and its message. */
    record Line(String customId, ModelResponse response, ErrorClass error, String message) {
    }

    /** One request in this wire format (a line of the input file, or an element of the inline list), named {@code customId}. */
    String request(String customId, String model, GenerationParams params, List<Message> messages);

    /**
     * Makes {@code requests} ready to be a batch and returns the name the journal keeps for them: the uploaded file's
     * id, or for the inline formats {@code name} itself (nothing is sent).
     */
    String stage(List<String> requests, String name) throws ModelCallException;

    /**
     * The batch the provider already made of {@code staged} (a crash before its id was journaled), or null: none, or no
     * way to tell. {@code claimed} are the batch ids the journal already names (never this one).
     */
    Status find(String staged, java.util.Set<String> claimed) throws ModelCallException;

    /** Creates the batch of {@code staged}; {@code requests} are what {@link #stage} was given (the inline formats send them now). */
    Status create(String staged, List<String> requests) throws ModelCallException;

    Status get(String batchId) throws ModelCallException;

    /** Whether a batch in {@code state} has ended (its results are final). */
    boolean ended(String state);

    /**
     * The results of an ended batch, as {@link #get} described it (its {@code output} and {@code errors} as journaled);
     * {@code customIds} are the requests it holds. A request with no result is left out (the caller resubmits it).
     */
    List<Line> results(Status ended, List<String> customIds) throws ModelCallException;

    /** Ends the exchanges in flight (the run is stopping). */
    void abort();
}
