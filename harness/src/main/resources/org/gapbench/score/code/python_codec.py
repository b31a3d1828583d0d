# gapbench: plain values on the channel between the judge box and the candidate box (docs/sandbox.md).
# One value is a JSON array whose first element is a type tag. Encoding checks exact types (type(x) is int, never
# isinstance), so a subclass with a forged __eq__ is never taken for the builtin it pretends to be; decoding is
# strict and builds only builtin (and a few standard library) values, so the judge never holds a candidate's object.
import base64 as _b64
import builtins as _builtins
import collections as _col
import decimal as _dec
import fractions as _frac
import itertools as _it
import json as _json
import re as _re
import types as _types

_MAX_DEPTH = 100
_MAX_ITEMS = 1000000
_HEX_INT = _re.compile(r'-?0x[0-9a-f]+\Z')
_ITERATORS = frozenset([_types.GeneratorType, map, filter, zip, enumerate, reversed, type(iter([])), type(iter(())),
                        type(iter('')), type(iter(b'')), type(iter(range(0))), type(iter(set())), type(iter({})),
                        type(iter({}.values())), type(iter({}.items())), type(reversed([])), type(reversed(range(0)))])
_KEYS, _VALUES, _ITEMS = type({}.keys()), type({}.values()), type({}.items())


class Opaque:
    """A candidate's value that is not a plain value: only its type's name and its truth value crossed.
    It equals nothing but itself and cannot be passed back."""
    __slots__ = ('type_name', 'truth')

    def __init__(self, type_name, truth):
        self.type_name = type_name
        self.truth = truth

    def __bool__(self):
        return self.truth

    def __repr__(self):
        return '<%s object of the candidate>' % self.type_name


class Unencodable(TypeError):
    pass


def _seq(xs, depth, strict):
    return [encode(e, depth + 1, strict) for e in xs]


def _pairs(items, depth, strict):
    return [[encode(k, depth + 1, strict), encode(v, depth + 1, strict)] for k, v in items]


def encode(x, depth=0, strict=True):
    """x as a tagged value; strict: refuse what is not plain, else send it as an opaque value."""
    if depth > _MAX_DEPTH:
        raise Unencodable('a value nested more than %d deep' % _MAX_DEPTH)
    t = type(x)
    if x is None:
        return ['N']
    if t is bool:
        return ['b', x]
    if t is int:
        return ['i', hex(x)]
    if t is float:
        return ['f', x.hex()]
    if t is str:
        return ['s', x]
    if t is list:
        return ['l', _seq(x, depth, strict)]
    if t is tuple:
        return ['t', _seq(x, depth, strict)]
    if t is dict:
        return ['d', _pairs(x.items(), depth, strict)]
    if t is set:
        return ['S', _seq(x, depth, strict)]
    if t is frozenset:
        return ['F', _seq(x, depth, strict)]
    if t is bytes:
        return ['y', _b64.b64encode(x).decode('ascii')]
    if t is bytearray:
        return ['Y', _b64.b64encode(bytes(x)).decode('ascii')]
    if t is complex:
        return ['c', x.real.hex(), x.imag.hex()]
    if t is range:
        return ['r', hex(x.start), hex(x.stop), hex(x.step)]
    if t is _col.Counter:
        return ['C', _pairs(dict.items(x), depth, strict)]
    if t is _col.OrderedDict:
        return ['O', _pairs(dict.items(x), depth, strict)]
    if t is _col.defaultdict:
        return ['D', _pairs(dict.items(x), depth, strict)]
    if t is _col.deque:
        return ['q', _seq(list(x), depth, strict)]
    if t is _dec.Decimal:
        return ['e', str(x)]
    if t is _frac.Fraction:
        return ['x', hex(x.numerator), hex(x.denominator)]
    if t is _KEYS:
        return ['K', _seq(x, depth, strict)]
    if t is _VALUES:
        return ['V', _seq(x, depth, strict)]
    if t is _ITEMS:
        return ['T', _pairs(x, depth, strict)]
    if t in _ITERATORS:
        items = list(_it.islice(x, _MAX_ITEMS + 1))
        if len(items) > _MAX_ITEMS:
            raise Unencodable('an iterator of more than %d items' % _MAX_ITEMS)
        return ['I', _seq(items, depth, strict)]
    if strict:
        raise Unencodable('a %s is not a plain value and cannot cross to the candidate' % t.__name__)
    return ['o', t.__qualname__[:200], bool(x)]


