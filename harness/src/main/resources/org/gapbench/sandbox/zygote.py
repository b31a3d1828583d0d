# gapbench: the warm box's zygote (docs/sandbox.md, "Warm boxes"). One runs in each long-lived bubblewrap box, started
# once per scoring worker; for each execution it forks a child that becomes the job's program, so an execution pays
# neither bubblewrap's namespace set-up nor the interpreter's start-up. It runs one execution at a time.
#
# Its control channel is its stdin (requests, one JSON line each) and stdout (replies); nothing else writes there: a
# child replaces fds 0-2 with its own three sockets before any job code runs. The zygote holds nothing of any job (the
# harness writes the job's files; only the child reads them), is not dumpable (a child of the same uid can neither
# ptrace it nor open its /proc files or fds) and wipes everything an execution could leave for the next one: its
# processes (kill(-1) until only the box's init and the zygote are left), /work, /tmp, /dev/shm and System V IPC
# objects. A child can still kill or stop the zygote (same uid); the harness then finds it silent, destroys the box
# and starts another: a hostile answer can end its own execution, never reach the next one.
import builtins
import ctypes
import json
import os
import select
import signal
import socket
import stat
import sys
import time
import types

# what the harness's own scripts import (python_codec.py, python_candidate.py, python_judge.py) and what benchmark
# programs import most (HumanEval prompts' typing, math, ...): imported once here, shared copy-on-write by every fork
import base64, collections, decimal, fractions, functools, heapq, itertools, math, re, string, traceback, typing  # noqa: E401,F401

import resource

PYTHON = '/usr/bin/python3'
PR_SET_DUMPABLE = 4
IPC_RMID = 0
RLIMITS = {'cpu': resource.RLIMIT_CPU, 'as': resource.RLIMIT_AS, 'fsize': resource.RLIMIT_FSIZE,
           'nproc': resource.RLIMIT_NPROC, 'core': resource.RLIMIT_CORE, 'msgqueue': resource.RLIMIT_MSGQUEUE}
WRITABLE = ('/work', '/tmp', '/dev/shm')
SOCKET = '/gapbench/chan.sock'

libc = ctypes.CDLL('libc.so.6', use_errno=True)
pending = bytearray()  # control bytes read but not yet taken as requests
control_out = os.fdopen(os.dup(1), 'w', encoding='utf-8', newline='\n')


def reply(message):
    control_out.write(json.dumps(message) + '\n')
    control_out.flush()


def child(request, go):
    """The execution's first process: until the harness says go, only this trusted code runs in it."""
    try:
        streams = []
        for kind in ('0', '1', '2'):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(SOCKET)
            s.sendall(('%s %s\n' % (request['token'], kind)).encode('ascii'))
            streams.append(s)
        streams[0].shutdown(socket.SHUT_WR)  # stdin: read only
        streams[1].shutdown(socket.SHUT_RD)
        streams[2].shutdown(socket.SHUT_RD)
        if os.read(go, 1) != b'g':
            os._exit(0)  # cancelled
        os.close(go)
        os.setsid()
        for i, s in enumerate(streams):
            os.dup2(s.fileno(), i)
            s.close()
        os.closerange(3, 65536)  # the control channel and anything else of the zygote's
        for name, value in request['limits'].items():
            resource.setrlimit(RLIMITS[name], (value, value))
        libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # like any process again: its own /proc files are its own
        os.chdir('/work')
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # what the interpreter sets at start-up
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    except BaseException as e:
        try:
            os.write(2, ('gapbench zygote: cannot start the execution: %r\n' % (e,)).encode())
        finally:
            os._exit(125)
    argv = request['argv']
    if request['python']:
        os._exit(run_python(argv[3:]))
    try:
        os.execve(argv[0], argv, os.environ)
    except OSError as e:
        os.write(2, ('%s: %s\n' % (argv[0], e.strerror)).encode())
        os._exit(127)


