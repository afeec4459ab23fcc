"""The exercises' self-checks, their hints, and the learner's language. Introduced in 01_pixels.

A check calls the learner's answer on inputs of its own, compares what it does with a reference computed inside the
check, and says what is wrong in the learner's language: English, or Traditional Chinese in the zh-TW edition.
The checks themselves are in `checks.py`, their messages and hints in `messages.py`.
"""

import contextlib
import dis
import linecache
import numbers
import os
import sys
import sysconfig
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import torch

from fashion_dnn.data import InMemoryLoader
from fashion_dnn.messages import ERRORS, HINTS, MESSAGES, VERDICTS, WHAT

CHECKS = {}  # "NN.k" (notebook, exercise) -> checker(answer, **context)
LANGUAGES = ("en", "zh-TW")
_hints_given: dict[str, int] = {}  # exercise -> how many hints the learner has asked for


class NotDone(Exception):
    """The answer is still blank: None, an empty dict, or a function whose body is only `...` or `pass`."""


class Wrong(Exception):
    """What is wrong with an answer: a key of messages.MESSAGES and the values its text needs."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields


def language() -> str:
    """$FASHION_DNN_LANG if set; else "zh-TW" inside a zh-TW notebook folder (or a folder under one that holds a
    `.course-language` file saying so, as the zh-TW student copy does); else "en"."""
    wanted = os.environ.get("FASHION_DNN_LANG", "").strip()
    if wanted:
        return wanted if wanted in LANGUAGES else "en"
    cwd = Path.cwd()
    if "zh-TW" in cwd.parts:
        return "zh-TW"
    for folder in (cwd, *cwd.parents):
        marker = folder / ".course-language"
        if marker.is_file():
            text = marker.read_text(encoding="utf-8").strip()
            return text if text in LANGUAGES else "en"
    return "en"


def say(table: dict, name: str, /, lang: str | None = None, **fields) -> str:
    """The text `name` of `table` in `lang` (default: the learner's language), filled in with `fields`."""
    return table[name][LANGUAGES.index(lang or language())].format(**fields)


class Verdict(NamedTuple):
    """What a check found: "not done", "wrong" or "correct"; the key of its message ("02.1 unstable", "error:
    shapes", ...); and the message, in any language: `in_language("zh-TW")`."""
    status: str
    message_key: str
    in_language: Callable[[str], str]

    @property
    def message(self) -> str:
        """The message in the learner's language."""
        return self.in_language(language())


def exercise(key: str):
    """Register `checker(answer, **context)` for exercise `key`: it returns None when the answer is right, and
    raises NotDone or Wrong otherwise."""
    def register(checker):
        CHECKS[key] = checker
        return checker
    return register


def verdict(key: str, answer, **context) -> Verdict:
    """Run exercise `key`'s check (e.g. "04.1") on `answer`: the Verdict."""
    if key not in CHECKS:
        raise KeyError(f"no exercise {key!r}; the exercises are {', '.join(sorted(CHECKS))}")

    def what(lang):
        return say(WHAT, key, lang)
    try:
        if is_blank(answer):
            raise NotDone
        CHECKS[key](answer, **context)
    except NotDone:
        return Verdict("not done", "not done", lambda lang: say(VERDICTS, "not done", lang, what=what(lang)))
    except Wrong as e:
        message_key = f"{key} {e.key}" if f"{key} {e.key}" in MESSAGES else e.key  # this exercise's text, or shared
        fields = e.fields

        def problem(lang):
            return say(MESSAGES, message_key, lang, **fields)
    except Exception as e:  # noqa: BLE001 -- the learner's code failed: say where, never show the checker's code
        message_key, problem = learner_error(e)
    else:
        return Verdict("correct", "correct", lambda lang: say(VERDICTS, "correct", lang, what=what(lang)))

    def wrong(lang):
        return say(VERDICTS, "wrong", lang, what=what(lang), problem=problem(lang)) + say(VERDICTS, "hints", lang,
                                                                                           key=key)
    return Verdict("wrong", message_key, wrong)


def check(key: str, answer, **context) -> None:
    """Say whether exercise `key`'s answer is right, without showing the answer. Introduced in 01_pixels."""
    print(verdict(key, answer, **context).message)


def hint(key: str) -> None:
    """Print exercise `key`'s next hint, one step closer each time it is asked. Introduced in 01_pixels."""
    if key not in HINTS:
        raise KeyError(f"no hints for {key!r}; the exercises are {', '.join(sorted(HINTS))}")
    hints = HINTS[key]
    given = _hints_given[key] = min(_hints_given.get(key, 0) + 1, len(hints) + 1)
    if given > len(hints):
        print(say(VERDICTS, "no more hints", key=key))
    else:
        print(say(VERDICTS, "hint", i=given, n=len(hints)) + hints[given - 1][LANGUAGES.index(language())])


# Where the learner's code failed

_OURS = str(Path(__file__).resolve().parent)
_LIBRARIES = tuple({sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")})


def _is_learners(filename: str) -> bool:
    """Whether code from `filename` is the learner's: a notebook cell or a file of theirs, not this package's and not
    a library's."""
    if filename.startswith("<frozen"):
        return False  # Python's own modules; <string>, <stdin> and <ipython-input-...> are the learner's
    path = os.path.realpath(filename) if not filename.startswith("<") else filename
    return not path.startswith(_OURS) and not path.startswith(_LIBRARIES)


def raised_in_learners_code(e: Exception) -> bool:
    """Whether any of the code that raised `e` is the learner's."""
    return any(_is_learners(frame.f_code.co_filename) for frame, _ in traceback.walk_tb(e.__traceback__))


def learner_error(e: Exception) -> tuple[str, Callable[[str], str]]:
    """The message for an exception raised while a check ran the learner's code: the error, the line of *their* code
    it came from, and what such an error usually means. (Its key, and the message in a language.)"""
    frames = [(frame.f_code.co_filename, line) for frame, line in traceback.walk_tb(e.__traceback__)]
    theirs = [(filename, line) for filename, line in frames if _is_learners(filename)]
    error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".rstrip(":. ")
    if not theirs:  # it failed inside the check, on something the answer returned
        return "error in the check", lambda lang: say(ERRORS, "in the check", lang, error=error)
    filename, line = theirs[-1]
    code = linecache.getline(filename, line).strip()
    meaning = next((key for key, test in _ERROR_MEANINGS if test(e, code)), "generic")

    def message(lang):
        where = say(ERRORS, "where", lang, line=line, code=code) if code else say(ERRORS, "no line", lang)
        return say(ERRORS, "raised", lang, error=error) + where + say(ERRORS, meaning, lang)
    return f"error: {meaning}", message


_ERROR_MEANINGS = [  # (key of messages.ERRORS, test on the exception and the learner's failing line), first match
    ("one_hot", lambda e, code: isinstance(e, RuntimeError) and "one_hot" in code and "num_classes" not in code),
    ("leaf in place", lambda e, code: "leaf Variable that requires grad" in str(e)),
    ("return_types", lambda e, code: "torch.return_types" in str(e)),
    ("torch on a number", lambda e, code: isinstance(e, TypeError) and "must be Tensor, not" in str(e)),
    ("math on a tensor", lambda e, code: "element tensors can be converted" in str(e)
     or isinstance(e, TypeError) and "math." in code and "Tensor" in str(e)),
    ("shapes", lambda e, code: "must match the size of tensor" in str(e)),
    ("matmul shapes", lambda e, code: "cannot be multiplied" in str(e)),
    ("dim out of range", lambda e, code: isinstance(e, IndexError) and "Dimension out of range" in str(e)),
    ("name", lambda e, code: isinstance(e, NameError)),
    ("attribute", lambda e, code: isinstance(e, AttributeError)),
    ("zero division", lambda e, code: isinstance(e, ZeroDivisionError)),
]


# Small tools the checks share

def _blank(*args, **kwargs):
    ...  # what an exercise's function looks like before it is written


def is_blank_function(f) -> bool:
    """Whether `f` is a function whose body is still only `...` or `pass` (after a docstring, if it has one)."""
    code, blank = getattr(f, "__code__", None), _blank.__code__
    if code is None:
        return False
    if code.co_code == blank.co_code:  # the same bytes: return None (a docstring is not in the bytecode)
        return True
    # Python 3.11-3.13 load a docstring-only body's None in various ways: look at what the body does instead
    ops = [i.opname for i in dis.get_instructions(code) if i.opname not in ("RESUME", "NOP", "CACHE")]
    return ops in (["RETURN_CONST"], ["LOAD_CONST", "RETURN_VALUE"]) and code.co_consts[-1] is None


def is_blank(answer) -> bool:
    """Whether an answer is still the lesson's blank: None, an empty dict or list, or an unwritten function."""
    return answer is None or (isinstance(answer, (dict, list)) and not answer) or is_blank_function(answer)


def learner_function(f):
    """`f`, if it is a function that has been written."""
    if is_blank_function(f):
        raise NotDone
    if not callable(f) or isinstance(f, torch.nn.Module):
        raise Wrong("not a function", kind=type(f).__name__)
    return f


def called(function, *args):
    """Call a learner's function; a None result means a missing `return`."""
    result = function(*args)
    if result is None:
        raise Wrong("returns None")
    return result


def close(a, b, rtol=1e-5, atol=1e-6) -> bool:
    """Whether two numbers or tensors are equal up to rounding (same shape for tensors, nan never equal)."""
    try:
        a, b = (torch.as_tensor(t).detach().cpu().double() for t in (a, b))  # answers may live on a GPU
    except (TypeError, ValueError, RuntimeError):
        return False
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=rtol, atol=atol))


def integer(x) -> int | None:
    """`x` as an int if it is a whole number (a Python or NumPy int, or an integer tensor of no dimensions), else
    None: a tensor of shape (1,) or (1, 1) is a list of one index, and indexes a dataset as one."""
    if isinstance(x, torch.Tensor) and x.dim() == 0 and not x.is_floating_point() and x.dtype != torch.bool:
        return int(x.item())
    return int(x) if isinstance(x, numbers.Integral) and not isinstance(x, bool) else None


def number(x, name: str) -> float:
    """`x` as a float if it is one number (a float, an int or a one-element tensor or array); else it is wrong."""
    size = x.numel() if isinstance(x, torch.Tensor) else getattr(x, "size", None) if hasattr(x, "item") else None
    if size == 1:  # a one-element tensor or NumPy array
        return float(x.item())
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    if isinstance(x, str):
        raise Wrong("a string, not a number", name=name)
    raise Wrong("not one number", name=name, kind=type(x).__name__)


def as_tensor(x, name: str) -> torch.Tensor:
    """A learner's tensor, list or NumPy array as a float64 tensor on the CPU; else it is wrong."""
    if isinstance(x, str):
        raise Wrong("a string, not numbers", name=name)
    try:
        return torch.as_tensor(x.tolist() if hasattr(x, "tolist") and not isinstance(x, torch.Tensor) else x
                               ).detach().cpu().double()
    except (TypeError, ValueError, RuntimeError):
        raise Wrong("not numbers", name=name, kind=type(x).__name__) from None


_DATA_TYPES = (torch.Tensor, torch.nn.Module, torch.utils.data.Dataset, torch.utils.data.DataLoader)


def notebook_globals(f) -> list[str]:
    """The notebook variables holding data, models or loaders (not functions or modules) that `f` reads."""
    found = getattr(f, "__globals__", {})
    return sorted(name for name in code_names(f) if isinstance(found.get(name), (*_DATA_TYPES, InMemoryLoader)))


def code_names(f) -> set[str]:
    """Every global and attribute name that `f`'s code (inner functions and comprehensions too) looks up."""
    names, codes = set(), [getattr(f, "__code__", None)]
    while codes:
        code = codes.pop()
        if code is not None:
            names |= set(code.co_names)
            codes += [c for c in code.co_consts if hasattr(c, "co_code")]
    return names


def reads_globals(f, argument: str) -> None:
    """If `f` reads a notebook variable of data, a model or a loader, that is why it failed: say so."""
    if names := notebook_globals(f):
        raise Wrong("reads a global", name=names[0], argument=argument)


def fork_rng():
    """Random draws inside the check that leave the learner's random state as it was."""
    return torch.random.fork_rng(devices=[])


def first_weights():
    """A context that records, for every module that runs forward, its parameters as they were the first time:
    the weights a model started training from, however it was seeded."""
    @contextlib.contextmanager
    def recording():
        seen, keep = {}, []

        def hook(module, args):
            if id(module) not in seen and any(True for _ in module.parameters(recurse=False)):
                seen[id(module)] = {n: p.detach().clone() for n, p in module.named_parameters(recurse=False)}
                keep.append(module)  # alive while recording, so that no other module can take over its id

        handle = torch.nn.modules.module.register_module_forward_pre_hook(hook)
        try:
            yield seen
        finally:
            handle.remove()
    return recording()


if "fashion_dnn.checks" not in sys.modules:  # the checks register themselves with @exercise
    import fashion_dnn.checks  # noqa: E402, F401