def _str(v):
    if type(v) is not str:
        raise ValueError('expected a string')
    return v


def _int(v):
    if type(v) is not str or not _HEX_INT.match(v):
        raise ValueError('bad int')
    return int(v, 16)


def _list(v, depth):
    if type(v) is not list or len(v) > _MAX_ITEMS:
        raise ValueError('bad sequence')
    return [decode(e, depth + 1) for e in v]


def _dict(v, depth, into):
    if type(v) is not list or len(v) > _MAX_ITEMS:
        raise ValueError('bad mapping')
    for p in v:
        if type(p) is not list or len(p) != 2:
            raise ValueError('bad pair')
        into[decode(p[0], depth + 1)] = decode(p[1], depth + 1)
    return into


def decode(v, depth=0):
    """The value a tagged value stands for; ValueError or TypeError on anything that is not exactly one."""
    if depth > _MAX_DEPTH:
        raise ValueError('nested too deeply')
    if type(v) is not list or not v or type(v[0]) is not str:
        raise ValueError('not a tagged value')
    tag, n = v[0], len(v)
    if n == 1 and tag == 'N':
        return None
    if n == 2:
        a = v[1]
        if tag == 'b' and type(a) is bool:
            return a
        if tag == 'i':
            return _int(a)
        if tag == 'f':
            return float.fromhex(_str(a))
        if tag == 's':
            return _str(a)
        if tag == 'l':
            return _list(a, depth)
        if tag == 't':
            return tuple(_list(a, depth))
        if tag == 'd':
            return _dict(a, depth, {})
        if tag == 'S':
            return set(_list(a, depth))
        if tag == 'F':
            return frozenset(_list(a, depth))
        if tag == 'y':
            return _b64.b64decode(_str(a), validate=True)
        if tag == 'Y':
            return bytearray(_b64.b64decode(_str(a), validate=True))
        if tag == 'C':
            return _col.Counter(_dict(a, depth, {}))
        if tag == 'O':
            return _dict(a, depth, _col.OrderedDict())
        if tag == 'D':
            return _dict(a, depth, _col.defaultdict())
        if tag == 'q':
            return _col.deque(_list(a, depth))
        if tag == 'e':
            return _dec.Decimal(_str(a))
        if tag == 'K':
            return dict.fromkeys(_list(a, depth)).keys()
        if tag == 'V':
            return dict(enumerate(_list(a, depth))).values()
        if tag == 'T':
            return _dict(a, depth, {}).items()
        if tag == 'I':
            return iter(_list(a, depth))
    if n == 3:
        if tag == 'c':
            return complex(float.fromhex(_str(v[1])), float.fromhex(_str(v[2])))
        if tag == 'x':
            return _frac.Fraction(_int(v[1]), _int(v[2]))
        if tag == 'o' and type(v[1]) is str and len(v[1]) <= 200 and type(v[2]) is bool:
            return Opaque(v[1], v[2])
    if n == 4 and tag == 'r':
        return range(_int(v[1]), _int(v[2]), _int(v[3]))
    raise ValueError('not a tagged value')


def dumps(message):
    return _json.dumps(message, separators=(',', ':'), allow_nan=False)


def _no_constant(name):
    raise ValueError('no %s on the channel' % name)


def loads(line):
    return _json.loads(line, parse_constant=_no_constant)
