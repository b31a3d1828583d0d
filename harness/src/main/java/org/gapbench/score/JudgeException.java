package org.gapbench.score;

import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;

/**
 * A judge a verdict needed could not be asked or did not answer. The sample is then an error of the judge's class
 * (retried when the run is resumed), never a score; a judge refused because the run is stopping leaves the sample
 * to be done.
 */
public final class JudgeException extends RuntimeException {
    private final ErrorClass errorClass;

    public JudgeException(String judge, ModelCallException cause) {
        super("judge " + judge + ": " + cause.getMessage(), cause);
        this.errorClass = cause.errorClass();
    }

    /** A judge that answered, but not in a form its rule can read ({@link ErrorClass#UNPARSEABLE_VERDICT}). */
    public JudgeException(String judge, String message, ErrorClass errorClass) {
        super("judge " + judge + ": " + message);
        this.errorClass = errorClass;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }
}
