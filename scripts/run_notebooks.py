"""Executes notebooks headless through the project's tslab kernel (called by scripts/case-study.js).

For each notebook: run every cell with nbclient, fail on any cell error or on a traceback written
to stderr, save the executed notebook and an HTML export into the output folder, and report the
seconds it took. Prints one JSON line at the end: {"seconds": {...}, "failures": {...}}.
"""
import argparse
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter

# A stack trace or an uncaught error printed on stderr means a cell failed even if the kernel
# did not say so (for example an unhandled promise rejection).
TRACEBACK = re.compile(r"(^|\n)\s*at .+:\d+:\d+\)?|Traceback \(most recent call last\)|Unhandled|\b[A-Z]\w*Error: ")


def stderr_tracebacks(nb):
    problems = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr" and TRACEBACK.search(out.get("text", "")):
                problems.append(f"cell {index}: traceback on stderr:\n{out['text'][:2000]}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, help="folder for executed notebooks and HTML")
    parser.add_argument("--timeout", type=int, default=900, help="seconds a single cell may take")
    parser.add_argument("--no-html", action="store_true")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    seconds, failures = {}, {}
    for path in args.notebooks:
        name = os.path.splitext(os.path.basename(path))[0]
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name="tslab",
            timeout=args.timeout,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        print(f"[case-study] {name}: executing {len(nb.cells)} cells", file=sys.stderr, flush=True)
        start = time.time()
        try:
            client.execute()
            problems = stderr_tracebacks(nb)
            if problems:
                failures[name] = "\n".join(problems)
        except (CellExecutionError, DeadKernelError, TimeoutError, RuntimeError) as error:
            failures[name] = str(error)[:4000]
        except Exception as error:  # kernel start-up problems and the like
            failures[name] = f"{type(error).__name__}: {str(error)[:4000]}"
        seconds[name] = round(time.time() - start, 2)
        nbformat.write(nb, os.path.join(args.out, f"{name}.ipynb"))
        if not args.no_html:
            html, _ = HTMLExporter().from_notebook_node(nb)
            with open(os.path.join(args.out, f"{name}.html"), "w", encoding="utf-8") as handle:
                handle.write(html)
        status = "FAILED" if name in failures else "ok"
        print(f"[case-study] {name}: {status} in {seconds[name]} s", file=sys.stderr, flush=True)
        if name in failures:
            print(failures[name], file=sys.stderr, flush=True)
    print(json.dumps({"seconds": seconds, "failures": failures}))


if __name__ == "__main__":
    main()
