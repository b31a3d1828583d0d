package org.gapbench.model;

/** One chat message. Kept independent of LangChain4j so that journals, caches and scorers do not depend on it. */
public record Message(Role role, String content) {
    public enum Role { SYSTEM, USER, ASSISTANT }

    public static Message system(String text) {
        return new Message(Role.SYSTEM, text);
    }

    public static Message user(String text) {
        return new Message(Role.USER, text);
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, text);
    }
}
