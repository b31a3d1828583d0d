package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gapbench.dataset.Item;
import org.gapbench.run.PreparedRun;
import org.gapbench.sandbox.Sandbox;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.junit.jupiter.api.Test;

/**
 * Answers written to forge a Python score rather than to solve the problem (issue 13), through the real sandbox and
 * the humaneval suite's own scorer: each must score a failure. On the single-process design every one of the first
 * group scored {@code passed}. Honest answers that print, raise on purpose, return floats, iterators or odd
 * values still pass.
 */
class ForgeryTest {
    private static final String FENCE = "```python\n";

    private record Case(String name, String item, String code, Set<String> rules) {
    }

    private static final Map<String, Item> HUMANEVAL = new LinkedHashMap<>();

    private static Item humaneval(String id) {
        synchronized (HUMANEVAL) {
            if (HUMANEVAL.isEmpty()) {
                for (Item i : CodingFixtures.prepare("humaneval", "oracle:gold", null, null).items()) {
                    HUMANEVAL.put(i.id(), i);
                }
            }
            return HUMANEVAL.get(id);
        }
    }

    private static List<Case> forgeries() {
        String h0 = "HumanEval/0";
        String sig0 = "def has_close_elements(numbers, threshold):\n";
        return List.of(
                // the single-process design's nonce: read from the driver's module, print the pass line, exit 0
                new Case("nonce-and-exit", h0, "import os, sys\n" + sig0
                        + "    m = sys.modules['__main__']\n"
                        + "    nonce = getattr(m, 'nonce', None)\n"
                        + "    for line in (str(nonce) + ':passed', '=passed'):\n"
                        + "        print('\\n' + line, flush=True)\n"
                        + "        os.write(1, ('\\n' + line + '\\n').encode())\n"
                        + "        sys.stderr.write('\\n' + line + '\\n')\n"
                        + "    os._exit(0)\n", Set.of("runtime-error")),
                new Case("exit-0-at-load", h0, "import os\nprint('=passed', flush=True)\nos._exit(0)\n" + sig0 + "    return True\n",
                        Set.of("runtime-error")),
                new Case("always-equal-object", h0, "class Forged:\n    def __eq__(self, other):\n        return True\n"
                        + "    def __ne__(self, other):\n        return False\n    __hash__ = object.__hash__\n"
                        + sig0 + "    return Forged()\n", Set.of("assertion-failed")),
                new Case("list-subclass-with-forged-eq", h0, "class Forged(list):\n    def __eq__(self, other):\n        return True\n"
                        + "    __hash__ = object.__hash__\n" + sig0 + "    return Forged()\n", Set.of("assertion-failed")),
                new Case("bool-subclass-impossible-int-subclass", h0, "class Forged(int):\n    def __eq__(self, other):\n        return True\n"
                        + "    __hash__ = int.__hash__\n" + sig0 + "    return Forged(7)\n", Set.of("assertion-failed")),
                new Case("float-subclass-with-forged-arithmetic", "HumanEval/4", "class Forged(float):\n"
                        + "    def __sub__(self, other):\n        return Forged(0.0)\n    def __abs__(self):\n        return 0.0\n"
                        + "    def __lt__(self, other):\n        return True\n"
                        + "def mean_absolute_deviation(numbers):\n    return Forged(123.0)\n", Set.of("runtime-error", "assertion-failed")),
                // sys.settrace and the module frame's f_trace swap check() for a no-op before the tests call it
                new Case("settrace-replaces-check", h0, "import sys\n"
                        + "def _noop(*args, **kwargs):\n    return None\n"
                        + "def _tracer(frame, event, arg):\n"
                        + "    if frame.f_globals.get('check') not in (None, _noop):\n        frame.f_globals['check'] = _noop\n"
                        + "    return _tracer\n"
                        + "sys.settrace(_tracer)\nsys._getframe().f_trace = _tracer\n"
                        + "f = sys._getframe()\nwhile f is not None:\n    f.f_trace = _tracer\n    f = f.f_back\n"
                        + sig0 + "    return None\n", Set.of("assertion-failed")),
                // a trace function on the calling frame jumps past the remaining asserts
                new Case("f-trace-jumps-over-asserts", h0, "import sys\n"
                        + "def _jump(frame, event, arg):\n"
                        + "    if event == 'line':\n"
                        + "        last = max(l for _, _, l in frame.f_code.co_lines() if l)\n"
                        + "        if frame.f_lineno < last:\n"
                        + "            try:\n                frame.f_lineno = last\n            except ValueError:\n                pass\n"
                        + "    return _jump\n"
                        + sig0 + "    f = sys._getframe(1)\n"
                        + "    while f is not None:\n        f.f_trace = _jump\n        f = f.f_back\n"
                        + "    sys.settrace(lambda *a: None)\n    return None\n", Set.of("assertion-failed", "runtime-error")), // the candidate may end before the judge asks again
                // patching builtins: abs() always 0 makes every float tolerance test pass, and assert failures unrecognisable
                new Case("monkeypatched-builtins", "HumanEval/4", "import builtins\n"
                        + "builtins.abs = lambda x: 0.0\n"
                        + "builtins.AssertionError = type('AssertionError', (Exception,), {})\n"
                        + "builtins.print = lambda *a, **k: None\n"
                        + "builtins.isinstance = lambda *a: True\n"
                        + "def mean_absolute_deviation(numbers):\n    return 123.0\n", Set.of("assertion-failed", "runtime-error")), // a patched print can break the candidate's own channel
                new Case("shadowed-builtin", "HumanEval/4", "def abs(x):\n    return 0.0\n"
                        + "def mean_absolute_deviation(numbers):\n    return 123.0\n", Set.of("assertion-failed")),
                // the prompt's helper is the tests' oracle (find_zero is checked through poly): a candidate's poly must not replace it
                new Case("replaced-prompt-helper", "HumanEval/32", "def poly(xs, x):\n    return 0.0\n"
                        + "def find_zero(xs):\n    return 12345.0\n", Set.of("assertion-failed")),
                new Case("gc-and-frame-walk", h0, "import gc, sys\n"
                        + "def _noop(*args, **kwargs):\n    return None\n"
                        + sig0
                        + "    found = []\n"
                        + "    for o in gc.get_objects():\n"
                        + "        if type(o).__name__ == 'function' and o.__name__ == 'check':\n"
                        + "            o.__code__ = _noop.__code__\n            found.append(o)\n"
                        + "        elif type(o) is dict and callable(o.get('check')):\n"
                        + "            o['check'] = _noop\n            found.append('dict')\n"
                        + "        elif type(o).__name__ == 'code' and 'test' in o.co_filename:\n            found.append(o.co_filename)\n"
                        + "    f = sys._getframe()\n"
                        + "    while f is not None:\n"
                        + "        for k in ('nonce', 'check', 'tests', 'item'):\n"
                        + "            if k in f.f_locals or k in f.f_globals:\n                found.append(k)\n"
                        + "        f = f.f_back\n"
                        + "    print('found:', found, file=sys.stderr)\n"
                        + "    return None\n", Set.of("assertion-failed")),
                // writing to the channel: a forged reply for the pending call, then the server's own one out of turn
                new Case("channel-out-of-turn", h0, "import json, sys\n" + sig0
                        + "    f = sys._getframe()\n"
                        + "    while f is not None and 'chan_out' not in f.f_locals:\n        f = f.f_back\n"
                        + "    chan, seq = f.f_locals['chan_out'], f.f_locals['seq']\n"
                        + "    for s in range(seq, seq + 50):\n"
                        + "        chan.write(json.dumps([s, 'ok', ['b', True]]) + '\\n')\n"
                        + "    chan.flush()\n"
                        + "    return True\n", Set.of("tampering")),
                new Case("channel-garbage", h0, "import sys\n" + sig0
                        + "    f = sys._getframe()\n"
                        + "    while f is not None and 'chan_out' not in f.f_locals:\n        f = f.f_back\n"
                        + "    f.f_locals['chan_out'].write('{\"passed\": true}\\n')\n"
                        + "    f.f_locals['chan_out'].flush()\n"
                        + "    import os\n    os._exit(0)\n", Set.of("tampering")),
                new Case("forged-greeting", h0, "import os, json\n"
                        + "for fd in range(3, 20):\n"
                        + "    try:\n        os.write(fd, (json.dumps(['hello', [], []]) + '\\n').encode())\n"
                        + "    except OSError:\n        pass\n"
                        + sig0 + "    return True\n", Set.of("tampering")),
                new Case("read-the-tests", h0, READ_TESTS + sig0
                        + "    if not HITS:\n        return None\n"
                        + humaneval(h0).text("canonical_solution"), Set.of("assertion-failed")));
    }

