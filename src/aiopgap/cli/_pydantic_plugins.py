"""pydantic's plugin scan, skipped without importing package metadata when plugins are disabled.

pydantic imports its plugin loader the first time a model is built, and that loader imports
``importlib.metadata`` (and some 30 modules behind it, about 10 ms) at the top, before it even reads
``PYDANTIC_DISABLE_PLUGINS``. The command line disables plugins, so :func:`skip_plugin_scan`
registers a stand-in for the loader that answers "no plugins" exactly when pydantic itself would
(the variable is ``__all__``, ``1`` or ``true``), and otherwise hands over to pydantic's own loader.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable
from typing import Any

_LOADER = "pydantic.plugin._loader"
_DISABLED = ("__all__", "1", "true")


def _get_plugins() -> Iterable[Any]:
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _DISABLED:
        return ()
    if isinstance(sys.modules.get(_LOADER), _StandIn):
        del sys.modules[_LOADER]
    real = importlib.import_module(_LOADER)
    plugins: Iterable[Any] = real.get_plugins()
    return plugins


class _StandIn(types.ModuleType):
    pass


def skip_plugin_scan() -> None:
    """Register the stand-in, unless pydantic's loader is already imported."""
    if _LOADER in sys.modules:
        return
    stand_in = _StandIn(_LOADER, __doc__)
    stand_in.get_plugins = _get_plugins  # type: ignore[attr-defined]
    sys.modules[_LOADER] = stand_in
