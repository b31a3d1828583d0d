package org.gapbench.model;

import java.util.List;
import org.gapbench.dataset.Item;

/** One call: the rendered messages for one sample of one item. The item is there for built-in providers only. */
public record ModelRequest(Item item, List<Message> messages, GenerationParams params, int sample) {
}
