package org.gapbench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.gapbench.io.Hashes;

/**
 * Answer functions for {@code ProviderServer} that play models of a chosen GSM8K accuracy: the server finds the
 * item from the question in the prompt and answers its gold number, or a wrong one, decided by a hash of
 * (salt, question), so a model is deterministic per item and two salts give independent error patterns.
 */
public final class GsmModels {
    private final Map<String, String> answers = new HashMap<>();

    public GsmModels() {
        TestSupport.gsm8kAnswers().forEach((question, answer) -> answers.put(question.strip(), answer));
    }

    /** A model right on the items whose hash with {@code salt} falls below {@code accuracy}. */
    public Function<JsonNode, String> model(String salt, double accuracy) {
        return request -> {
            String question = question(request);
            String gold = answers.get(question);
            if (gold == null) {
                throw new IllegalArgumentException("no GSM8K item for question: " + question);
            }
            boolean right = fraction(salt, question) < accuracy;
            return right ? "Adding it up, the answer is \\boxed{" + gold + "}." : "I think it is \\boxed{-987654}.";
        };
    }

    private static double fraction(String salt, String question) {
        return Long.parseLong(Hashes.sha256(salt, question).substring(0, 8), 16) / (double) (1L << 32);
    }

    /** The gsm8k suite's user prompt is an instruction, a blank line, then the question. */
    private static String question(JsonNode request) {
        JsonNode messages = request.path("messages");
        String user = messages.get(messages.size() - 1).path("content").asText();
        int start = user.indexOf("\n\n");
        return (start < 0 ? user : user.substring(start + 2)).strip();
    }
}
