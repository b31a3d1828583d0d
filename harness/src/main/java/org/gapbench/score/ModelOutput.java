package org.gapbench.score;

/** What a scorer sees of a response: the final text and, separately, any reasoning the model returned. */
public record ModelOutput(String text, String reasoning) {
    public ModelOutput {
        text = text == null ? "" : text;
    }
}
