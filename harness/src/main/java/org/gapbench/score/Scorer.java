package org.gapbench.score;

import org.gapbench.dataset.Item;

/**
 * Judges one response to one item. Implementations must be thread-safe and must never throw on anything a
 * model can produce (empty, huge, binary, no answer): such responses get a {@link Score} with a reason.
 */
@FunctionalInterface
public interface Scorer {
    Score score(Item item, ModelOutput output);
}
