"""The scripts in bench/ as modules, for the tests that run short versions of them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_script(name: str) -> ModuleType:
    """Import `bench/<name>.py` (once) as the module `name`.

    bench/ goes on `sys.path` for the scripts' imports of one another (`from crash_load import …`),
    and the module is registered under its name before it runs, as dataclasses look it up there.
    """
    if name in sys.modules:
        return sys.modules[name]
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
