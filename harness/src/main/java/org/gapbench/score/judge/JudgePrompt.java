package org.gapbench.score.judge;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;

/**
 * A judge prompt: a system message and a template with FastChat's {@code {name}} placeholders ({@code {question}},
 * {@code {answer}}, {@code {ref_answer_1}}, {@code {question_1}}, ...). Filling replaces only the names given and scans
 * the template once, so braces in a question or an answer are kept as written and never read as placeholders.
 *
 * @param name   as upstream names it ({@code single-v1}); a prompt gapbench wrote says so in its name
 * @param source where the text comes from: a dataset (its manifest id) or {@code gapbench}
 */
public record JudgePrompt(String name, String system, String template, String source) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_0-9]+)}");

    /** A prompt from a judge-prompt dataset item (fields {@code system_prompt}, {@code prompt_template}). */
    static JudgePrompt of(Item item, String dataset) {
        return new JudgePrompt(item.id(), item.text("system_prompt"), item.text("prompt_template"), dataset);
    }

    /** The user message: the template with each named placeholder replaced; an unknown name is kept as written. */
    public String fill(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }
}
