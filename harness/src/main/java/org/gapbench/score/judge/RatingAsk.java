package org.gapbench.score.judge;

import java.util.List;
import java.util.OptionalDouble;
import org.gapbench.dataset.Item;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.score.JudgeException;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.score.ModelCall;

/**
 * One rating verdict, asked the one way every rating judge is asked: up to {@value JudgeRatingScorer#PARSE_ATTEMPTS}
 * times (each a new sample; a text the rule cannot read is not cached), then an {@code unparseable_verdict} error.
 * Used by every scorer that rates with a judge (judged suites, ja-customer-service's rubric).
 */
public final class RatingAsk {
    private RatingAsk() {
    }

    /**
     * @param key   the request's item: its id keys a replay judge's recordings
     * @param calls where each ask's call is added
     * @throws JudgeException when the judge cannot be asked, or none of its answers gives a rating
     */
    public static JudgeVerdict ask(String spec, ChatClient judge, Item key, List<Message> messages, GenerationParams params, RatingRule rule,
                                   double min, double max, String prompt, int turn, List<ModelCall> calls) {
        String last = "";
        for (int attempt = 0; attempt < JudgeRatingScorer.PARSE_ATTEMPTS; attempt++) {
            ModelResponse r;
            try {
                r = judge.complete(new ModelRequest(key, messages, params, attempt, text -> rule.read(text, min, max).isPresent()));
            } catch (ModelCallException e) {
                throw new JudgeException(spec, e);
            }
            calls.add(ModelCall.of(spec, r));
            last = r.text();
            OptionalDouble rating = rule.read(last, min, max);
            if (rating.isPresent()) {
                return new JudgeVerdict(spec, r.model(), turn, prompt, rule.label(), rating.getAsDouble(), min, max, last, attempt + 1,
                        r.trace().cached());
            }
        }
        throw Unreadable.verdict(spec, "no rating on [" + fmt(min) + ", " + fmt(max) + "] by rule " + rule.label(), last);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
