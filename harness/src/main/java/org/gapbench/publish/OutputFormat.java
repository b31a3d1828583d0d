package org.gapbench.publish;

import java.util.function.Function;
import org.gapbench.io.Json;

/**
 * One way of writing a published result as text: the report's page, leaderboards and results file, and the gate's
 * JUnit XML and Markdown are each one implementation over their own model. Writers pick formats; formats never write.
 *
 * @param <M> what is rendered (the report's model, the gate's report)
 */
public interface OutputFormat<M> {
    /** The format's name, as documentation and options call it: html, markdown, csv, json, junit-xml. */
    String name();

    String render(M model);

    /** This format, rendering the part of a larger model that {@code part} takes out of it. */
    default <N> OutputFormat<N> of(Function<N, M> part) {
        return named(name(), model -> render(part.apply(model)));
    }

    /** Any model as the project's pretty JSON. */
    static <M> OutputFormat<M> json() {
        return named("json", model -> Json.pretty(model) + "\n");
    }

    static <M> OutputFormat<M> named(String name, Function<M, String> render) {
        return new OutputFormat<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String render(M model) {
                return render.apply(model);
            }
        };
    }
}