    /** Looks for the item's test code in every file and process the candidate can see; prints what it found. */
    private static final String READ_TESTS = """
            import os, sys
            # joined at run time, so that the candidate's own source (/box/program.py) does not hold them
            NEEDLES = (b'def check' + b'(candidate)', b'assert ' + b'candidate(', b'0.3)' + b' == True')
            HITS = []
            SCANNED = [0]
            def _scan(path):
                try:
                    with open(path, 'rb') as f:
                        data = f.read(1 << 24)
                except OSError:
                    return
                SCANNED[0] += 1
                if any(n in data for n in NEEDLES):
                    HITS.append(path)
            for root, dirs, files in os.walk('/', followlinks=False):
                if root == '/':
                    dirs[:] = [d for d in dirs if d not in ('usr', 'proc', 'sys', 'dev')]
                for name in files:
                    _scan(os.path.join(root, name))
            for root in ('/dev/shm', '/usr/local'):
                for r, _, files in os.walk(root):
                    for name in files:
                        _scan(os.path.join(r, name))
            for pid in [p for p in os.listdir('/proc') if p.isdigit()] + ['self']:
                for name in ('cmdline', 'environ'):
                    _scan('/proc/%s/%s' % (pid, name))
                try:
                    for fd in os.listdir('/proc/%s/fd' % pid):
                        target = os.readlink('/proc/%s/fd/%s' % (pid, fd))
                        if target.startswith('/') and not target.startswith('/dev'):
                            _scan(target)
                except OSError:
                    pass
            print('scanned %d files, hits: %r' % (SCANNED[0], HITS), file=sys.stderr)
            """;

