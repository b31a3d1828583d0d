package org.gapbench.publish.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.gapbench.publish.OutputFormat;

/**
 * Renders {@code index.html} from its Mustache template. The template only uses escaped {@code {{value}}} tags, so
 * model output, model names and file contents can never become markup or script.
 */
final class HtmlPage implements OutputFormat<ReportModel> {
    static final HtmlPage FORMAT = new HtmlPage();
    private static final Template TEMPLATE = load();

    private HtmlPage() {
    }

    @Override
    public String name() {
        return "html";
    }

    @Override
    public String render(ReportModel model) {
        return TEMPLATE.execute(model.html());
    }

    private static Template load() {
        try (InputStream in = HtmlPage.class.getResourceAsStream("index.html.mustache")) {
            if (in == null) {
                throw new IllegalStateException("report template missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.contains("{{{") || text.contains("{{&")) {
                throw new IllegalStateException("the report template must not use unescaped tags");
            }
            return Mustache.compiler().escapeHTML(true).nullValue("").compile(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
