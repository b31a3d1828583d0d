
# gapbench: the judge box's driver (the codec above is prepended). It runs the item's setup and prompt, binds a proxy
# for each callable the candidate reported, runs the item's tests, and reports the verdict on its own stdout and by
# its exit status; the candidate never shares this process, its memory or its files. See docs/sandbox.md.
import os as _os
import sys as _sys
import traceback as _traceback

PASSED, RUNTIME_ERROR, COMPILE_ERROR, ASSERTION_FAILED, OUT_OF_MEMORY, TAMPERING, CANDIDATE_GONE, NEVER_STARTED = 0, 1, 3, 4, 5, 6, 7, 8
_LOAD = {'compile-error': COMPILE_ERROR, 'assertion-failed': ASSERTION_FAILED, 'memory-limit': OUT_OF_MEMORY,
         'runtime-error': RUNTIME_ERROR}
_EXCEPTIONS = {n: c for n, c in vars(_builtins).items() if isinstance(c, type) and issubclass(c, Exception)}


class _Ended(BaseException):
    """The candidate cannot be called any more; a BaseException, so that the tests' 'except Exception' cannot hide it."""

    def __init__(self, status, why):
        super().__init__(why)
        self.status = status


def _main(item_path):
    chan_in = _os.fdopen(_os.dup(0), 'r', encoding='utf-8', newline='\n')
    chan_out = _os.fdopen(_os.dup(1), 'w', encoding='utf-8', newline='\n')
    null = _os.open(_os.devnull, _os.O_RDONLY)
    _os.dup2(null, 0)
    _os.close(null)
    _os.dup2(2, 1)  # the tests' own prints go to stderr: stdout carries only the channel and the verdict
    _sys.stdin = open(_os.devnull)
    chan_out.write('=start\n')
    chan_out.flush()
    with open(item_path, encoding='utf-8') as f:
        item = loads(f.read())
    ended = []
    seq = [0]

    def end(status, why):
        if not ended:
            ended.append(_Ended(status, why))
        raise ended[0]

    def receive():
        line = chan_in.readline()
        if not line:
            end(CANDIDATE_GONE if seq[0] else NEVER_STARTED, 'the candidate exited before the tests finished')
        try:
            return loads(line)
        except Exception:
            end(TAMPERING, 'the candidate sent something that is not a message')

    def call(name, args, kwargs):
        if ended:
            raise ended[0]
        try:
            message = [seq[0] + 1, name, [encode(a) for a in args], [[k, encode(v)] for k, v in kwargs.items()]]
        except Unencodable as e:
            raise TypeError('cannot call the candidate\'s %s: %s' % (name, e)) from None
        seq[0] += 1
        chan_out.write('@' + dumps(message) + '\n')
        chan_out.flush()
        reply = receive()
        try:
            if type(reply) is not list or len(reply) < 3 or type(reply[0]) is not int or reply[0] != seq[0]:
                raise ValueError('not the reply to call %d' % seq[0])
            if reply[1] == 'ok' and len(reply) == 3:
                return decode(reply[2])
            if reply[1] == 'exc' and len(reply) == 4 and type(reply[2]) is str and type(reply[3]) is str:
                error = _exception(reply[2], reply[3][:2000])
            else:
                raise ValueError('an unknown reply')
        except Exception as e:
            end(TAMPERING, 'the candidate broke the protocol: %s' % e)
        raise error

    def proxy(name):
        def candidate_function(*args, **kwargs):
            return call(name, args, kwargs)
        candidate_function.__name__ = candidate_function.__qualname__ = name
        return candidate_function

    hello = receive()
    if type(hello) is list and len(hello) == 2 and hello[0] == 'load' and hello[1] in _LOAD:
        print('the candidate\'s program failed before the tests ran (%s)' % hello[1], file=_sys.stderr)
        return _LOAD[hello[1]]
    if (type(hello) is not list or len(hello) != 3 or hello[0] != 'hello' or not _names(hello[1], 10000)
            or not _names(hello[2], 1000)):
        print('the candidate did not introduce itself', file=_sys.stderr)
        return TAMPERING
    g = {'__name__': '__main__', '__builtins__': _builtins}
    try:
        exec(_head(item['setup'], item['prompt']), g)
        # the entry point is the candidate's; any other name only where the setup, the prompt and the builtins
        # leave it unbound, so a candidate cannot replace the prompt's helpers or len, print, math, ...
        for name in hello[1]:
            if name == item['entry_point'] or (name not in g and not hasattr(_builtins, name)):
                g[name] = proxy(name)
        tests = compile(item['tests'], 'tests.py', 'exec')
        # a standard module the tests use without importing it, because the answer imported it (MBPP 596: sys):
        # the judge's own copy, under its own name only, so no name can be given another module
        used = _used_names(tests)
        for name in hello[2]:
            if name in used and name not in g and not hasattr(_builtins, name) and name in _sys.stdlib_module_names \
                    and not name.startswith('_') and name not in ('this', 'antigravity'):
                g[name] = __import__(name)
        exec(tests, g)
    except _Ended:
        pass
    except AssertionError:
        _traceback.print_exc()
        return ASSERTION_FAILED
    except MemoryError:
        print('MemoryError', file=_sys.stderr)
        return OUT_OF_MEMORY
    except SystemExit as e:
        print('the tests exited before they finished (status %r)' % (e.code,), file=_sys.stderr)
        return RUNTIME_ERROR
    except BaseException:
        _traceback.print_exc()
        return RUNTIME_ERROR
    if ended:  # also when the tests caught it with a bare except
        print(ended[0], file=_sys.stderr)
        return ended[0].status
    chan_out.write('=passed\n')
    chan_out.flush()
    return PASSED


def _names(names, most):
    return type(names) is list and len(names) <= most and all(type(n) is str and n.isidentifier() for n in names)


def _used_names(code):
    names = set(code.co_names)
    for c in code.co_consts:
        if isinstance(c, type(code)):
            names |= _used_names(c)
    return names


def _head(setup, prompt):
    # the prompt defines the helpers the tests may call; one that ends at a bare signature gets a body, and one
    # that does not compile at all is left out (its names are then the candidate's, as they were before)
    for head in (setup + prompt, setup + prompt + '    pass\n'):
        try:
            return compile(head, 'prompt.py', 'exec')
        except (SyntaxError, ValueError):
            pass
    return compile(setup, 'prompt.py', 'exec')


def _exception(name, message):
    cls = _EXCEPTIONS.get(name, Exception)
    for c in cls.__mro__:
        try:
            e = c(message)
        except Exception:
            continue
        e.add_note('(raised by the candidate)')
        return e
    return Exception(message)


try:
    _status = _main(_sys.argv[1])
except BaseException:
    _traceback.print_exc()
    _status = RUNTIME_ERROR
_sys.stdout.flush()
_sys.stderr.flush()
_os._exit(_status)
