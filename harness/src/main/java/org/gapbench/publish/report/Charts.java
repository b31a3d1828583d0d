package org.gapbench.publish.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.gapbench.publish.gap.GapResult;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's PNG charts, drawn headless with JFreeChart. */
final class Charts {
    static final Color US = new Color(0x1f, 0x4e, 0x9a);
    static final Color CN = new Color(0xc0, 0x28, 0x28);
    private static final int LABEL_DENSITY = 25;
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {
    }

    /** US and Chinese frontiers as step lines over release date, every frontier point labelled with its model. */
    static byte[] frontier(GapResult gap, String title, String unit) {
        TimeSeriesCollection data = new TimeSeriesCollection();
        data.addSeries(series("United States", gap.usFrontier()));
        data.addSeries(series("China", gap.cnFrontier()));
        List<List<GapResult.Point>> points = List.of(gap.usFrontier(), gap.cnFrontier());
        XYStepRenderer renderer = new XYStepRenderer() {
            /** Labels of the right half point left, so none runs off the chart; US above the line, China below. */
            @Override
            public ItemLabelPosition getPositiveItemLabelPosition(int series, int item) {
                boolean right = item > points.get(series).size() / 2;
                return series == 0
                        ? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT)
                        : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE6, right ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            }
        };
        renderer.setSeriesPaint(0, US);
        renderer.setSeriesPaint(1, CN);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        long spanDays = span(points);
        renderer.setDefaultItemLabelGenerator((ds, s, i) -> labelled(points.get(s), i, spanDays) ? points.get(s).get(i).model() : null);
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(LABEL);
        DateAxis dates = new DateAxis("Release date");
        dates.setLowerMargin(0.08);
        dates.setUpperMargin(0.08);
        XYPlot plot = new XYPlot(data, dates, autoRange(unit), renderer);
        return png(chart(title, plot), 1100, 600);
    }

    /** Labels a frontier point unless the next one follows within 1/25 of the time axis: crowded labels are unreadable. */
    private static boolean labelled(List<GapResult.Point> points, int i, long spanDays) {
        if (i == points.size() - 1) {
            return true;
        }
        LocalDate here = LocalDate.parse(points.get(i).date());
        LocalDate next = LocalDate.parse(points.get(i + 1).date());
        return ChronoUnit.DAYS.between(here, next) * LABEL_DENSITY >= spanDays;
    }

    private static long span(List<List<GapResult.Point>> series) {
        List<LocalDate> dates = series.stream().flatMap(List::stream).map(p -> LocalDate.parse(p.date())).sorted().toList();
        return dates.isEmpty() ? 1 : Math.max(1, ChronoUnit.DAYS.between(dates.get(0), dates.get(dates.size() - 1)));
    }

    /** Lag of each Chinese frontier release behind the first US release that reached its score. */
    static byte[] monthsBehind(GapResult gap, String title) {
        TimeSeries s = new TimeSeries("Months behind the US frontier");
        for (GapResult.Release r : gap.monthsBehind().perRelease()) {
            if (r.lagMonths() != null) {
                s.addOrUpdate(day(r.date()), r.lagMonths());
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, CN);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new TimeSeriesCollection(s), new DateAxis("Chinese frontier release"),
                new NumberAxis("Months behind"), renderer);
        if (gap.monthsBehind().mean() != null) {
            ValueMarker mean = new ValueMarker(gap.monthsBehind().mean(), Color.DARK_GRAY, new BasicStroke(1f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            mean.setLabel(String.format("mean %.1f months", gap.monthsBehind().mean()));
            mean.setLabelFont(LABEL);
            mean.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            mean.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(mean);
        }
        return png(chart(title, plot), 1100, 420);
    }

    /** One suite's runs as points with their 95% CI, best at the top, US and Chinese models coloured. */
    static byte[] suite(Leaderboard board) {
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
            target.add(x, 100 * e.value(), 100 * e.ciLow(), 100 * e.ciHigh());
        }
        data.addSeries(us);
        data.addSeries(cn);
        data.addSeries(other);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setSeriesPaint(0, US);
        renderer.setSeriesPaint(1, CN);
        renderer.setSeriesPaint(2, Color.GRAY);
        renderer.setErrorStroke(new BasicStroke(2f));
        renderer.setCapLength(8);
        SymbolAxis models = new SymbolAxis(null, names);
        models.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        XYPlot plot = new XYPlot(data, models, autoRange(board.metric() + " (%) with 95% CI"), renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        return png(chart(board.suite() + ": " + board.metric(), plot), 1000, 120 + 34 * Math.max(3, entries.size()));
    }

    private static NumberAxis autoRange(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static TimeSeries series(String name, List<GapResult.Point> points) {
        TimeSeries s = new TimeSeries(name);
        for (GapResult.Point p : points) {
            s.addOrUpdate(day(p.date()), p.score());
        }
        return s;
    }

    private static Day day(String iso) {
        return new Day(Date.from(LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant()), java.util.TimeZone.getTimeZone("UTC"),
                java.util.Locale.ROOT);
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
