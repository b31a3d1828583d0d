package org.gapbench.model;

/**
 * A provider's batch API, as {@code run --batch} uses it: its wire format, the batch price as a fraction of the
 * synchronous price (input and output alike), the path a request line names where the format has one, and where
 * the provider documents that price. Declared once per provider, in {@link ProviderProfile}.
 *
 * @param lineUrl     the {@code url} of each request line and the batch's {@code endpoint} (OpenAI's Files + Batches
 *                    format: {@code /v1/chat/completions}, Zhipu's {@code /v4/chat/completions}); null for the others
 * @param maxRequests the most requests the provider takes in one batch
 * @param maxBytes    the largest batch it takes (its input file, or its inline requests), in bytes
 */
public record BatchSupport(Wire wire, double priceFactor, String lineUrl, String source, int maxRequests, long maxBytes) {
    /** The batch wire formats gapbench speaks. */
    public enum Wire {
        /** OpenAI's Files (multipart upload of a JSONL) and Batches API; DashScope and Zhipu speak it too. */
        OPENAI_FILES,
        /** Anthropic's Message Batches: the requests inline, results as a JSONL stream. */
        ANTHROPIC,
        /** Gemini's batch mode: {@code models/{model}:batchGenerateContent} with inline requests, a long-running operation. */
        GEMINI
    }
}
