"""Execute a jupytext percent-format script as a Jupyter notebook: CI's notebook gate.

    python .ci/run_notebook.py examples/policy_what_if.py executed.ipynb

The script is read with jupytext, run cell by cell in a fresh ``python3`` kernel by
nbclient (the engine behind ``jupyter nbconvert --execute``), and the executed
notebook, outputs included, is written to the second argument. The kernel's working
directory is a new temporary folder, so a notebook that writes relative paths does
not write into the source tree. Any cell that raises fails the run.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

import jupytext
import nbclient
import nbformat
from jupyter_client.manager import KernelManager

CELL_TIMEOUT_S = 900  # the what-if replay takes about 20 s; under load, several times that


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    source, target = pathlib.Path(argv[0]), pathlib.Path(argv[1])
    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    with tempfile.TemporaryDirectory(prefix="notebook-run-") as cwd:
        # IPC sockets in the temporary folder: the kernel opens no network port.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=f"{cwd}/kernel")
        client = nbclient.NotebookClient(
            notebook,
            km=kernel,
            timeout=CELL_TIMEOUT_S,
            kernel_name="python3",
            resources={"metadata": {"path": cwd}},
        )
        try:
            client.execute()
        finally:
            if kernel.has_kernel:
                kernel.shutdown_kernel()
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    images = sum(
        "image/png" in output.get("data", {}) for c in cells for output in c.get("outputs", [])
    )
    print(f"{source}: {len(cells)} code cells ran, {images} figures shown; notebook in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
