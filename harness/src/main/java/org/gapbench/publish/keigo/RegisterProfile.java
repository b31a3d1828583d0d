package org.gapbench.publish.keigo;

import java.util.ArrayList;
import java.util.List;
import org.gapbench.keigo.Expectation;
import org.gapbench.keigo.Judgement;
import org.gapbench.keigo.KeigoAnalysis;
import org.gapbench.keigo.Marker;
import org.gapbench.keigo.RegisterJudge;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.Interval;
import org.gapbench.stats.Metric;

/**
 * The register profile of one model's answers: how often it ends sentences politely, how many answers are polite
 * throughout, how often it uses sonkeigo/kenjōgo, how many keigo misuses it makes, and the analyzer's mean
 * register score for polite speech toward the user — each rate with a bootstrap 95% CI over answers.
 *
 * @param politeEndingShare polite sentence endings / all predicate endings, pooled over answers
 * @param fullyPolite       answers with polite endings and no plain ending
 * @param honorific         answers with any sonkeigo or kenjōgo
 * @param misusePer100      keigo misuses per 100 answers
 */
public record RegisterProfile(String corpus, String file, String model, String organization, String country, int answers,
                              double politeEndingShare, Interval fullyPolite, Interval honorific, double misusePer100,
                              Interval registerScore) {

    /** Code blocks carry no register: they are removed before analysis. */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("(?s)```.*?```");

    public static RegisterProfile of(RecordedAnswers.ModelAnswers m, ModelOrigins.Origin origin, RegisterJudge judge) {
        Expectation polite = new Expectation(Expectation.Register.POLITE, Expectation.Actor.MIXED);
        List<Answer> full = new ArrayList<>();
        List<Answer> hon = new ArrayList<>();
        List<Answer> reg = new ArrayList<>();
        int politeEndings = 0;
        int plainEndings = 0;
        int misuse = 0;
        int i = 0;
        for (String answer : m.answers()) {
            Judgement j = judge.judge(CODE.matcher(answer).replaceAll("\n"), polite);
            KeigoAnalysis a = j.analysis();
            politeEndings += a.politeEndings();
            plainEndings += a.plainEndings().size();
            misuse += a.of(Marker.Kind.MISUSE).size();
            String id = Integer.toString(i++);
            full.add(new Answer(id, a.politeEndings() > 0 && a.plainEndings().isEmpty() ? 1 : 0));
            hon.add(new Answer(id, a.hasHonorific() ? 1 : 0));
            reg.add(new Answer(id, j.score()));
        }
        Bootstrap b = Bootstrap.standard();
        Metric<Answer> mean = Metric.itemMean("mean", Answer::value);
        int endings = politeEndings + plainEndings;
        return new RegisterProfile(m.corpus(), m.file(), origin.model(), origin.organization(), origin.country(), m.answers().size(),
                endings == 0 ? Double.NaN : (double) politeEndings / endings, b.interval(mean, full, Answer::id), b.interval(mean, hon, Answer::id),
                m.answers().isEmpty() ? Double.NaN : 100.0 * misuse / m.answers().size(), b.interval(mean, reg, Answer::id));
    }

    /** One answer's value for one of the rates; answers are resampled independently. */
    private record Answer(String id, double value) {
    }
}
