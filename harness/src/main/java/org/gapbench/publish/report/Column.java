package org.gapbench.publish.report;

import java.util.Locale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One column of every leaderboard, as all of the report's formats show it: a header, the cell the page and the Markdown
 * show, and the raw fields that {@code leaderboard.csv} and {@code results.json} carry. {@link #LEADERBOARD} is the one
 * list they all render, so a column added there appears everywhere at once.
 *
 * @param header  the column's title; a function of the board, for the metric's name
 * @param numeric right-aligned, sorted as a number
 * @param fields  the names of its raw values in the CSV and the JSON
 * @param values  the raw values, one per field (null: empty)
 * @param cell    what the page shows
 */
record Column(Function<Leaderboard, String> header, boolean numeric, List<String> fields,
              BiFunction<Leaderboard, Leaderboard.Entry, List<Object>> values, BiFunction<Leaderboard, Leaderboard.Entry, Cell> cell) {

    /**
     * A cell on the page: its text, the value it sorts by, a badge class (the text shown as a coloured badge: country,
     * weights) and notes (small badges after the text: incomplete, estimated...).
     */
    record Cell(String text, Object sort, String badge, List<Note> notes) {
        static Cell text(String text) {
            return new Cell(text, null, null, List.of());
        }

        static Cell number(String text, Object sort) {
            return new Cell(text, sort, null, List.of());
        }

        Cell with(Note note) {
            List<Note> more = new ArrayList<>(notes);
            more.add(note);
            return new Cell(text, sort, badge, List.copyOf(more));
        }
    }

    /** A small badge: its text, a class for its colour and a title (the tooltip that explains it). */
    record Note(String text, String badge, String title) {
    }

    static Column of(String header, boolean numeric, String field, BiFunction<Leaderboard, Leaderboard.Entry, Object> value,
                     BiFunction<Leaderboard, Leaderboard.Entry, Cell> cell) {
        return new Column(b -> header, numeric, List.of(field), (b, e) -> Arrays.asList(value.apply(b, e)), cell);
    }

    /** The leaderboards' columns, left to right. */
    static final List<Column> LEADERBOARD = List.of(
            new Column(b -> "rank", true, List.of("rank", "tied"), (b, e) -> List.of(e.rank(), e.tied(b.entries())),
                    (b, e) -> Cell.number(e.rank() + (e.tied(b.entries()) ? "=" : ""), e.rank())),
            of("model", false, "model", (b, e) -> e.run().name(), (b, e) -> {
                Cell c = Cell.text(e.run().name());
                return e.run().complete() ? c : c.with(new Note("incomplete", "warn", e.run().incompleteness()
                        + "; left out of the gap figures"));
            }),
            of("country", false, "country", (b, e) -> e.run().country(), (b, e) -> {
                String cc = e.run().country();
                return new Cell(cc.isEmpty() ? "?" : cc, null, "US".equals(cc) ? "us" : "CN".equals(cc) ? "cn" : "other", List.of());
            }),
            of("weights", false, "open_weights", (b, e) -> e.run().openWeights(), (b, e) -> {
                Boolean open = e.run().openWeights();
                return new Cell(open == null ? "unknown" : open ? "open" : "closed", null,
                        open == null ? "unknown" : open ? "open" : "closed", List.of());
            }),
            new Column(Leaderboard::metric, true, List.of("value"), (b, e) -> Arrays.asList(finite(e.value())),
                    (b, e) -> Cell.number(b.format(e.value()), finite(e.value()))),
            new Column(b -> "95% CI", false, List.of("ci_low", "ci_high"), (b, e) -> Arrays.asList(e.ciLow(), e.ciHigh()),
                    (b, e) -> Cell.text(e.ciLow() == null ? "no CI" : b.format(e.ciLow()) + " to " + b.format(e.ciHigh()))),
            of("items", true, "items_scored", (b, e) -> e.items(), (b, e) -> Cell.number(Integer.toString(e.items()), e.items())),
            new Column(b -> "refused", true, List.of("refused"), (b, e) -> List.of(e.run().summary().counts().refused()),
                    (b, e) -> Cell.number(ReportModel.refused(e.run()), e.run().summary().counts().refused())),
            of("USD per item", true, "cost_per_item_usd", (b, e) -> e.run().costPerItem(),
                    (b, e) -> Cell.number(ReportModel.usd(e.run().costPerItem()), e.run().costPerItem())),
            of("tokens per answer", true, "tokens_per_answer", (b, e) -> e.run().usage().tokensPerAnswer(),
                    (b, e) -> Cell.number(e.run().usage().tokensPerAnswer() == null ? "-"
                            : String.format(Locale.ROOT, "%.0f", e.run().usage().tokensPerAnswer()), e.run().usage().tokensPerAnswer())),
            of("run", false, "run_fingerprint", (b, e) -> e.run().identity().fingerprint(),
                    (b, e) -> Cell.text(e.run().identity().fingerprint().substring(0, 12))));

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
