// gapbench: the Java candidate box's server (docs/sandbox.md). It loads the model's class Solution, which holds no
// test, reports the names of its methods, then answers the judge's calls, one line per call, until the judge is done.
// Nothing here is trusted: the candidate's code runs in this JVM and can do anything to it; the judge decodes strictly.
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class GapbenchCandidate {
    private static final String MARK = "gapbench-candidate:start";

    public static void main(String[] args) throws Exception {
        // the channel keeps the original stdin and stdout; the program's own prints go to stderr, its input is empty
        OutputStream chanOut = new FileOutputStream(FileDescriptor.out);
        BufferedReader chanIn = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(new byte[0]));
        System.err.println(MARK);
        System.err.flush();
        Class<?> solution;
        try {
            solution = Class.forName("Solution", true, GapbenchCandidate.class.getClassLoader());
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
            cause.printStackTrace();
            send(chanOut, List.of("load", cause instanceof OutOfMemoryError ? "memory-limit" : "runtime-error"));
            Runtime.getRuntime().halt(0);
            return;
        }
        List<Object> names = new ArrayList<>();
        for (Method m : solution.getDeclaredMethods()) {
            if (!names.contains(m.getName()) && !m.isSynthetic() && names.size() < 10000) {
                names.add(m.getName());
            }
        }
        send(chanOut, List.of("hello", names, List.of()));
        List<Object> instances = new ArrayList<>();
        while (true) {
            String line = chanIn.readLine();
            if (line == null) {
                break;
            }
            List<?> call = (List<?>) GapbenchCodec.read(line);
            Object seq = call.get(0);
            String name = (String) call.get(1);
            List<Object> callArgs = new ArrayList<>();
            for (Object a : (List<?>) call.get(2)) {
                callArgs.add(GapbenchCodec.decode(a, false));
            }
            int receiver = -1;
            for (Object kw : (List<?>) call.get(3)) {
                List<?> pair = (List<?>) kw;
                if ("this".equals(pair.get(0))) {
                    receiver = (Integer) GapbenchCodec.decode(pair.get(1), false);
                }
            }
            Object reply;
            try {
                Object result;
                if (name.equals("<init>")) {
                    Constructor<?> c = solution.getDeclaredConstructor();
                    c.setAccessible(true);
                    instances.add(c.newInstance());
                    result = instances.size() - 1;
                } else {
                    Method m = method(solution, name, callArgs);
                    m.setAccessible(true);
                    Object[] actual = callArgs.toArray();
                    for (int i = 0; i < actual.length; i++) {
                        actual[i] = GapbenchCodec.convert(actual[i], m.getParameterTypes()[i]);
                    }
                    result = m.invoke(Modifier.isStatic(m.getModifiers()) || receiver < 0 ? null : instances.get(receiver), actual);
                }
                reply = List.of(seq, "ok", GapbenchCodec.encode(result, false));
            } catch (InvocationTargetException e) {
                reply = exception(seq, e.getCause() == null ? e : e.getCause());
            } catch (GapbenchCodec.Malformed e) {
                reply = exception(seq, new IllegalArgumentException("the answer cannot cross to the judge: " + e.getMessage()));
            } catch (Throwable e) {
                reply = exception(seq, e);
            }
            send(chanOut, reply);
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    private static Object exception(Object seq, Throwable t) {
        t.printStackTrace();
        String message;
        try {
            message = String.valueOf(t.getMessage());
        } catch (Throwable e) {
            message = "";
        }
        return List.of(seq, "exc", t.getClass().getName(), message.length() > 2000 ? message.substring(0, 2000) : message);
    }

    /** The method of that name and arity whose parameters accept the arguments (the first such). */
    private static Method method(Class<?> solution, String name, List<Object> args) throws NoSuchMethodException {
        Method fallback = null;
        for (Method m : solution.getDeclaredMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != args.size()) {
                continue;
            }
            if (fallback == null) {
                fallback = m;
            }
            Class<?>[] types = m.getParameterTypes();
            boolean fits = true;
            for (int i = 0; i < types.length && fits; i++) {
                Object a = GapbenchCodec.convert(args.get(i), types[i]);
                fits = types[i].isPrimitive() ? a != null && GapbenchCodec.box(types[i]) == a.getClass() : a == null || types[i].isInstance(a);
            }
            if (fits) {
                return m;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new NoSuchMethodException("Solution." + name + " with " + args.size() + " parameters");
    }

    private static void send(OutputStream out, Object message) throws java.io.IOException {
        out.write(GapbenchCodec.line(message));
        out.flush();
    }
}
