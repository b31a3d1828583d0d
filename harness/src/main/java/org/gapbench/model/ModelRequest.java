package org.gapbench.model;

import java.util.List;
import java.util.function.Predicate;
import org.gapbench.dataset.Item;

/**
 * One call: the rendered messages for one sample of one item. The item is there for built-in providers only.
 *
 * @param usable what the caller can use (a judge text its rule can read); a response it cannot use is not kept in the
 *               response cache, and a cached one it cannot use is asked again, so a mended judge is reached on resume.
 *               Null: every response is usable
 */
public record ModelRequest(Item item, List<Message> messages, GenerationParams params, int sample, Predicate<String> usable) {

    public ModelRequest(Item item, List<Message> messages, GenerationParams params, int sample) {
        this(item, messages, params, sample, null);
    }

    /** Whether the caller can use {@code text}. */
    public boolean usable(String text) {
        return usable == null || usable.test(text);
    }
}