def run_python(argv):
    """What `python3 -I -S script args...` does with its script, in this already started interpreter."""
    sys.argv = list(argv)
    sys.stdin = sys.__stdin__ = open(0, 'r', encoding=sys.stdin.encoding, errors=sys.stdin.errors, newline='\n',
                                     closefd=False)
    sys.stdout = sys.__stdout__ = open(1, 'w', encoding=sys.stdout.encoding, errors=sys.stdout.errors, newline='\n',
                                       closefd=False)
    sys.stderr = sys.__stderr__ = open(2, 'w', encoding=sys.stderr.encoding, errors='backslashreplace', newline='\n',
                                       closefd=False, buffering=1)
    main = types.ModuleType('__main__')
    main.__file__ = argv[0]
    main.__builtins__ = builtins
    main.__cached__ = None
    sys.modules['__main__'] = main
    status = 0
    try:
        with open(argv[0], 'rb') as f:
            source = f.read()
        exec(compile(source, argv[0], 'exec'), main.__dict__)
    except SystemExit as e:
        status = exit_status(e)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    try:
        if 'threading' in sys.modules:
            sys.modules['threading']._shutdown()
        import atexit
        atexit._run_exitfuncs()
    except SystemExit as e:
        status = exit_status(e)
    except BaseException:
        sys.excepthook(*sys.exc_info())
    try:
        sys.stdout.flush()
    except BaseException:
        status = status or 120
    try:
        sys.stderr.flush()
    except BaseException:
        pass
    return status


def exit_status(e):
    code = e.code
    if code is None:
        return 0
    if type(code) is int:
        return code & 0xff
    try:
        print(code, file=sys.stderr)
    except BaseException:
        pass
    return 1


def others():
    """The box's processes other than its init (pid 1) and this zygote."""
    me = os.getpid()
    return [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, me)]


def kill_all(child_pid):
    """Every process of the execution, however it detached; returns the child's status as Java reports one."""
    status = None
    deadline = time.monotonic() + 5
    while True:
        try:
            os.kill(-1, signal.SIGKILL)  # every process this uid may signal, in this pid namespace: never init or me
        except ProcessLookupError:
            pass
        while True:
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == child_pid:
                status = java_status(st)
        if status is not None and not others():
            return status
        if time.monotonic() > deadline:
            raise RuntimeError('processes of the execution survive SIGKILL')
        time.sleep(0.0002)


def java_status(st):
    code = os.waitstatus_to_exitcode(st)
    return code if code >= 0 else 128 - code


def wipe():
    for top in WRITABLE:
        for name in os.listdir(top):
            remove(os.path.join(top, name))
    for kind, remove_call in (('shm', libc.shmctl), ('sem', libc.semctl), ('msg', libc.msgctl)):
        try:
            with open('/proc/sysvipc/' + kind) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            ident = int(line.split()[1])
            if kind == 'sem':
                remove_call(ident, 0, IPC_RMID)
            else:
                remove_call(ident, IPC_RMID, None)


def remove(path):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        os.chmod(path, 0o700)  # the execution may have made it unreadable; it is still this uid's
        for name in os.listdir(path):
            remove(os.path.join(path, name))
        os.rmdir(path)
    else:
        os.unlink(path)


def execute(request):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(w)
        child(request, r)
        os._exit(125)
    os.close(r)
    pidfd = os.pidfd_open(pid)
    reply({'forked': request['seq']})
    go = read_request(request['seq'])
    if go['op'] == 'go':
        os.write(w, b'g')
    os.close(w)
    killed = go['op'] != 'go'
    while not killed:
        late = take_line()
        if late is not None:
            killed = late['op'] == 'kill' and late['seq'] == request['seq']
        elif pidfd in select.select([0, pidfd], [], [])[0]:
            break
        else:
            receive()
    status = kill_all(pid)
    os.close(pidfd)
    reply({'exit': request['seq'], 'status': status, 'killed': killed})
    wipe()
    reply({'ready': request['seq']})


def read_request(seq=None):
    """The next request for execution seq (None: a new one); a late kill of an execution that already ended is dropped."""
    while True:
        request = take_line()
        if request is None:
            receive()
        elif (request['op'] == 'run') == (seq is None) and (seq is None or request['seq'] == seq):
            return request


def take_line():
    """The next whole request already read, or None."""
    if b'\n' not in pending:
        return None
    end = pending.index(b'\n')
    request = json.loads(bytes(pending[:end]))
    del pending[:end + 1]
    return request


def receive():
    chunk = os.read(0, 65536)
    if not chunk:
        os._exit(0)  # the harness is gone: so is the box
    pending.extend(chunk)


def main():
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    os.chdir('/work')
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    reply({'ready': 0, 'pid': os.getpid()})
    while True:
        request = read_request()
        request['python'] = (request['argv'][:3] == [PYTHON, '-I', '-S'] and len(request['argv']) > 3
                             and not request['argv'][3].startswith('-'))
        execute(request)


main()
