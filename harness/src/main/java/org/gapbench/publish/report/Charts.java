package org.gapbench.publish.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import org.gapbench.publish.gap.GapResult;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts, drawn headless with JFreeChart, each as a PNG and as an SVG (JFreeSVG) from the same chart.
 * Everything that could depend on the machine is fixed: the time zone and locale of date axes, the font (Noto Sans CJK
 * when installed, so Chinese and Japanese names render; {@code .ci/run} installs it), the SVG's element ids. Every
 * image carries its data source and licence. Point labels are placed greedily, most important first, in the first of
 * four positions around the point where the label collides with no label already placed; a label with no free
 * position is left out rather than drawn over another.
 */
final class Charts {
    static final Color US = new Color(0x1f, 0x4e, 0x9a);
    static final Color CN = new Color(0xc0, 0x28, 0x28);
    static final Color OTHER = new Color(0x77, 0x77, 0x77);
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** The first installed of these renders Latin, Chinese and Japanese alike; the logical font is the last resort. */
    static final String FAMILY = family(List.of("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC"));
    /**
     * What an SVG asks the viewer's browser for: the same font first, then the usual CJK system fonts. Double quotes:
     * JFreeSVG writes it inside a single-quoted style attribute.
     */
    private static final String SVG_FONTS = String.join(", ", List.of("\"Noto Sans CJK SC\"", "\"Noto Sans CJK JP\"",
            "\"Noto Sans SC\"", "\"Source Han Sans SC\"", "\"PingFang SC\"", "\"Hiragino Sans\"", "\"Microsoft YaHei\"",
            "\"Yu Gothic\"", "\"DejaVu Sans\"", "sans-serif"));
    private static final Font TITLE = new Font(FAMILY, Font.BOLD, 19);
    private static final Font AXIS = new Font(FAMILY, Font.PLAIN, 15);
    private static final Font TICKS = new Font(FAMILY, Font.PLAIN, 14);
    private static final Font LABEL = new Font(FAMILY, Font.PLAIN, 13);
    private static final Font SOURCE = new Font(FAMILY, Font.PLAIN, 12);
    private static final int WIDTH = 1100;

    /**
     * One chart as both files, and where its point labels went (pixels; labels without a free position are left out).
     *
     * @param labels the labels placed, each with its box
     */
    record Image(byte[] png, String svg, List<Placed> labels) {
    }

    /** A label drawn, and the box it occupies. */
    record Placed(String text, Rectangle2D box) {
    }

    private Charts() {
    }

