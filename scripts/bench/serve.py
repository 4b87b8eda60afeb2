"""The reference side of `npm run bench -- --compare` (bench/compare.ts), and a plain runner.

  serve.py --serve GROUP STEP   prepare STEP of scripts/bench/GROUP.py (untimed), answer {"ready": ...},
                                then one {"seconds", "maxRssBytes"} line per "run" line on stdin
  serve.py GROUP [STEP…]        run the group's steps here: one warm-up, median of 3 samples, one JSON line

Each GROUP.py declares STEPS = {name: prepare}, where prepare() does the untimed set-up and
returns the work one sample times; ONLY_WHEN_NAMED lists steps left out of a plain run; REPEATS = {name: k} makes a sample the median of k calls
(steps of a few milliseconds, as on the TypeScript side); INFO() may add facts (threads).
"""
import importlib
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def sample(work, repeats=1):
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    times.sort()
    h = len(times) // 2
    return times[h] if len(times) % 2 else (times[h - 1] + times[h]) / 2


def max_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def serve(module, name):
    if name not in module.STEPS:
        reply({"missing": True})
        return
    work = module.STEPS[name]()
    repeats = getattr(module, "REPEATS", {}).get(name, 1)
    info = module.INFO() if hasattr(module, "INFO") else {}
    reply({"ready": True, "info": info, "maxRssBytes": max_rss_bytes()})
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        reply({"seconds": sample(work, repeats), "maxRssBytes": max_rss_bytes()})


def run_here(module, names):
    out = {}
    skipped = getattr(module, "ONLY_WHEN_NAMED", set())
    for name in names or [n for n in module.STEPS if n not in skipped]:
        work = module.STEPS[name]()
        repeats = getattr(module, "REPEATS", {}).get(name, 1)
        sample(work, repeats)
        out[name] = round(sorted(sample(work, repeats) for _ in range(3))[1], 5)
    print(json.dumps(out))


if __name__ == "__main__":
    args = sys.argv[1:]
    serving = args[:1] == ["--serve"]
    if serving:
        args = args[1:]
    if not args or (serving and len(args) != 2):
        sys.exit(__doc__)
    try:
        mod = importlib.import_module(args[0])
        if serving:
            serve(mod, args[1])
        else:
            run_here(mod, args[1:])
    except Exception as e:  # the parent shows this to the user
        import traceback
        reply({"error": f"{type(e).__name__}: {e}\n{traceback.format_exc()}"})
        sys.exit(1)
