package org.gapbench.publish.gate;

import java.util.List;
import org.gapbench.publish.OutputFormat;

/**
 * The gate's result as JUnit XML, which every CI system renders: one test suite per compared run, one test case
 * per suite x metric. A regression is a {@code <failure>}; a pair that could not be compared (incomparable runs,
 * an incomplete or error-ridden candidate) is an {@code <error>} on each of its metrics. Messages carry the numbers
 * and the test.
 */
public final class JUnitReport implements OutputFormat<GateReport> {
    public static final JUnitReport FORMAT = new JUnitReport();

    private JUnitReport() {
    }

    @Override
    public String name() {
        return "junit-xml";
    }

    @Override
    public String render(GateReport report) {
        StringBuilder body = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (GateReport.Comparison c : report.comparisons()) {
            List<String> metrics = c.metrics().isEmpty() ? report.settings().metrics()
                    : c.metrics().stream().map(GateReport.MetricCheck::metric).toList();
            int suiteFailures = 0;
            int suiteErrors = 0;
            StringBuilder cases = new StringBuilder();
            for (int i = 0; i < metrics.size(); i++) {
                cases.append("    <testcase classname=\"gapbench.").append(attr(c.suite())).append("\" name=\"")
                        .append(attr(metrics.get(i))).append("\">\n");
                if (c.problem() != null) {
                    suiteErrors++;
                    cases.append("      <error type=\"").append(c.status().name().toLowerCase()).append("\" message=\"")
                            .append(attr(c.problem())).append("\"/>\n");
                } else {
                    GateReport.MetricCheck m = c.metrics().get(i);
                    if (m.regression()) {
                        suiteFailures++;
                        cases.append("      <failure type=\"regression\" message=\"").append(attr(m.verdict())).append("\"/>\n");
                    } else {
                        cases.append("      <system-out>").append(text(m.verdict())).append("</system-out>\n");
                    }
                }
                cases.append("    </testcase>\n");
            }
            tests += metrics.size();
            failures += suiteFailures;
            errors += suiteErrors;
            body.append("  <testsuite name=\"gapbench check: ").append(attr(c.suite())).append("\" tests=\"").append(metrics.size())
                    .append("\" failures=\"").append(suiteFailures).append("\" errors=\"").append(suiteErrors).append("\">\n")
                    .append("    <properties>\n")
                    .append(property("baseline", c.baseline()))
                    .append(property("candidate", c.candidate()))
                    .append(property("max_drop", Double.toString(report.settings().maxDrop())))
                    .append(property("alpha", Double.toString(report.settings().alpha())))
                    .append("    </properties>\n")
                    .append(cases)
                    .append("  </testsuite>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gapbench check\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"" + errors + "\">\n" + body + "</testsuites>\n";
    }

    private static String property(String name, String value) {
        return "      <property name=\"" + attr(name) + "\" value=\"" + attr(value) + "\"/>\n";
    }

    private static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> {
                    // XML 1.0 cannot carry most control characters, even escaped.
                    if (ch >= 0x20 || ch == '\n' || ch == '\t') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }
}