    private static String family(List<String> preferred) {
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT));
        return preferred.stream().filter(installed::contains).findFirst().orElse(Font.SANS_SERIF);
    }

    /** US and Chinese frontiers as step lines over release date, frontier releases marked and labelled where room allows. */
    static Image frontier(GapResult gap, String title, String unit, String source) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("United States", gap.usFrontier()));
        data.addSeries(series("China", gap.cnFrontier()));
        XYStepRenderer renderer = new XYStepRenderer();
        style(renderer, 0, US);
        style(renderer, 1, CN);
        XYPlot plot = new XYPlot(data, dateAxis("Release date", dates(gap.usFrontier(), gap.cnFrontier())), valueAxis(unit), renderer);
        // The step renderer draws no shapes: a second pass over the same data marks each frontier release.
        XYLineAndShapeRenderer releases = new XYLineAndShapeRenderer(false, true);
        style(releases, 0, US);
        style(releases, 1, CN);
        releases.setSeriesVisibleInLegend(0, false);
        releases.setSeriesVisibleInLegend(1, false);
        // its own collection: the plot finds a dataset's renderer by the dataset, so sharing one shows the legend twice
        XYSeriesCollection marks = new XYSeriesCollection();
        marks.addSeries(series("United States", gap.usFrontier()));
        marks.addSeries(series("China", gap.cnFrontier()));
        plot.setDataset(1, marks);
        plot.setRenderer(1, releases);
        List<Label> labels = new ArrayList<>();
        addFrontierLabels(labels, gap.usFrontier(), US);
        addFrontierLabels(labels, gap.cnFrontier(), CN);
        return render(chart(title, plot, source), WIDTH, 620, labels, "frontier");
    }

    /** The newest point of a frontier matters most, then the releases that raised it most. */
    private static void addFrontierLabels(List<Label> labels, List<GapResult.Point> points, Color color) {
        for (int i = 0; i < points.size(); i++) {
            GapResult.Point p = points.get(i);
            double jump = i == 0 ? 0 : p.score() - points.get(i - 1).score();
            double priority = i == points.size() - 1 ? Double.MAX_VALUE : jump;
            labels.add(new Label(millis(p.date()), p.score(), p.model(), color, priority));
        }
    }

    /** Each Chinese frontier release as its own point at its lag behind the US (releases are separate events: no line). */
    static Image monthsBehind(GapResult gap, String title, String source) {
        XYSeries s = new XYSeries("Chinese frontier release: months behind the US frontier", false, true);
        List<Label> labels = new ArrayList<>();
        List<GapResult.Point> dated = new ArrayList<>();
        for (GapResult.Release r : gap.monthsBehind().perRelease()) {
            if (r.lagMonths() != null) {
                s.add(millis(r.date()), r.lagMonths());
                dated.add(new GapResult.Point(r.model(), r.date(), r.lagMonths()));
                labels.add(new Label(millis(r.date()), r.lagMonths(), r.model(), CN, r.lagMonths()));
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, CN);
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        NumberAxis months = valueAxis("Months behind");
        months.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), dateAxis("Chinese frontier release", dates(dated)), months, renderer);
        if (gap.monthsBehind().mean() != null) {
            ValueMarker mean = new ValueMarker(gap.monthsBehind().mean(), Color.DARK_GRAY, new BasicStroke(1f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            mean.setLabel(String.format(Locale.ROOT, "mean %.1f months", gap.monthsBehind().mean()));
            mean.setLabelFont(LABEL);
            mean.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            mean.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(mean);
        }
        return render(chart(title, plot, source), WIDTH, 480, labels, "months");
    }

    /** One suite's runs as points with their 95% CI, best at the top, US and Chinese models coloured. */
    static Image suite(Leaderboard board, String source) {
        List<Leaderboard.Entry> entries = board.entries().stream().filter(e -> e.ciLow() != null).toList();
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        YIntervalSeries us = new YIntervalSeries("US");
        YIntervalSeries cn = new YIntervalSeries("China");
        YIntervalSeries other = new YIntervalSeries("other");
        String[] names = new String[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Leaderboard.Entry e = entries.get(i);
            int x = entries.size() - 1 - i;
            names[x] = e.run().name();
            YIntervalSeries target = switch (e.run().country()) {
                case "US" -> us;
                case "CN" -> cn;
                default -> other;
            };
            double k = board.percent() ? 100 : 1;
            target.add(x, k * e.value(), k * e.ciLow(), k * e.ciHigh());
        }
        data.addSeries(us);
        data.addSeries(cn);
        data.addSeries(other);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setSeriesPaint(0, US);
        renderer.setSeriesPaint(1, CN);
        renderer.setSeriesPaint(2, OTHER);
        renderer.setErrorStroke(new BasicStroke(2f));
        renderer.setCapLength(8);
        SymbolAxis models = new SymbolAxis(null, names);
        models.setTickLabelFont(TICKS);
        models.setGridBandsVisible(false);
        NumberAxis value = valueAxis(board.metric() + (board.percent() ? " (%)" : " (the judges' scale)") + ", point and 95% CI");
        XYPlot plot = new XYPlot(data, models, value, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        return render(chart(board.suite() + ": " + board.metric(), plot, source), WIDTH, 170 + 36 * Math.max(3, entries.size()),
                List.of(), "suite");
    }

    /**
     * Score against USD per item (log scale) for the runs whose cost is known, with each country's Pareto frontier:
     * the runs no cheaper run of that country beats. Null when no run's cost is known.
     */
    static Image cost(Leaderboard board, String source) {
        List<Leaderboard.Entry> priced = board.entries().stream().filter(e -> e.run().costPerItem() != null && e.run().costPerItem() > 0
                && Double.isFinite(e.value())).toList();
        if (priced.isEmpty()) {
            return null;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        List<Label> labels = new ArrayList<>();
        int series = 0;
        for (String[] country : new String[][] {{"US", "United States"}, {"CN", "China"}, {"", "other"}}) {
            List<Leaderboard.Entry> mine = priced.stream().filter(e -> country[0].isEmpty()
                    ? !e.run().country().equals("US") && !e.run().country().equals("CN") : e.run().country().equals(country[0]))
                    .sorted(Comparator.comparingDouble((Leaderboard.Entry e) -> e.run().costPerItem()).thenComparing(e -> -e.value()))
                    .toList();
            if (mine.isEmpty()) {
                continue;
            }
            Color color = country[0].equals("US") ? US : country[0].equals("CN") ? CN : OTHER;
            XYSeries runs = new XYSeries(country[1] + ": runs", false, true);
            XYSeries frontier = new XYSeries(country[1] + ": Pareto frontier", false, true);
            double best = Double.NEGATIVE_INFINITY;
            double k = board.percent() ? 100 : 1;
            for (Leaderboard.Entry e : mine) {
                runs.add(e.run().costPerItem().doubleValue(), k * e.value());
                if (e.value() > best) {
                    if (!frontier.isEmpty()) {
                        frontier.add(e.run().costPerItem().doubleValue(), k * best); // a step: cost first, then score
                    }
                    best = e.value();
                    frontier.add(e.run().costPerItem().doubleValue(), k * best);
                }
                labels.add(new Label(e.run().costPerItem(), k * e.value(), e.run().name(), color, e.value()));
            }
            data.addSeries(runs);
            renderer.setSeriesLinesVisible(series, false);
            renderer.setSeriesShapesVisible(series, true);
            renderer.setSeriesPaint(series++, color);
            data.addSeries(frontier);
            renderer.setSeriesLinesVisible(series, true);
            renderer.setSeriesShapesVisible(series, false);
            renderer.setSeriesStroke(series, new BasicStroke(2f));
            renderer.setSeriesPaint(series++, color);
        }
        LogAxis cost = new LogAxis("USD per item at catalog prices (log scale)");
        cost.setLabelFont(AXIS);
        cost.setTickLabelFont(TICKS);
        cost.setSmallestValue(1e-7);
        cost.setNumberFormatOverride(new java.text.DecimalFormat("0.######", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        cost.setLowerMargin(0.1);
        cost.setUpperMargin(0.25);
        XYPlot plot = new XYPlot(data, cost, valueAxis(board.metric() + (board.percent() ? " (%)" : " (the judges' scale)")), renderer);
        return render(chart(board.suite() + ": " + board.metric() + " against cost", plot, source), WIDTH, 560, labels, "cost");
    }

    /** A label to place at a data point; higher priority is placed first. */
    record Label(double x, double y, String text, Color color, double priority) {
    }

    private static XYSeries series(String name, List<GapResult.Point> points) {
        XYSeries s = new XYSeries(name, false, true);
        points.forEach(p -> s.add(millis(p.date()), p.score()));
        return s;
    }

    private static void style(XYLineAndShapeRenderer r, int series, Color color) {
        r.setSeriesPaint(series, color);
        r.setSeriesStroke(series, new BasicStroke(2.2f));
        r.setSeriesShape(series, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
    }

    private static double millis(String iso) {
        return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @SafeVarargs
    private static List<LocalDate> dates(List<GapResult.Point>... series) {
        return Arrays.stream(series).flatMap(List::stream).map(p -> LocalDate.parse(p.date())).sorted().toList();
    }

    /**
     * A date axis in UTC with years on every tick, spanning whole months from a month before the first date to a month
     * after the last, so no point or tick label is cut at the edge.
     */
    private static DateAxis dateAxis(String label, List<LocalDate> dates) {
        DateAxis axis = new DateAxis(label, UTC, Locale.ROOT);
        SimpleDateFormat format = new SimpleDateFormat("MMM yyyy", Locale.ROOT);
        format.setTimeZone(UTC);
        axis.setDateFormatOverride(format);
        axis.setLabelFont(AXIS);
        axis.setTickLabelFont(TICKS);
        if (!dates.isEmpty()) {
            LocalDate from = dates.get(0).withDayOfMonth(1).minusMonths(1);
            LocalDate to = dates.get(dates.size() - 1).withDayOfMonth(1).plusMonths(2);
            axis.setRange(new Date((long) millis(from.toString())), new Date((long) millis(to.toString())));
        }
        return axis;
    }

    private static NumberAxis valueAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setLabelFont(AXIS);
        axis.setTickLabelFont(TICKS);
        axis.setUpperMargin(0.08);
        axis.setLowerMargin(0.08);
        return axis;
    }

    private static JFreeChart chart(String title, XYPlot plot, String source) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(TICKS);
        legend.setPosition(RectangleEdge.TOP);
        TextTitle credit = new TextTitle(source, SOURCE);
        credit.setPaint(new Color(0x55, 0x55, 0x55));
        credit.setPosition(RectangleEdge.BOTTOM);
        credit.setHorizontalAlignment(HorizontalAlignment.LEFT);
        credit.setPadding(new RectangleInsets(6, 8, 4, 8));
        chart.addSubtitle(credit);
        return chart;
    }

    /**
     * Draws once to learn where the data area lies, fixes the axes' ranges there, places the labels that fit, and draws
     * the final PNG and SVG.
     */
    private static Image render(JFreeChart chart, int width, int height, List<Label> labels, String id) {
        XYPlot plot = chart.getXYPlot();
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height), info);
        List<Placed> placed = List.of();
        if (!labels.isEmpty()) {
            Rectangle2D area = info.getPlotInfo().getDataArea();
            ValueAxis x = plot.getDomainAxis();
            ValueAxis y = plot.getRangeAxis();
            x.setRange(new Range(x.getLowerBound(), x.getUpperBound()), false, false);
            y.setRange(new Range(y.getLowerBound(), y.getUpperBound()), false, false);
            placed = place(plot, labels, area, g.getFontMetrics(LABEL));
        }
        g.dispose();
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, chart, width, height);
            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            svg.setDefsKeyPrefix(id);
            svg.setFontFunction(f -> SVG_FONTS);
            chart.draw(svg, new Rectangle2D.Double(0, 0, width, height));
            return new Image(png.toByteArray(), svg.getSVGDocument() + "\n", placed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final double GAP = 6;

    private static List<Placed> place(XYPlot plot, List<Label> labels, Rectangle2D area, FontMetrics metrics) {
        ValueAxis xAxis = plot.getDomainAxis();
        ValueAxis yAxis = plot.getRangeAxis();
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        List<Placed> taken = new ArrayList<>();
        List<Label> order = new ArrayList<>(labels);
        order.sort(Comparator.comparingDouble(Label::priority).reversed().thenComparing(Label::text));
        TextAnchor[] anchors = {TextAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_RIGHT, TextAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT};
        for (Label l : order) {
            double px = xAxis.valueToJava2D(l.x(), area, xEdge);
            double py = yAxis.valueToJava2D(l.y(), area, yEdge);
            // A browser may show the SVG in another font: leave it a tenth more room than these metrics say.
            double w = metrics.stringWidth(l.text()) * 1.1;
            double h = metrics.getAscent() + metrics.getDescent();
            for (TextAnchor anchor : anchors) {
                boolean left = anchor == TextAnchor.BOTTOM_LEFT || anchor == TextAnchor.TOP_LEFT;
                boolean above = anchor == TextAnchor.BOTTOM_LEFT || anchor == TextAnchor.BOTTOM_RIGHT;
                double bx = left ? px + GAP : px - GAP - w;
                double by = above ? py - GAP - h : py + GAP;
                Rectangle2D box = new Rectangle2D.Double(bx, by, w, h);
                if (!area.contains(box) || taken.stream().anyMatch(t -> t.box().intersects(box))) {
                    continue;
                }
                taken.add(new Placed(l.text(), box));
                double ax = xAxis.java2DToValue(left ? px + GAP : px - GAP, area, xEdge);
                double ay = yAxis.java2DToValue(above ? py - GAP : py + GAP, area, yEdge);
                XYTextAnnotation a = new XYTextAnnotation(l.text(), ax, ay);
                a.setFont(LABEL);
                a.setPaint(l.color());
                a.setTextAnchor(anchor);
                plot.addAnnotation(a, false);
                break;
            }
        }
        return List.copyOf(taken);
    }

    /** The SVG document as bytes to write. */
    static byte[] bytes(String svg) {
        return svg.getBytes(StandardCharsets.UTF_8);
    }
}