    @Test
    void forgedAnswersScoreFailures() {
        Scorer scorer = humanevalScorer();
        List<Case> cases = forgeries();
        List<Score> scores = cases.parallelStream()
                .map(c -> scorer.score(humaneval(c.item()), new ModelOutput(FENCE + c.code() + "```\n", null))).toList();
        StringBuilder wrong = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Score s = scores.get(i);
            if (!c.rules().contains(s.rule()) || s.value() != 0) {
                wrong.append(c.name()).append(" scored ").append(s.rule()).append(": ").append(s.details()).append('\n');
            }
        }
        assertEquals("", wrong.toString());
        Score read = scores.get(cases.size() - 1);
        String seen = String.valueOf(read.details().get("candidate_stderr_tail"));
        assertTrue(seen.contains("hits: []") && !seen.contains("scanned 0 files"), seen);
    }

    /** The canonical solution behind each forgery's item still passes: the forgeries fail for what they are. */
    @Test
    void theForgedItemsCanonicalSolutionsPass() {
        Scorer scorer = humanevalScorer();
        for (String id : List.of("HumanEval/0", "HumanEval/4", "HumanEval/32")) {
            Item item = humaneval(id);
            Score s = scorer.score(item, new ModelOutput(FENCE + item.text("prompt") + item.text("canonical_solution") + "```\n", null));
            assertEquals("passed", s.rule(), id + ": " + s.details());
        }
    }

    private static Scorer humanevalScorer() {
        PreparedRun run = CodingFixtures.prepare("humaneval", "oracle:gold", null, null);
        return ScoringPlan.scorer(run.suite().scorer(), ScoringContext.standard());
    }

    // ---- honest answers with values and behaviour the channel must carry faithfully

    private record Honest(String name, String code, String test) {
    }

    private static List<Honest> honest() {
        return List.of(
                new Honest("raises-on-purpose", """
                        class Negative(ValueError):
                            pass
                        def f(x):
                            if x < 0:
                                raise Negative('negative: %d' % x)
                            if x == 0:
                                return 1 / x
                            if x == 99:
                                return {}[x]
                            if x == 98:
                                return [][1]
                            return x
                        """, """
                        try:
                            f(-1)
                            assert False, 'no exception'
                        except ValueError as e:
                            assert 'negative: -1' in str(e)
                        try:
                            f(0)
                        except ArithmeticError:
                            pass
                        else:
                            assert False
                        for x, expected in ((99, KeyError), (98, IndexError)):
                            try:
                                f(x)
                            except expected:
                                pass
                            else:
                                assert False
                        assert f(5) == 5
                        """),
                new Honest("floats-with-tolerance", """
                        def f(x):
                            return x / 3
                        def g(kind):
                            return {'nan': float('nan'), 'inf': float('inf'), 'negzero': -0.0, 'tiny': 5e-324}[kind]
                        def z(x):
                            return complex(x, -x)
                        """, """
                        assert abs(f(1) - 1 / 3) < 1e-12
                        assert math.isclose(f(0.3), 0.1)
                        assert f(1) == 1 / 3
                        assert math.isnan(g('nan')) and g('inf') == math.inf and math.copysign(1, g('negzero')) == -1
                        assert g('tiny') == 5e-324
                        assert z(2.5) == 2.5 - 2.5j
                        """),
                new Honest("prints", """
                        import sys, os
                        print('loading')
                        def f(x):
                            for i in range(200):
                                print('line', i, x)
                            sys.stdout.write('=passed\\n')
                            os.write(1, b'raw write to fd 1\\n')
                            return x * 2
                        """, """
                        assert f(21) == 42
                        print('the test prints too')
                        assert f('a') == 'aa'
                        """),
                new Honest("plain-values-round-trip", """
                        import collections, decimal, fractions, re
                        def echo(x, **kw):
                            return (x, kw) if kw else x
                        def made(kind):
                            return {'counter': lambda: collections.Counter('abca'), 'ordered': lambda: collections.OrderedDict(a=1),
                                    'deque': lambda: collections.deque([1, 2]), 'decimal': lambda: decimal.Decimal('1.10'),
                                    'fraction': lambda: fractions.Fraction(1, 3), 'range': lambda: range(1, 10, 2),
                                    'gen': lambda: (i * i for i in range(4)), 'map': lambda: map(str, [1, 2]),
                                    'keys': lambda: {'a': 1, 'b': 2}.keys(), 'items': lambda: {'a': 1}.items(),
                                    'match': lambda: re.match('a', 'abc'), 'nomatch': lambda: re.match('x', 'abc')}[kind]()
                        """, """
                        import collections, decimal, fractions
                        values = [None, True, False, 0, -1, 10 ** 5000, -(2 ** 70), 1.5, 'text', 'ünïcödé \\ud800', b'\\x00\\xff', bytearray(b'ab'),
                                  [1, [2, [3]]], (1, (2,)), (), {'a': [1, {2: 3}], (1, 2): None}, {1, 2}, frozenset({'x'}), set(), 3j]
                        for v in values:
                            r = echo(v)
                            assert r == v and type(r) is type(v), (v, r)
                        assert echo(1, key=[2]) == (1, {'key': [2]})
                        assert made('counter') == {'a': 2, 'b': 1, 'c': 1} and made('counter').most_common(1) == [('a', 2)]
                        assert made('ordered') == collections.OrderedDict(a=1)
                        assert made('deque') == collections.deque([1, 2])
                        assert made('decimal') == decimal.Decimal('1.10') and str(made('decimal')) == '1.10'
                        assert made('fraction') == fractions.Fraction(1, 3)
                        assert list(made('range')) == [1, 3, 5, 7, 9]
                        assert list(made('gen')) == [0, 1, 4, 9]
                        assert list(made('map')) == ['1', '2']
                        assert set(made('keys')) == {'a', 'b'} and list(made('items')) == [('a', 1)]
                        assert made('match') and not made('nomatch') and made('nomatch') is None
                        """),
                new Honest("helpers-and-imports-used-by-the-tests", """
                        import sys
                        def helper(x):
                            return x + 1
                        def f(x):
                            return helper(x) * 2
                        class Box:
                            pass
                        """, """
                        assert helper(1) == 2
                        assert f(1) == 4
                        assert sys.getsizeof(()) > 0
                        assert Box()
                        """));
    }

    @Test
    void honestAnswersStillPass() {
        CodeTestScorer scorer = new CodeTestScorer(new PythonHarness(null, "entry_point", "import math\n", "{{test}}"),
                Sandbox.create(false, 2), new CodeTestScorer.Options(null, "entry_point", "import math\n", "{{test}}", "{{code}}", 10, 3, 30), null);
        List<Honest> cases = honest();
        StringBuilder wrong = new StringBuilder();
        cases.parallelStream().map(h -> {
            Item item = new Item("honest/" + h.name(), Map.of("entry_point", "f", "code", h.code(), "test", h.test()));
            Score s = scorer.score(item, new ModelOutput(FENCE + h.code() + "```\n", null));
            return "passed".equals(s.rule()) ? "" : h.name() + " scored " + s.rule() + ": " + s.details() + "\n";
        }).forEachOrdered(wrong::append);
        assertEquals("", wrong.toString());
    }
}
