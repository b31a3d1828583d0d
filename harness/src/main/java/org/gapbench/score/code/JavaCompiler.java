package org.gapbench.score.code;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.gapbench.sandbox.SandboxException;

/**
 * Compiles Java sources in memory with the in-process compiler: no javac start-up per program, and no
 * candidate code runs while compiling (annotation processing is off). Only the class files go into the sandbox.
 */
final class JavaCompiler {
    private static final javax.tools.JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final List<String> OPTIONS = List.of("-proc:none", "-implicit:none", "-nowarn", "-Xlint:none", "-g:none",
            "--release", "17", "-XDstringConcat=inline"); // StringBuilder, not an invokedynamic bootstrap at each JVM's start
    private static final String NO_CLASSPATH = "/nonexistent-gapbench-classpath";
    private static final int ERRORS_KEPT = 5;
    /**
     * One file manager per scoring thread, reused by its compilations: opening the platform's class files ({@code ct.sym}
     * for {@code --release}) for every compilation was most of a small program's compile time. Every task sets the class path.
     */
    private static final ThreadLocal<StandardJavaFileManager> MANAGERS = ThreadLocal.withInitial(
            () -> JAVAC.getStandardFileManager(null, null, java.nio.charset.StandardCharsets.UTF_8));

    /** Class file name to bytes, or the compiler's first errors. */
    record Result(Map<String, byte[]> classes, String errors) {
        boolean ok() {
            return errors == null;
        }
    }

    private JavaCompiler() {
    }

    static Result compile(Map<String, String> sources) {
        return compile(sources, null);
    }

    /**
     * {@link #compile(Map)} against {@code classpath}, class files of the unnamed package held in memory (file name to
     * bytes), which are not part of the output.
     */
    static Result compile(Map<String, String> sources, Map<String, byte[]> classpath) {
        if (JAVAC == null) {
            throw new SandboxException("no Java compiler in this runtime: run the harness on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new ConcurrentHashMap<>();
        StandardJavaFileManager standard = MANAGERS.get();
        List<JavaFileObject> onClasspath = classpath == null ? List.of() : classpath.entrySet().stream().map(e -> classFile(e.getKey(), e.getValue())).toList();
        JavaFileManager memory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public Iterable<JavaFileObject> list(Location location, String packageName, java.util.Set<JavaFileObject.Kind> kinds, boolean recurse)
                    throws java.io.IOException {
                Iterable<JavaFileObject> listed = super.list(location, packageName, kinds, recurse);
                if (location != javax.tools.StandardLocation.CLASS_PATH || !packageName.isEmpty() || !kinds.contains(JavaFileObject.Kind.CLASS)
                        || onClasspath.isEmpty()) {
                    return listed;
                }
                List<JavaFileObject> all = new java.util.ArrayList<>(onClasspath);
                listed.forEach(all::add);
                return all;
            }

            @Override
            public String inferBinaryName(Location location, JavaFileObject file) {
                return onClasspath.contains(file) ? file.getName().replaceAll("^/|\\.class$", "") : super.inferBinaryName(location, file);
            }

            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className.replace('.', '/') + kind.extension, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = sources.entrySet().stream().map(e -> source(e.getKey(), e.getValue())).toList();
        List<String> options = new java.util.ArrayList<>(OPTIONS);
        options.addAll(List.of("-classpath", NO_CLASSPATH));
        boolean ok = JAVAC.getTask(null, memory, diagnostics, options, null, units).call();
        if (!ok) {
            String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).limit(ERRORS_KEPT)
                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(java.util.Locale.ROOT)).collect(Collectors.joining("\n"));
            return new Result(Map.of(), errors.isEmpty() ? "compilation failed" : errors);
        }
        return new Result(out.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toByteArray())), null);
    }

    /** A method's signature as written: its return type, its parameters' names, whether it is static. */
    record Signature(String returnType, List<String> parameters, boolean isStatic) {
    }

    /**
     * The signature of the last method {@code method} of the top-level class {@code className} in {@code source}, read
     * by javac's parser alone (nothing is compiled or run), or null when there is none.
     */
    static Signature signature(String source, String className, String method) {
        if (JAVAC == null) {
            throw new SandboxException("no Java compiler in this runtime: run the harness on a JDK, not a JRE");
        }
        com.sun.source.util.JavacTask task = (com.sun.source.util.JavacTask) JAVAC.getTask(null, null, d -> { }, List.of("-proc:none"),
                null, List.of(source(className + ".java", source)));
        Signature found = null;
        try {
            for (com.sun.source.tree.CompilationUnitTree unit : task.parse()) {
                for (com.sun.source.tree.Tree type : unit.getTypeDecls()) {
                    if (type instanceof com.sun.source.tree.ClassTree c && c.getSimpleName().contentEquals(className)) {
                        for (com.sun.source.tree.Tree member : c.getMembers()) {
                            if (member instanceof com.sun.source.tree.MethodTree m && m.getName().contentEquals(method) && m.getReturnType() != null) {
                                found = new Signature(m.getReturnType().toString(), m.getParameters().stream().map(v -> v.getName().toString()).toList(),
                                        m.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.STATIC));
                            }
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    private static JavaFileObject classFile(String fileName, byte[] bytes) {
        return new SimpleJavaFileObject(URI.create("mem:///" + fileName), JavaFileObject.Kind.CLASS) {
            @Override
            public java.io.InputStream openInputStream() {
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }

    private static JavaFileObject source(String fileName, String text) {
        return new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }
}
