// gapbench: the Java judge box's driver (docs/sandbox.md). It runs the item's test class Main against a stub class
// Solution whose methods call the candidate across the channel, and reports the verdict on its own stdout and by its
// exit status; the candidate never shares this JVM, its memory or its files. The exit statuses are python_judge.py's.
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class GapbenchJudge {
    static final int PASSED = 0, RUNTIME_ERROR = 1, ASSERTION_FAILED = 4, OUT_OF_MEMORY = 5, TAMPERING = 6, CANDIDATE_GONE = 7,
            NEVER_STARTED = 8;
    private static OutputStream chanOut;
    private static BufferedReader chanIn;
    private static long seq;
    private static volatile Ended ended;

    /** The candidate cannot be called any more; an Error, so that a test's catch (Exception e) cannot hide it. */
    static final class Ended extends Error {
        final int status;

        Ended(int status, String why) {
            super(why, null, false, false);
            this.status = status;
        }
    }

    public static void main(String[] args) {
        chanOut = new FileOutputStream(FileDescriptor.out);
        chanIn = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        // the tests' own prints go to stderr: stdout carries only the channel and the verdict
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(new byte[0]));
        int status;
        try {
            raw("=start\n");
            status = run();
        } catch (Ended e) {
            status = e.status;
        } catch (AssertionError e) {
            e.printStackTrace();
            status = ASSERTION_FAILED;
        } catch (OutOfMemoryError e) {
            System.err.println("OutOfMemoryError");
            status = OUT_OF_MEMORY;
        } catch (Throwable t) {
            t.printStackTrace();
            status = RUNTIME_ERROR;
        }
        if (ended != null) { // also when the tests caught it
            System.err.println(ended.getMessage());
            status = ended.status;
        }
        try {
            if (status == PASSED) {
                raw("=passed\n");
            }
        } catch (Throwable t) {
            status = RUNTIME_ERROR;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static int run() throws Throwable {
        Object hello = receive();
        if (hello instanceof List && ((List<?>) hello).size() == 2 && "load".equals(((List<?>) hello).get(0))) {
            Object kind = ((List<?>) hello).get(1);
            System.err.println("the candidate's program failed before the tests ran (" + kind + ")");
            if ("memory-limit".equals(kind)) {
                return OUT_OF_MEMORY;
            }
            if ("runtime-error".equals(kind)) {
                return RUNTIME_ERROR;
            }
        }
        if (!(hello instanceof List) || ((List<?>) hello).size() != 3 || !"hello".equals(((List<?>) hello).get(0))) {
            System.err.println("the candidate did not introduce itself");
            return TAMPERING;
        }
        try {
            Class.forName("Main").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
        return PASSED;
    }

    /** The candidate's answer as the prompt's declared primitive or boxed type, where that keeps its value exactly. */
    static Object as(Object answer, Class<?> declared) {
        return GapbenchCodec.convert(answer, declared);
    }

    /** A new instance of the candidate's Solution, by its index on the candidate's side. */
    static int construct() {
        return (Integer) call(-1, "<init>");
    }

    /** The candidate's method {@code name} called on instance {@code receiver} with plain values, its answer decoded. */
    static synchronized Object call(int receiver, String name, Object... args) {
        if (ended != null) {
            throw ended;
        }
        List<Object> encoded = new ArrayList<>();
        for (Object a : args) {
            try {
                encoded.add(GapbenchCodec.encode(a, true));
            } catch (GapbenchCodec.Malformed e) {
                throw new IllegalArgumentException("cannot call the candidate's " + name + ": " + e.getMessage());
            }
        }
        seq++;
        List<Object> kwargs = receiver < 0 ? List.of() : List.of(List.of("this", GapbenchCodec.encode(receiver, true)));
        try {
            chanOut.write('@');
            chanOut.write(GapbenchCodec.line(List.of(seq, name, encoded, kwargs)));
            chanOut.flush();
        } catch (java.io.IOException e) {
            throw end(CANDIDATE_GONE, "the channel closed: " + e.getMessage());
        }
        Object reply = receive();
        Throwable error;
        try {
            List<?> r = (List<?>) reply;
            if (r.size() < 3 || !Long.valueOf(seq).equals(r.get(0))) {
                throw new GapbenchCodec.Malformed("not the reply to call " + seq);
            }
            if ("ok".equals(r.get(1)) && r.size() == 3) {
                try {
                    return GapbenchCodec.decode(r.get(2), true);
                } catch (GapbenchCodec.NotPlain e) {
                    throw new AssertionError("the candidate's " + name + " returned something that is not a plain value: " + e.getMessage());
                }
            }
            if ("exc".equals(r.get(1)) && r.size() == 4 && r.get(2) instanceof String && r.get(3) instanceof String) {
                error = exception((String) r.get(2), (String) r.get(3));
            } else {
                throw new GapbenchCodec.Malformed("an unknown reply");
            }
        } catch (GapbenchCodec.Malformed | ClassCastException | ArithmeticException e) {
            throw end(TAMPERING, "the candidate broke the protocol: " + e.getMessage());
        }
        throwUnchecked(error);
        return null;
    }

    private static void raw(String s) throws java.io.IOException {
        chanOut.write(s.getBytes(StandardCharsets.UTF_8));
        chanOut.flush();
    }

    private static Object receive() {
        String line;
        try {
            line = chanIn.readLine();
        } catch (java.io.IOException e) {
            line = null;
        }
        if (line == null) {
            throw end(seq > 0 ? CANDIDATE_GONE : NEVER_STARTED, "the candidate exited before the tests finished");
        }
        try {
            return GapbenchCodec.read(line);
        } catch (GapbenchCodec.Malformed | StackOverflowError e) {
            throw end(TAMPERING, "the candidate sent something that is not a message");
        }
    }

    private static Ended end(int status, String why) {
        if (ended == null) {
            ended = new Ended(status, why);
        }
        return ended;
    }

    /** The candidate's exception as the JDK class of that name (boot loader only), else a RuntimeException. */
    private static Throwable exception(String className, String message) {
        String m = message.length() > 2000 ? message.substring(0, 2000) : message;
        try {
            Class<?> c = Class.forName(className, false, null);
            if (Throwable.class.isAssignableFrom(c)) {
                Throwable t = (Throwable) c.getConstructor(String.class).newInstance(m + " (raised by the candidate)");
                return t;
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not a JDK throwable with a message constructor
        }
        return new RuntimeException(className.length() > 200 ? className.substring(0, 200) : className + ": " + m + " (raised by the candidate)");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }
}
