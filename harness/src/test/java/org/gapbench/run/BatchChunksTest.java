package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.gapbench.model.ProviderProfile;
import org.junit.jupiter.api.Test;

/** How the pending requests are cut into batches: by the provider's request count and byte limits, in order. */
class BatchChunksTest {
    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void batchesHoldAtMostTheCountAndTheBytesAndKeepTheOrder() {
        List<List<Integer>> byCount = BatchAnswers.chunks(range(10), i -> 10, 4, Long.MAX_VALUE);
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9)), byCount);

        long limit = BatchAnswers.ENVELOPE_BYTES + 3 * 101; // room for three 100-byte requests and their separators
        List<List<Integer>> byBytes = BatchAnswers.chunks(range(7), i -> 100, 1000, limit);
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), byBytes);

        List<List<Integer>> tooLarge = BatchAnswers.chunks(List.of(1, 2), i -> i == 1 ? 1_000_000 : 10, 1000, limit);
        assertEquals(List.of(List.of(1), List.of(2)), tooLarge, "a request too large alone is a batch of its own");
        assertEquals(Collections.emptyList(), BatchAnswers.chunks(List.<Integer>of(), i -> 1, 1, limit));
    }

    /** 2,000 gsm8k-sized requests (~10 KB each with a long prompt) fit one OpenAI file but not one inline Gemini batch. */
    @Test
    void geminisTwentyMegabyteInlineLimitCutsWhatOpenAisFileLimitDoesNot() {
        List<Integer> requests = range(2_000);
        var gemini = ProviderProfile.find("gemini").orElseThrow().batch();
        var openai = ProviderProfile.find("openai").orElseThrow().batch();
        List<List<Integer>> g = BatchAnswers.chunks(requests, i -> 10_000, Math.min(50_000, gemini.maxRequests()), gemini.maxBytes());
        List<List<Integer>> o = BatchAnswers.chunks(requests, i -> 10_000, Math.min(50_000, openai.maxRequests()), openai.maxBytes());
        assertEquals(1, o.size());
        assertEquals(2, g.size());
        for (List<Integer> chunk : g) {
            assertTrue(chunk.size() * 10_001L <= gemini.maxBytes() - BatchAnswers.ENVELOPE_BYTES, "size " + chunk.size());
        }
        assertEquals(2_000, g.get(0).size() + g.get(1).size());
    }
}
