package org.gapbench.score.judge;

import org.gapbench.model.ErrorClass;
import org.gapbench.score.JudgeException;

/** The error of a judge whose every answer its parse rule could not read. */
final class Unreadable {
    private Unreadable() {
    }

    static JudgeException verdict(String judge, String what, String lastText) {
        String shown = lastText.length() <= 200 ? lastText : lastText.substring(0, 200) + "…";
        return new JudgeException(judge, what + " in " + JudgeRatingScorer.PARSE_ATTEMPTS + " answers, the last: " + shown.replace('\n', ' '),
                ErrorClass.UNPARSEABLE_VERDICT);
    }
}
