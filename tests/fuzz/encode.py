"""Write hostile Python values as (possibly invalid) JSON text, never failing."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from typing import Any

from .hostile import DEEP_JSON, Deep


def to_json(obj: Any) -> str:
    """JSON-ish text for ``obj``: NaN/Infinity tokens, 5,000-digit numbers, raw odd literals."""
    if isinstance(obj, Deep):
        return DEEP_JSON
    if obj is None:
        return "null"
    if obj is True or obj is False:
        return "true" if obj else "false"
    if isinstance(obj, int):
        return "1" + "0" * 5000 if abs(obj) > 10**4000 else str(obj)
    if isinstance(obj, float):
        if math.isnan(obj):
            return "NaN"
        if math.isinf(obj):
            return "Infinity" if obj > 0 else "-Infinity"
        return repr(obj)
    if isinstance(obj, str):
        return json.dumps(obj)
    if isinstance(obj, bytes):
        return json.dumps(obj.decode("latin-1"))
    if isinstance(obj, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{to_json(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, list | tuple | set | frozenset):
        return "[" + ",".join(to_json(v) for v in obj) + "]"
    if isinstance(obj, datetime | date | timedelta):
        return json.dumps(str(obj))
    return str(obj)  # Decimal('sNaN') -> sNaN, Fraction -> 1/3, numpy scalars: raw literals
