package org.gapbench.keigo;

import java.util.Locale;

/**
 * The register a situation calls for, and whose actions the honorifics concern.
 *
 * @param register the level of speech the relationship requires
 * @param actor    who performs the actions talked about: the honoured listener (KeiCOT {@code sh}, raise them with
 *                 sonkeigo) or the speaker's side (KeiCOT {@code oh}, humble it with kenjōgo); {@code MIXED} when
 *                 both occur, as in a shop's reply to a customer
 */
public record Expectation(Register register, Actor actor) {

    public enum Register { PLAIN, POLITE, HONORIFIC }

    public enum Actor { LISTENER, SPEAKER, MIXED }

    /** Honorific speech toward a listener, with the actor named by a KeiCOT honorific type ({@code sh}/{@code oh}). */
    public static Expectation honorific(String honorificType) {
        return new Expectation(Register.HONORIFIC, actor(honorificType));
    }

    public static Actor actor(String honorificType) {
        return switch (honorificType == null ? "" : honorificType.trim().toLowerCase(Locale.ROOT)) {
            case "sh", "listener" -> Actor.LISTENER;
            case "oh", "speaker" -> Actor.SPEAKER;
            default -> Actor.MIXED;
        };
    }

    public static Register register(String name) {
        try {
            return Register.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("register must be plain, polite or honorific, got '" + name + "'");
        }
    }
}
