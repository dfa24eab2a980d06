"""Replace a file's content all at once, never through a link.

The new content goes to a fresh temporary file in the target's folder, created with
``O_EXCL`` (``tempfile.mkstemp``: an existing file or symbolic link of that name is never
opened), then renamed over the target. A symbolic link planted at a predictable
``<file>.tmp`` name cannot redirect the write, and readers see the old or the new file,
never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Make *data* the content of *path* (raises OSError)."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(stream.fileno(), 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
