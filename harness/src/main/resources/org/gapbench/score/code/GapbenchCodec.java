// gapbench: plain values on the channel between the Java judge box and the Java candidate box (docs/sandbox.md).
// The wire format is python_codec.py's: one value is a JSON array whose first element is a type tag; N null, b boolean,
// i int (hex; a Java int), f double (hex, or nan/inf/-inf), s string, l list, S set, d map (a list of [key, value] pairs),
// e BigDecimal, o an opaque value of the candidate. Java adds the widths Python does not have: j long, h short, z byte,
// k char (a one-character string), g float, n BigInteger, and p Optional (['p'] or ['p', value]), a array
// (['a', Class.getName(), [elements]]). Encoding checks exact classes: a List, Set or Map crosses only when its class is
// the JDK's own (loaded by the boot loader), so a subclass or a class of the candidate with a forged equals crosses as
// an opaque value; decoding is strict and builds only JDK values (ArrayList, LinkedHashMap, LinkedHashSet, Optional,
// boxed primitives, String, BigInteger, BigDecimal, arrays of those), so the judge never holds a candidate's object.
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

final class GapbenchCodec {
    static final int MAX_DEPTH = 100;
    static final int MAX_ITEMS = 1000000;
    private static final Pattern HEX_INT = Pattern.compile("-?0x[0-9a-f]+");
    private static final Pattern HEX_FLOAT = Pattern.compile("-?0x[0-9a-f]+(\\.[0-9a-f]*)?p[+-]?[0-9]{1,4}");

    private GapbenchCodec() {
    }

    /** A value that cannot cross (strict encoding), or a message that is not exactly one (decoding). */
    static final class Malformed extends RuntimeException {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** The candidate's answer held a value that is not plain data: only its class name crossed. */
    static final class NotPlain extends RuntimeException {
        NotPlain(String className) {
            super("the candidate's answer holds a " + className + ", which is not a plain value", null, false, false);
        }
    }

    // ---- values

    /** x as a tagged value; strict: refuse what is not plain, else send it as an opaque value. */
    static Object encode(Object x, boolean strict) {
        return encode(x, 0, strict);
    }

