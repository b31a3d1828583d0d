package org.gapbench.suite;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gapbench.dataset.Item;
import org.gapbench.model.Message;

/**
 * The solver half of a suite: Mustache templates ({@code {{question}}}, {@code {{#choices}}...{{/choices}}})
 * rendered against an item's fields into chat messages. No HTML escaping: prompts are plain text. A conversation of
 * several turns lists its later user turns in {@code then}: each is asked after the model's own answer to the turn
 * before (MT-Bench's second turn), so the conversation grows with the model's answers.
 */
public final class PromptTemplate {
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false);

    private final String system;
    private final String user;
    private final Template systemTemplate;
    private final Template userTemplate;
    private final List<String> then;
    private final List<Template> thenTemplates;

    public PromptTemplate(String system, String user) {
        this(system, user, List.of());
    }

    /** @param then the user turns after the first, asked one after another once the model has answered */
    public PromptTemplate(String system, String user, List<String> then) {
        this.system = system;
        this.user = user;
        this.systemTemplate = system == null ? null : COMPILER.compile(system);
        this.userTemplate = COMPILER.compile(user);
        this.then = List.copyOf(then);
        this.thenTemplates = this.then.stream().map(COMPILER::compile).toList();
    }

    /** The later user turns' templates, as written (empty for a single-turn suite). */
    public List<String> then() {
        return then;
    }

    /** How many user turns a conversation has: 1 plus the {@code then} turns. */
    public int turns() {
        return 1 + then.size();
    }

    /** The user message of turn {@code turn} (1-based; turn 1 is {@code user}) for {@code item}. */
    public Message userTurn(Item item, int turn) {
        Template t = turn == 1 ? userTemplate : thenTemplates.get(turn - 2);
        return Message.user(t.execute(context(item)));
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

    /**
     * A field a template names that the items lack: {@code part} is {@code system} or {@code user}; {@code item} is
     * the first item without it, or null when a section ({@code {{#choises}}}) names a field no item has.
     */
    public record MissingField(String part, String field, String item) {
    }

    /**
     * The first field the templates name that {@code items} lack, before anything is asked: a variable outside any
     * section ({@code {{questoin}}}) that some item lacks would fail to render, and a section that no item can open
     * would silently render nothing. Names inside sections are resolved against the section's own values, not checked.
     */
    public Optional<MissingField> firstMissing(List<Item> items) {
        List<String> parts = new ArrayList<>(List.of("system", "user"));
        for (int i = 0; i < thenTemplates.size(); i++) {
            parts.add("then/" + i);
        }
        for (String part : parts) {
            Template t = part.equals("system") ? systemTemplate : part.equals("user") ? userTemplate
                    : thenTemplates.get(Integer.parseInt(part.substring(5)));
            if (t == null) {
                continue;
            }
            Set<String> variables = new LinkedHashSet<>();
            Set<String> sections = new LinkedHashSet<>();
            t.visit(new Mustache.Visitor() {
                @Override
                public void visitText(String text) {
                }

                @Override
                public void visitVariable(String name) {
                    variables.add(root(name));
                }

                @Override
                public boolean visitInclude(String name) {
                    return false;
                }

                @Override
                public boolean visitSection(String name) {
                    sections.add(root(name));
                    return false;
                }

                @Override
                public boolean visitInvertedSection(String name) {
                    return false;
                }
            });
            variables.removeIf(PromptTemplate::special);
            sections.removeIf(PromptTemplate::special);
            for (Item item : items) {
                Set<String> names = context(item).keySet();
                for (String v : variables) {
                    if (!names.contains(v)) {
                        return Optional.of(new MissingField(part, v, item.id()));
                    }
                }
            }
            for (String section : sections) {
                if (items.stream().noneMatch(i -> context(i).containsKey(section))) {
                    return Optional.of(new MissingField(part, section, null));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code a} of a compound name {@code a.b}. */
    private static String root(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Mustache's own names ({@code .}, {@code this}, {@code -first}, {@code -index}), which no item holds. */
    private static boolean special(String name) {
        return name.isEmpty() || name.equals(".") || name.equals("this") || name.startsWith("-");
    }

}
