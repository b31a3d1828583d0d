package org.gapbench.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child JVMs that run with this JVM's flags and class path: the benchmark times gapbench the
 * way the launcher starts it, and keeps the server's CPU out of the harness's.
 */
final class JavaProcess {
    private JavaProcess() {
    }

    static List<String> command(List<String> extraJvmArgs, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a debugger, profiler or class-archive dump of the benchmark must not be attached to its children
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-XX:StartFlightRecording")
                    && !a.startsWith("-XX:ArchiveClassesAtExit")) {
                cmd.add(a);
            }
        }
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
