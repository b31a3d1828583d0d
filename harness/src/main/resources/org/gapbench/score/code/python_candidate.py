
# gapbench: the candidate box's server (the codec above is prepended). It runs the model's program, which holds no
# test, reports the names of its top-level callables, then answers the judge's calls, one line per call, until the
# judge is done. Nothing here is trusted: the program can patch all of it, and the judge decodes strictly.
import os as _os
import sys as _sys
import traceback as _traceback

_MARK = 'gapbench-candidate:start'


def _serve(path):
    # the channel keeps the original stdin and stdout; the program's own prints go to stderr, its input to /dev/null
    chan_in = _os.fdopen(_os.dup(0), 'r', encoding='utf-8', newline='\n')
    chan_out = _os.fdopen(_os.dup(1), 'w', encoding='utf-8', newline='\n')
    null = _os.open(_os.devnull, _os.O_RDONLY)
    _os.dup2(null, 0)
    _os.close(null)
    _os.dup2(2, 1)
    _sys.stdin = open(_os.devnull)
    print(_MARK, file=_sys.stderr, flush=True)

    def send(message):
        chan_out.write(dumps(message) + '\n')
        chan_out.flush()

    with open(path, encoding='utf-8') as f:
        source = f.read()
    try:
        code = compile(source, 'program.py', 'exec')
    except (SyntaxError, ValueError):
        _traceback.print_exc(limit=0)
        send(['load', 'compile-error'])
        return
    g = {'__name__': '__main__', '__builtins__': _builtins}
    try:
        exec(code, g)
    except AssertionError:
        _traceback.print_exc()
        send(['load', 'assertion-failed'])
        return
    except MemoryError:
        print('MemoryError', file=_sys.stderr)
        send(['load', 'memory-limit'])
        return
    except SystemExit as e:
        print('the program exited before its tests ran (status %r)' % (e.code,), file=_sys.stderr)
        send(['load', 'runtime-error'])
        return
    except BaseException:
        _traceback.print_exc()
        send(['load', 'runtime-error'])
        return
    names = [n for n, v in list(g.items()) if type(n) is str and n.isidentifier() and not n.startswith('__') and callable(v)
             and not isinstance(v, _types.ModuleType)]
    modules = [n for n, v in list(g.items()) if type(n) is str and isinstance(v, _types.ModuleType) and v.__name__ == n]
    send(['hello', names[:10000], modules[:1000]])
    while True:
        line = chan_in.readline()
        if not line:
            return
        seq, name, args, kwargs = loads(line)
        try:
            result = g[name](*[decode(a) for a in args], **{k: decode(v) for k, v in kwargs})
            reply = [seq, 'ok', encode(result, strict=False)]
        except Exception as e:
            builtin = next((c.__name__ for c in type(e).__mro__ if getattr(_builtins, c.__name__, None) is c), 'Exception')
            try:
                message = str(e)[:2000]
            except Exception:
                message = ''
            _traceback.print_exc(limit=-3)
            reply = [seq, 'exc', builtin, message]
        except BaseException as e:
            print('the program exited during a test (%s)' % type(e).__name__, file=_sys.stderr, flush=True)
            return
        send(reply)


try:
    _serve(_sys.argv[1])
finally:
    try:
        _sys.stdout.flush()
        _sys.stderr.flush()
    finally:
        _os._exit(0)
