package org.gapbench.score.judge;

import java.util.Map;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;

/**
 * A judge prompt: a system message (may be empty: then none is sent) and a template in Python's {@code str.format}
 * form, as upstream writes them: {@code {name}} placeholders ({@code {question}}, {@code {answer}},
 * {@code {ref_answer_1}}, {@code {pred}}, ...) and {@code {{}}/{@code }}} for literal braces. Filling scans the
 * template once, so braces in a question or an answer are kept as written and never read as placeholders; a name
 * not given is kept as written.
 *
 * @param name   as upstream names it ({@code single-v1}); a prompt gapbench wrote says so in its name
 * @param source where the text comes from: a dataset (its manifest id) or {@code gapbench}
 */
public record JudgePrompt(String name, String system, String template, String source) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");

    /** A prompt from a judge-prompt dataset item (fields {@code system_prompt}, optional, and {@code prompt_template}). */
    static JudgePrompt of(Item item, String dataset) {
        return new JudgePrompt(item.id(), item.has("system_prompt") ? item.text("system_prompt") : "", item.text("prompt_template"), dataset);
    }

    /** The user message: the template with each named placeholder replaced and doubled braces made single. */
    public String fill(Map<String, String> values) {
        StringBuilder b = new StringBuilder(template.length() + 256);
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < n && template.charAt(i + 1) == '{') {
                b.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < n && template.charAt(i + 1) == '}') {
                b.append('}');
                i += 2;
            } else if (c == '{') {
                int close = template.indexOf('}', i + 1);
                String key = close < 0 ? null : template.substring(i + 1, close);
                if (key != null && NAME.matcher(key).matches() && values.containsKey(key)) {
                    b.append(values.get(key));
                    i = close + 1;
                } else {
                    b.append(c);
                    i++;
                }
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
