package org.gapbench.suite;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.model.Message;

/**
 * The solver half of a suite: Mustache templates ({@code {{question}}}, {@code {{#choices}}...{{/choices}}})
 * rendered against an item's fields into chat messages. No HTML escaping: prompts are plain text.
 */
public final class PromptTemplate {
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false);

    private final String system;
    private final String user;
    private final Template systemTemplate;
    private final Template userTemplate;

    public PromptTemplate(String system, String user) {
        this.system = system;
        this.user = user;
        this.systemTemplate = system == null ? null : COMPILER.compile(system);
        this.userTemplate = COMPILER.compile(user);
    }

    public String system() {
        return system;
    }

    public String user() {
        return user;
    }

    public List<Message> render(Item item) {
        Map<String, Object> ctx = context(item);
        List<Message> out = new ArrayList<>(2);
        if (systemTemplate != null) {
            out.add(Message.system(systemTemplate.execute(ctx)));
        }
        out.add(Message.user(userTemplate.execute(ctx)));
        return out;
    }

    /** Renders any template text (e.g. the oracle answer) against an item, with the same context as prompts. */
    public static String renderText(String template, Item item) {
        return COMPILER.compile(template).execute(context(item));
    }

    /** Item fields plus {@code id}, and for every list field a {@code <name>_lettered} list of {label, text}. */
    static Map<String, Object> context(Item item) {
        Map<String, Object> ctx = new HashMap<>(item.fields());
        ctx.put("id", item.id());
        for (Map.Entry<String, Object> e : item.fields().entrySet()) {
            if (e.getValue() instanceof List<?> list) {
                List<Map<String, Object>> lettered = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    lettered.add(Map.of("label", String.valueOf((char) ('A' + i)), "index", i, "text", String.valueOf(list.get(i))));
                }
                ctx.put(e.getKey() + "_lettered", lettered);
            }
        }
        return ctx;
    }

    /** Thrown for a template that refers to a field the item does not have. */
    public static boolean isMissingVariable(RuntimeException e) {
        return e instanceof MustacheException.Context;
    }
}
