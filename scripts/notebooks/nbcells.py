"""Shared by the notebook generators (scripts/notebooks/make-*.py): collect markdown and code
cells, then write an output-free .ipynb for the project's tslab kernel.

    from nbcells import Notebook
    nb = Notebook()
    nb.md("# Title")
    nb.code("const x = 1;")
    nb.write("01-descriptors-and-regression.ipynb")
"""
import json
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class Notebook:
    def __init__(self):
        self.cells = []

    def md(self, text):
        self.cells.append({"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")})

    def code(self, text):
        self.cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": text.strip("\n")})

    def write(self, name):
        """Writes notebooks/<name> (no outputs, stable cell ids) and returns its path."""
        cells = []
        for i, cell in enumerate(self.cells):
            lines = cell["source"].split("\n")
            cells.append({**cell, "id": f"cell-{i:02d}", "source": [l + "\n" for l in lines[:-1]] + [lines[-1]]})
        nb = {
            "cells": cells,
            "metadata": {
                "kernelspec": {"display_name": "TypeScript", "language": "typescript", "name": "tslab"},
                "language_info": {"name": "typescript"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        out = os.path.join(ROOT, "notebooks", name)
        with open(out, "w") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"wrote {out} ({len(cells)} cells)")
        return out
