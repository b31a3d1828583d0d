package org.gapbench.sandbox;

import java.util.List;
import java.util.Map;

/**
 * One program to run.
 *
 * @param files   file name to content; placed read-only in the directory the command finds at {@link #BOX}
 * @param command the command line; paths refer to {@link #BOX} (the sandbox rewrites them when it runs on the host)
 * @param stdin   text written to the program's standard input, which is then closed
 * @param limits  the resources the program may use
 */
public record Job(Map<String, byte[]> files, List<String> command, String stdin, Limits limits) {
    /** Where the job's files appear to the program. */
    public static final String BOX = "/box";

    public Job {
        files = Map.copyOf(files);
        command = List.copyOf(command);
        stdin = stdin == null ? "" : stdin;
    }
}
