"""Summarises a JFR recording (jfr print --json on stdin) of `timescale-lab bench`.

CPU: every execution or native-method sample of the engine thread is put in one bucket by its
innermost frames: OpenBLAS matrix products, other native ND4J ops, the Java side of ND4J (op
objects, shape checks, buffers), our own Java code, other. Allocation: sampled bytes by class and
by the innermost org.timescalelab frame that allocated them.
"""
import collections
import json
import sys

events = json.load(sys.stdin)["recording"]["events"]


def frames(e):
    trace = e["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in trace.get("frames") or []]


def on_engine(e):
    t = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
    name = t.get("javaName") or ""
    return name == "main" or name.startswith("timescale")


def bucket(fs):
    top = fs[0] if fs else ""
    if "gemm" in top.lower() or any("Blas" in f and "gemm" in f.lower() for f in fs[:6]):
        return "OpenBLAS matrix products (gemm)"
    if top.startswith("org.nd4j.nativeblas") or top.startswith("org.bytedeco") or "Native" in top:
        return "native ND4J ops (element-wise, reductions)"
    if top.startswith("org.nd4j") or top.startswith("org.bytedeco.javacpp"):
        return "ND4J Java side (op objects, shapes, buffers)"
    if top.startswith("org.timescalelab"):
        return "Timescale Lab Java code"
    return "other (JDK, GC barriers, JIT)"


def caller(fs):
    for f in fs:
        if f.startswith("org.timescalelab"):
            return f
    return "?"


cpu = collections.Counter()
callers = collections.Counter()
alloc = collections.Counter()
alloc_sites = collections.Counter()
for e in events:
    kind = e["type"]
    fs = frames(e)
    if kind in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
        if not on_engine(e):
            continue
        cpu[bucket(fs)] += 1
        callers[caller(fs)] += 1
    elif kind == "jdk.ObjectAllocationSample":
        w = e["values"].get("weight", 0)
        alloc[e["values"]["objectClass"]["name"]] += w
        alloc_sites[caller(fs)] += w

total = sum(cpu.values()) or 1
print(f"CPU samples on the training thread: {total}")
for k, v in cpu.most_common():
    print(f"  {100 * v / total:5.1f}%  {k}")
print("by Timescale Lab method (innermost):")
for k, v in callers.most_common(8):
    print(f"  {100 * v / total:5.1f}%  {k}")
mb = sum(alloc.values()) / 1e6
print(f"sampled heap allocation: {mb:.0f} MB")
for k, v in alloc.most_common(8):
    print(f"  {100 * v / max(1, sum(alloc.values())):5.1f}%  {k}")
print("allocated from (innermost Timescale Lab method):")
for k, v in alloc_sites.most_common(6):
    print(f"  {100 * v / max(1, sum(alloc_sites.values())):5.1f}%  {k}")