    private static Object encode(Object x, int depth, boolean strict) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("a value nested more than " + MAX_DEPTH + " deep");
        }
        if (x == null) {
            return List.of("N");
        }
        Class<?> c = x.getClass();
        if (c == Boolean.class) {
            return List.of("b", x);
        }
        if (c == Integer.class) {
            return List.of("i", hex((Integer) x));
        }
        if (c == Long.class) {
            return List.of("j", hex((Long) x));
        }
        if (c == Short.class) {
            return List.of("h", hex((Short) x));
        }
        if (c == Byte.class) {
            return List.of("z", hex((Byte) x));
        }
        if (c == Character.class) {
            return List.of("k", String.valueOf((char) (Character) x));
        }
        if (c == Double.class) {
            return List.of("f", hexDouble((Double) x));
        }
        if (c == Float.class) {
            return List.of("g", hexDouble((Float) x));
        }
        if (c == String.class) {
            return List.of("s", x);
        }
        if (c == BigInteger.class) {
            BigInteger b = (BigInteger) x;
            return List.of("n", (b.signum() < 0 ? "-0x" : "0x") + b.abs().toString(16));
        }
        if (c == BigDecimal.class) {
            return List.of("e", x.toString());
        }
        if (c == Optional.class) {
            Optional<?> o = (Optional<?>) x;
            return o.isPresent() ? List.of("p", encode(o.get(), depth + 1, strict)) : List.of("p");
        }
        boolean jdk = c.getClassLoader() == null;
        if (jdk && x instanceof List) {
            return List.of("l", sequence((List<?>) x, depth, strict));
        }
        if (jdk && x instanceof Set) {
            return List.of("S", sequence((Set<?>) x, depth, strict));
        }
        if (jdk && x instanceof Map) {
            List<Object> pairs = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) x).entrySet()) {
                pairs.add(List.of(encode(e.getKey(), depth + 1, strict), encode(e.getValue(), depth + 1, strict)));
                count(pairs.size());
            }
            return List.of("d", pairs);
        }
        if (c.isArray() && plainComponent(c)) {
            int n = java.lang.reflect.Array.getLength(x);
            count(n);
            List<Object> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(encode(java.lang.reflect.Array.get(x, i), depth + 1, strict));
            }
            return List.of("a", c.getName(), items);
        }
        if (strict) {
            throw new Malformed("a " + c.getName() + " is not a plain value and cannot cross to the candidate");
        }
        String name = c.getName();
        return List.of("o", name.length() > 200 ? name.substring(0, 200) : name, false);
    }

    private static List<Object> sequence(Collection<?> xs, int depth, boolean strict) {
        List<Object> out = new ArrayList<>();
        for (Object e : xs) {
            out.add(encode(e, depth + 1, strict));
            count(out.size());
        }
        return out;
    }

    private static void count(int n) {
        if (n > MAX_ITEMS) {
            throw new Malformed("more than " + MAX_ITEMS + " items");
        }
    }

    /** Arrays of primitives, boxed primitives, String, BigInteger, BigDecimal, Object, List, Map, Set, Optional, any depth. */
    private static boolean plainComponent(Class<?> c) {
        Class<?> e = c;
        while (e.isArray()) {
            e = e.getComponentType();
        }
        return e.isPrimitive() || e == Object.class || e == String.class || e == Integer.class || e == Long.class || e == Short.class
                || e == Byte.class || e == Character.class || e == Double.class || e == Float.class || e == Boolean.class
                || e == BigInteger.class || e == BigDecimal.class || e == List.class || e == Map.class || e == Set.class
                || e == Optional.class;
    }

    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toUnsignedString(-v, 16) : "0x" + Long.toHexString(v);
    }

    private static String hexDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return Double.toHexString(d);
    }

    /** The value a tagged value stands for, as JDK values only; Malformed on anything that is not exactly one. */
    static Object decode(Object v, boolean intern) {
        return decode(v, 0, intern);
    }

    private static Object decode(Object v, int depth, boolean intern) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nested too deeply");
        }
        if (!(v instanceof List) || ((List<?>) v).isEmpty() || !(((List<?>) v).get(0) instanceof String)) {
            throw new Malformed("not a tagged value");
        }
        List<?> t = (List<?>) v;
        String tag = (String) t.get(0);
        int n = t.size();
        if (n == 1 && tag.equals("N")) {
            return null;
        }
        if (n == 1 && tag.equals("p")) {
            return Optional.empty();
        }
        if (n == 2) {
            Object a = t.get(1);
            switch (tag) {
                case "b":
                    if (a instanceof Boolean) {
                        return a;
                    }
                    break;
                case "i":
                    return Math.toIntExact(integer(a, 32));
                case "j":
                    return integer(a, 64);
                case "h":
                    return (short) integer(a, 16);
                case "z":
                    return (byte) integer(a, 8);
                case "k":
                    if (a instanceof String && ((String) a).length() == 1) {
                        return ((String) a).charAt(0);
                    }
                    break;
                case "f":
                    return real(a);
                case "g":
                    double d = real(a);
                    if (Double.isNaN(d) || Double.isInfinite(d) || (double) (float) d == d) {
                        return (float) d;
                    }
                    break;
                case "s":
                    if (a instanceof String) {
                        return intern ? ((String) a).intern() : a;
                    }
                    break;
                case "n":
                    return bigInteger(a);
                case "e":
                    if (a instanceof String && ((String) a).length() <= 10000) {
                        try {
                            return new BigDecimal((String) a);
                        } catch (NumberFormatException e) {
                            throw new Malformed("bad decimal");
                        }
                    }
                    break;
                case "p":
                    Object inner = decode(a, depth + 1, intern);
                    if (inner == null) {
                        throw new Malformed("an Optional of null");
                    }
                    return Optional.of(inner);
                case "l":
                    return new ArrayList<>(items(a, depth, intern));
                case "S":
                    return new LinkedHashSet<>(items(a, depth, intern));
                case "d":
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (Object p : list(a)) {
                        List<?> pair = list(p);
                        if (pair.size() != 2) {
                            throw new Malformed("bad pair");
                        }
                        m.put(decode(pair.get(0), depth + 1, intern), decode(pair.get(1), depth + 1, intern));
                    }
                    return m;
                default:
                    break;
            }
        }
        if (n == 3 && tag.equals("a") && t.get(1) instanceof String) {
            return array((String) t.get(1), items(t.get(2), depth, intern));
        }
        if (n == 3 && tag.equals("o") && t.get(1) instanceof String && ((String) t.get(1)).length() <= 200 && t.get(2) instanceof Boolean) {
            throw new NotPlain((String) t.get(1));
        }
        throw new Malformed("not a tagged value");
    }

    private static List<?> list(Object a) {
        if (!(a instanceof List) || ((List<?>) a).size() > MAX_ITEMS) {
            throw new Malformed("bad sequence");
        }
        return (List<?>) a;
    }

    private static List<Object> items(Object a, int depth, boolean intern) {
        List<Object> out = new ArrayList<>();
        for (Object e : list(a)) {
            out.add(decode(e, depth + 1, intern));
        }
        return out;
    }

    private static long integer(Object a, int bits) {
        BigInteger b = bigInteger(a);
        if (b.bitLength() >= bits) {
            throw new Malformed("an integer out of range");
        }
        return b.longValue();
    }

    private static BigInteger bigInteger(Object a) {
        if (!(a instanceof String) || ((String) a).length() > 100000 || !HEX_INT.matcher((String) a).matches()) {
            throw new Malformed("bad integer");
        }
        String s = (String) a;
        boolean negative = s.startsWith("-");
        BigInteger b = new BigInteger(s.substring(negative ? 3 : 2), 16);
        return negative ? b.negate() : b;
    }

    private static double real(Object a) {
        if (a instanceof String) {
            String s = (String) a;
            switch (s) {
                case "nan":
                    return Double.NaN;
                case "inf":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    if (HEX_FLOAT.matcher(s).matches()) {
                        return Double.parseDouble(s);
                    }
            }
        }
        throw new Malformed("bad float");
    }

    private static Object array(String className, List<Object> items) {
        Class<?> c;
        try {
            c = Class.forName(className, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Malformed("not an array class: " + className);
        }
        if (!c.isArray() || !plainComponent(c)) {
            throw new Malformed("not a plain array class: " + className);
        }
        Object out = java.lang.reflect.Array.newInstance(c.getComponentType(), items.size());
        try {
            for (int i = 0; i < items.size(); i++) {
                java.lang.reflect.Array.set(out, i, items.get(i));
            }
        } catch (IllegalArgumentException e) {
            throw new Malformed("an element of the wrong type in a " + className);
        }
        return out;
    }

    /**
     * v as a value of type t where a conversion keeps its value exactly (an answer that declares long where the prompt
     * says int, or double where it says int, still compares as it did in one program), else v unchanged.
     */
    static Object convert(Object v, Class<?> t) {
        Class<?> b = t.isPrimitive() ? box(t) : t;
        if (v == null || b.isInstance(v) || !(v instanceof Number) || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        boolean integral = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
        double d = ((Number) v).doubleValue();
        long x = integral ? ((Number) v).longValue() : (long) d;
        boolean whole = integral || (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 0x1p63 && (double) x == d);
        if (b == Integer.class && whole && x == (int) x) {
            return (int) x;
        }
        if (b == Long.class && whole) {
            return x;
        }
        if (b == Short.class && whole && x == (short) x) {
            return (short) x;
        }
        if (b == Byte.class && whole && x == (byte) x) {
            return (byte) x;
        }
        if (b == Double.class && (!integral || Math.abs(x) <= (1L << 53))) {
            return integral ? (double) x : d;
        }
        if (b == Float.class && (integral ? Math.abs(x) <= (1L << 24) : Double.isNaN(d) || (double) (float) d == d)) {
            return integral ? (float) x : (float) d;
        }
        return v;
    }

    static Class<?> box(Class<?> p) {
        return p == int.class ? Integer.class : p == long.class ? Long.class : p == double.class ? Double.class : p == boolean.class
                ? Boolean.class : p == char.class ? Character.class : p == float.class ? Float.class : p == short.class ? Short.class
                : p == byte.class ? Byte.class : p == void.class ? Void.class : p;
    }

    // ---- JSON: arrays, strings, integers, booleans and null are all the channel needs

    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Integer || v instanceof Long) {
            b.append(v);
        } else if (v instanceof String) {
            String s = (String) v;
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    b.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 15, 16))
                            .append(Character.forDigit((c >> 4) & 15, 16)).append(Character.forDigit(c & 15, 16));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        } else if (v instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object e : (List<?>) v) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(e, b);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName());
        }
    }

    static Object read(String line) {
        int[] at = {0};
        Object v = value(line, at, 0);
        skip(line, at);
        if (at[0] != line.length()) {
            throw new Malformed("text after the message");
        }
        return v;
    }

    private static void skip(String s, int[] at) {
        while (at[0] < s.length() && " \t\r".indexOf(s.charAt(at[0])) >= 0) {
            at[0]++;
        }
    }

    private static Object value(String s, int[] at, int depth) {
        if (depth > 2 * MAX_DEPTH + 10) {
            throw new Malformed("nested too deeply");
        }
        skip(s, at);
        if (at[0] >= s.length()) {
            throw new Malformed("the message ends early");
        }
        char c = s.charAt(at[0]);
        if (c == '[') {
            at[0]++;
            List<Object> out = new ArrayList<>();
            skip(s, at);
            if (at[0] < s.length() && s.charAt(at[0]) == ']') {
                at[0]++;
                return out;
            }
            while (true) {
                out.add(value(s, at, depth + 1));
                skip(s, at);
                if (at[0] >= s.length()) {
                    throw new Malformed("an unclosed array");
                }
                char d = s.charAt(at[0]++);
                if (d == ']') {
                    return out;
                }
                if (d != ',') {
                    throw new Malformed("expected , or ]");
                }
            }
        }
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            at[0]++;
            while (true) {
                if (at[0] >= s.length()) {
                    throw new Malformed("an unclosed string");
                }
                char d = s.charAt(at[0]++);
                if (d == '"') {
                    return b.toString();
                }
                if (d == '\\') {
                    if (at[0] >= s.length()) {
                        throw new Malformed("a bad escape");
                    }
                    char e = s.charAt(at[0]++);
                    switch (e) {
                        case '"': case '\\': case '/':
                            b.append(e);
                            break;
                        case 'b':
                            b.append('\b');
                            break;
                        case 'f':
                            b.append('\f');
                            break;
                        case 'n':
                            b.append('\n');
                            break;
                        case 'r':
                            b.append('\r');
                            break;
                        case 't':
                            b.append('\t');
                            break;
                        case 'u':
                            if (at[0] + 4 > s.length()) {
                                throw new Malformed("a bad escape");
                            }
                            try {
                                b.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                            } catch (NumberFormatException x) {
                                throw new Malformed("a bad escape");
                            }
                            at[0] += 4;
                            break;
                        default:
                            throw new Malformed("a bad escape");
                    }
                } else if (d < 0x20) {
                    throw new Malformed("a control character in a string");
                } else {
                    b.append(d);
                }
            }
        }
        if (s.startsWith("true", at[0])) {
            at[0] += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", at[0])) {
            at[0] += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", at[0])) {
            at[0] += 4;
            return null;
        }
        int start = at[0];
        if (c == '-') {
            at[0]++;
        }
        while (at[0] < s.length() && s.charAt(at[0]) >= '0' && s.charAt(at[0]) <= '9' && at[0] - start < 19) {
            at[0]++;
        }
        if (at[0] == start || (c == '-' && at[0] == start + 1)) {
            throw new Malformed("not a message");
        }
        if (at[0] < s.length() && ".eE0123456789".indexOf(s.charAt(at[0])) >= 0) {
            throw new Malformed("only integers of up to 18 digits on the channel");
        }
        return Long.parseLong(s.substring(start, at[0]));
    }

    static byte[] line(Object message) {
        return (write(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
