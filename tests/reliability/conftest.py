"""The reliability suite imports its builders as a module (like tests/orchestration's harness)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
