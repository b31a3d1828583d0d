package org.gapbench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A warm box serves one execution after another ({@link WarmBox}): each of these shows that an execution gets what a
 * fresh box would give it — its own limits, empty writable directories, no process, file, IPC object or stream of an
 * earlier execution — and that an execution attacking its box's zygote ends only itself. Executions of this class run
 * one at a time on {@link Sandbox#bubblewrap()}, so consecutive ones share a box unless the box was destroyed; the box
 * is recognised by its pid namespace.
 */
class WarmBoxTest {
    private static final Limits LIMITS = Limits.standard(Duration.ofSeconds(20));

    private static Execution python(String program) {
        return python(program, LIMITS);
    }

    private static Execution python(String program, Limits limits) {
        return Sandbox.bubblewrap().run(new Job(Map.of("p.py", program.getBytes(StandardCharsets.UTF_8)),
                List.of("/usr/bin/python3", "-I", "-S", Job.BOX + "/p.py"), "", limits));
    }

    /**
     * What tells one box from another: its pid namespace and its init's start time (a namespace's inode number is
     * reused once the namespace is gone, so after a box is destroyed the next may get the same number).
     */
    private static final String BOX_ID_LINE = "print(os.readlink('/proc/self/ns/pid'), open('/proc/1/stat').read().rsplit(')', 1)[1].split()[19])";
    private static final String BOX_ID = "import os\n" + BOX_ID_LINE + "\n";

    /** Everything an execution can leave behind, then a look from the next execution in the same box. */
    @Test
    void nothingOfOneExecutionReachesTheNext() {
        String box = python(BOX_ID).stdout().strip();
        Execution litter = python("""
                import ctypes, os, time
                for d in ('/work', '/tmp', '/dev/shm'):
                    with open(d + '/left-behind', 'w') as f:
                        f.write('secret')
                    os.makedirs(d + '/deep/er', exist_ok=True)
                    os.chmod(d + '/deep', 0)
                libc = ctypes.CDLL('libc.so.6', use_errno=True)
                shm = libc.shmget(0, 1 << 20, 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
                sem = libc.semget(0, 1, 0o1600)
                msg = libc.msgget(0, 0o1600)
                print(shm >= 0, sem >= 0, msg >= 0)
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(60)
                        open('/work/late', 'w').write('late')
                    os._exit(0)
                """ + BOX_ID_LINE + "\n");
        assertEquals(0, litter.exitCode(), litter.stderr());
        assertEquals("True True True", litter.stdout().lines().findFirst().orElseThrow(), "the program could not make its IPC objects");
        Execution look = python("""
                import os
                """ + BOX_ID_LINE + "\n" + """
                print(sorted(os.listdir('/work')), sorted(os.listdir('/tmp')), sorted(os.listdir('/dev/shm')))
                print(len([p for p in os.listdir('/proc') if p.isdigit()]))
                for kind in ('shm', 'sem', 'msg'):
                    print(kind, len(open('/proc/sysvipc/' + kind).read().splitlines()) - 1)
                """);
        assertEquals(0, look.exitCode(), look.stderr());
        List<String> lines = look.stdout().lines().toList();
        assertEquals(box, lines.get(0), "the executions did not share a box, so this test shows nothing");
        assertEquals(box, litter.stdout().lines().toList().get(1));
        assertEquals("[] [] []", lines.get(1), "files of the earlier execution");
        assertEquals("3", lines.get(2), "processes besides the box's init, its zygote and this one");
        assertEquals(List.of("shm 0", "sem 0", "msg 0"), lines.subList(3, 6), "System V IPC objects of the earlier execution");
    }

    @Test
    void eachExecutionHasItsOwnLimits() {
        Limits tight = new Limits(Duration.ofSeconds(20), 7, 300 * Limits.MIB, 3 * Limits.MIB, 33, 1024 * 1024, Limits.EXECUTION_MEMORY);
        Execution e = python("print(open('/proc/self/limits').read())", tight);
        assertEquals(0, e.exitCode(), e.stderr());
        String limits = e.stdout();
        assertTrue(limits.matches("(?s).*Max cpu time\\s+7\\s+7 .*"), limits);
        assertTrue(limits.matches("(?s).*Max address space\\s+314572800\\s+314572800 .*"), limits);
        assertTrue(limits.matches("(?s).*Max file size\\s+3145728\\s+3145728 .*"), limits);
        assertTrue(limits.matches("(?s).*Max processes\\s+33\\s+33 .*"), limits);
        assertTrue(limits.matches("(?s).*Max core file size\\s+0\\s+0 .*"), limits);
        assertTrue(limits.matches("(?s).*Max msgqueue size\\s+0\\s+0 .*"), limits);
        // and the next execution is not held to them: limits are the fork's, not the box's
        Execution next = python("print(open('/proc/self/limits').read())");
        assertTrue(next.stdout().matches("(?s).*Max processes\\s+512\\s+512 .*"), next.stdout());
    }

    /**
     * What a fresh interpreter reports, the warm one reports: status, output, traceback, argv and environment (bubblewrap
     * sets {@code PWD} when it changes directory, so a fresh box had it too).
     */
    @Test
    void theProgramRunsAsItWouldInAFreshInterpreter() {
        Execution e = python("""
                import os, sys
                print(sys.argv, sys.flags.isolated, sys.flags.no_site, os.getcwd(), sorted(os.environ), __name__)
                print(sys.stdin.read() == '', file=sys.stderr)
                sys.exit(3)
                """);
        assertEquals(3, e.exitCode(), e.stderr());
        assertEquals("['/box/p.py'] 1 1 /work ['HOME', 'LANG', 'PATH', 'PWD'] __main__", e.stdout().strip());
        assertEquals("True", e.stderr().strip());
        Execution raised = python("def f():\n    raise ValueError('no')\nf()\n");
        assertEquals(1, raised.exitCode());
        assertTrue(raised.stderr().contains("File \"/box/p.py\", line 3") && raised.stderr().endsWith("ValueError: no\n"), raised.stderr());
        Execution signalled = python("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n");
        assertEquals(128 + 11, signalled.exitCode(), signalled.stderr());
        // random is seeded per execution (from os.urandom at its import), not inherited from the zygote
        String draw = "import random, uuid\nprint(random.random(), uuid.uuid4())\n";
        assertNotEquals(python(draw).stdout(), python(draw).stdout(), "two executions drew the same random numbers");
        Execution exec = Sandbox.bubblewrap().run(new Job(Map.of(), List.of("/bin/sh", "-c", "read x; echo \"got $x\"; exit 7"), "hello\n", LIMITS));
        assertEquals(7, exec.exitCode(), exec.stderr());
        assertEquals("got hello", exec.stdout().strip());
    }

    /** Same uid as the zygote, but it is not dumpable: no ptrace, no /proc/PID/mem, no file descriptors to take. */
    @Test
    void anExecutionCannotReachIntoItsZygote() {
        Execution e = python("""
                import ctypes, os
                z = os.getppid()
                for path in ('/proc/%d/mem' % z, '/proc/%d/fd/0' % z, '/proc/%d/environ' % z):
                    try:
                        open(path, 'rb').read(1)
                        print('opened', path)
                    except OSError as err:
                        print('refused', err.errno)
                try:
                    os.listdir('/proc/%d/fd' % z)
                    print('listed fds')
                except OSError as err:
                    print('refused', err.errno)
                libc = ctypes.CDLL('libc.so.6', use_errno=True)
                print('ptrace', libc.ptrace(16, z, None, None), ctypes.get_errno())  # PTRACE_ATTACH
                """);
        assertEquals(0, e.exitCode(), e.stderr());
        assertEquals(List.of("refused 13", "refused 13", "refused 13", "refused 13", "ptrace -1 1"), e.stdout().lines().toList());
    }

    /**
     * Connections to the box's socket with guessed tokens, left for the next execution: none is taken as its stream.
     * The host accepts only while it starts an execution, so the forger fills the socket's backlog and its later
     * connects time out; the next execution's start drains what is left and takes only its own three streams.
     */
    @Test
    void anEarlierExecutionCannotPassForALaterOnesStreams() {
        Execution forger = python("""
                import socket
                held = []
                try:
                    for seq in range(100):
                        for kind in '012':
                            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                            s.settimeout(0.2)
                            s.connect('/gapbench/chan.sock')
                            s.sendall(b'%032x %s\\nforged output\\n' % (seq, kind.encode()))
                            held.append(s)
                except OSError:
                    pass
                print(len(held))
                """);
        assertEquals(0, forger.exitCode(), forger.stderr());
        assertTrue(Integer.parseInt(forger.stdout().strip()) >= 16, "the forger could not fill the backlog: " + forger.stdout());
        Execution honest = python("print('mine')");
        assertEquals(0, honest.exitCode(), honest.stderr());
        assertEquals("mine\n", honest.stdout());
    }

    /** Killing its zygote ends the execution at once; the box is destroyed and the next execution gets a new one. */
    @Test
    void anExecutionThatKillsItsZygoteEndsOnlyItself() {
        String before = python(BOX_ID).stdout().strip();
        long started = System.nanoTime();
        Execution e = python("import os, time\nos.kill(os.getppid(), 9)\ntime.sleep(30)\nprint('still here')\n");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertNotEquals(0, e.exitCode());
        assertTrue(!e.stdout().contains("still here") && millis < 10_000, "it took " + millis + " ms: " + e);
        Execution next = python(BOX_ID);
        assertEquals(0, next.exitCode(), next.stderr());
        assertNotEquals(before, next.stdout().strip(), "the box whose zygote died was used again");
    }

    /** A box whose zygote dies while it is idle (killed from outside here) is not given the next job, which runs. */
    @Test
    void aBoxThatDiedWhileIdleIsNotUsedAgain() throws Exception {
        String before = python(BOX_ID).stdout().strip();
        List<ProcessHandle> zygotes = ProcessHandle.current().descendants()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(WarmBox.CONTROL + "/zygote.py")).orElse(false))
                .toList();
        assertTrue(!zygotes.isEmpty(), "no idle zygote found");
        for (ProcessHandle z : zygotes) {
            z.destroyForcibly();
            z.onExit().get();
        }
        Execution next = python(BOX_ID);
        assertEquals(0, next.exitCode(), next.toString());
        assertNotEquals(before, next.stdout().strip(), "the box whose zygote died was used again");
    }

    /** A stopped zygote answers nothing: the execution ends at its wall clock and the box is not used again. */
    @Test
    void anExecutionThatStopsItsZygoteEndsAtItsTimeout() {
        String before = python(BOX_ID).stdout().strip();
        Execution e = python("import os, signal, time\nos.kill(os.getppid(), signal.SIGSTOP)\ntime.sleep(30)\n",
                Limits.standard(Duration.ofSeconds(2)));
        assertTrue(e.timedOut(), e.toString());
        assertTrue(e.wallMillis() < 10_000, e.wallMillis() + " ms");
        Execution next = python(BOX_ID);
        assertEquals(0, next.exitCode(), next.stderr());
        assertNotEquals(before, next.stdout().strip(), "the box whose zygote was stopped was used again");
    }
}
