#!/usr/bin/env python3
"""The measuring half of benches/vs-hugo.sh (run that; it installs Hugo and passes these).

    python3 compare.py --root ROOT --lessons BIN --hugo BIN --runs N --json OUT [--full-root]

Generates the Hugo site (timed apart), checks that both tools build it once (untimed; this also
fixes any page Hugo cannot parse), then runs N rounds of: lessons, Hugo (highlighting on), lessons,
Hugo (highlighting off), each cold in fresh folders, and prints the medians as a Markdown table.
Python 3.11 standard library only.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_site  # noqa: E402


def die(msg):
    print(f"vs-hugo: {msg}", file=sys.stderr)
    sys.exit(1)


def run(argv, log):
    """Runs argv to completion; (exit code, wall s, user s, sys s, peak RSS bytes) of that child
    alone (wait4 gives the rusage of the one process we waited for)."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss * 1024


def busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat), to tell how much
    other work shared the cores during a run."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def html_pages(folder):
    n = 0
    for _dir, _dirs, files in os.walk(folder):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def file_bytes(folder):
    """Bytes in files only: unlike du, the same on every file system (ext4 counts 4 KiB per
    folder, and each page here is a folder)."""
    n = 0
    for dirpath, _dirs, files in os.walk(folder):
        n += sum(os.lstat(os.path.join(dirpath, f)).st_size for f in files)
    return n


def du_bytes(folder):
    out = subprocess.run(["du", "-sb", str(folder)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def english_view(root, into):
    """A content root holding only English (hard links, or a copy across file systems) and the
    structure: `lessons` parses every language folder of its content root even when it builds
    one locale, and Hugo is given English only."""
    (into / "challenges").mkdir(parents=True)
    src = root / "challenges" / "english"
    dst = into / "challenges" / "english"
    if subprocess.run(["cp", "-al", str(src), str(dst)], capture_output=True).returncode != 0:
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
    for name in ("structure", "dictionaries"):
        if (root / name).exists():
            os.symlink((root / name).resolve(), into / name)


def work_parent():
    """VS_HUGO_TMP when set; else tmpfs (/dev/shm) when it has room, so that the figures are the
    tools' work and not the kernel's ext4 inode allocation, which on a shared virtual disk swings
    a build's sys time from under a second to 15 s; else $TMPDIR or /tmp."""
    if os.environ.get("VS_HUGO_TMP"):
        return os.environ["VS_HUGO_TMP"]
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize >= 4 << 30:
            return shm
    except OSError:
        pass
    return os.environ.get("TMPDIR", "/tmp")


def fs_type(path):
    out = subprocess.run(["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def lessons_config(path, content, out, cache):
    q = lambda p: json.dumps(str(p))  # a TOML basic string is a JSON string here
    path.write_text(
        f'languages = ["en"]\ncontent = {q(content)}\noutput = {q(out)}\ncache = {q(cache)}\n',
        encoding="utf-8",
    )


HUGO_PAGE = re.compile(r"content/([^/\s\"':]+)/([^/\s\"':]+)\.md")


def hugo_until_it_builds(hugo, site, work, gen_stats):
    """Builds the site once (untimed). When Hugo names a content file it cannot handle, that page
    has every `{{` defused (`{ {`) and is counted; three tries, then give up."""
    for attempt in range(4):
        out, cache = work / f"check-hugo-{attempt}", work / f"check-hugo-cache-{attempt}"
        log = work / f"check-hugo-{attempt}.log"
        rc, wall, _user, _sys, _ = run(
            [hugo, "--logLevel", "error", "--source", str(site), "--destination", str(out),
             "--cacheDir", str(cache)],
            log,
        )
        text = log.read_text(errors="replace")
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        if rc == 0:
            return wall
        bad = sorted(set(HUGO_PAGE.findall(text)))
        if not bad or attempt == 3:
            die(f"Hugo cannot build the generated site (exit {rc}): {text.strip().splitlines()[-1] if text.strip() else 'no output'} (log: {log})")
        for block, lesson in bad:
            page = site / "content" / block / f"{lesson}.md"
            body = page.read_text(encoding="utf-8")
            head, _, rest = body.partition("\n\n")
            page.write_text(head + "\n\n" + rest.replace("{{", "{ {"), encoding="utf-8")
            gen_stats["altered"].setdefault(f"{block}/{lesson}", []).append(
                "Hugo rejected it: every `{{` written `{ {`"
            )
            gen_stats["altered_pages"] = len(gen_stats["altered"])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True, type=Path)
    ap.add_argument("--lessons", required=True)
    ap.add_argument("--hugo", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", required=True, type=Path)
    ap.add_argument("--full-root", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the last output of each tool")
    args = ap.parse_args()
    root = args.root.resolve()

    work = Path(tempfile.mkdtemp(prefix="vs-hugo.", dir=work_parent()))
    keep = args.keep
    try:
        return measure(args, root, work)
    except BaseException:
        keep = True  # the logs the message points at
        print(f"vs-hugo: the work folder is kept: {work}", file=sys.stderr)
        raise
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def measure(args, root, work):
    now = datetime.datetime.now().astimezone()
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo", errors="replace")
                  if l.startswith("model name")), "unknown CPU")
    nproc = len(os.sched_getaffinity(0))
    machine = f"nproc {nproc}, {platform.machine()}, {model}"
    # One binary for the whole comparison, even if the original is rebuilt meanwhile: a hard
    # link keeps the file we started with.
    lessons = work / "lessons"
    try:
        os.link(args.lessons, lessons)
    except OSError:
        shutil.copy2(args.lessons, lessons)
    st = os.stat(lessons)
    digest = hashlib.sha256()
    with open(lessons, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    built = datetime.datetime.fromtimestamp(st.st_mtime).astimezone()
    versions = {
        "lessons": first_line([str(lessons), "--version"]),
        "lessons_binary": f"{args.lessons}, built {built:%Y-%m-%d %H:%M:%S %Z}, sha256 {digest.hexdigest()[:12]}",
        "hugo": first_line([args.hugo, "version"]),
    }
    print("# lessons vs Hugo: the English curriculum, cold builds\n")
    print(f"- date: {now:%Y-%m-%d %H:%M %Z}")
    print(f"- machine: {machine}; load average at start: {os.getloadavg()[0]:.2f}")
    print(f"- lessons: `{versions['lessons']}` ({versions['lessons_binary']})")
    print(f"- Hugo: `{versions['hugo']}`")
    print(f"- content: {root}")
    print(f"- work folder (inputs and outputs of both tools): {work} ({fs_type(work)})\n", flush=True)

    # The Hugo site (not measured against lessons; its own time is printed).
    site = work / "site"
    t0, c0 = time.perf_counter(), os.times()
    gen = subprocess.run(
        [sys.executable, str(Path(gen_site.__file__)), str(root), str(site)],
        capture_output=True, text=True,
    )
    if gen.returncode != 0:
        die(f"generating the Hugo site failed: {gen.stderr.strip().splitlines()[-1:]}")
    c1 = os.times()
    gen_stats = json.loads(gen.stdout)
    gen_stats["seconds"] = time.perf_counter() - t0
    gen_stats["cpu_seconds"] = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)

    if args.full_root:
        content = root
    else:
        content = work / "content-en"
        english_view(root, content)
    print(f"Generated the Hugo site: {gen_stats['pages']} lesson pages and {gen_stats['sections']} "
          f"block pages from {gen_stats['markdown_bytes'] / 1e6:.1f} MB of markdown in "
          f"{gen_stats['seconds']:.1f} s ({gen_stats['cpu_seconds']:.1f} s CPU), not counted below.")
    print(f"lessons reads {'the whole content root (every language)' if args.full_root else 'an English-only view of the content root'}.")

    # Untimed check that both tools build (and the fix-up of any page Hugo rejects).
    print("Checking that both tools build it (untimed)…", flush=True)
    hugo_until_it_builds(args.hugo, site, work, gen_stats)
    cfg = work / "check.toml"
    lessons_config(cfg, content, work / "check-lessons" / "out", work / "check-lessons" / "cache")
    rc, *_ = run([str(lessons), "build", "--config", str(cfg)], work / "check-lessons.log")
    if rc != 0:
        die(f"`lessons build` failed (exit {rc}); log: {work / 'check-lessons.log'}")
    shutil.rmtree(work / "check-lessons", ignore_errors=True)
    if gen_stats["altered_pages"]:
        print(f"Pages altered for Hugo: {gen_stats['altered_pages']}")
        for key, what in gen_stats["altered"].items():
            print(f"  {key}: {'; '.join(what)}")
    else:
        print("Pages altered for Hugo: none (Hugo parsed every generated page).")
    print(f"Hint tests, hooks and scene/audio JSON fences shown as plain text, as lessons shows "
          f"them: {gen_stats['fences_made_plain']}; editable-region marker lines dropped: "
          f"{gen_stats['editable_lines_dropped']}.\n", flush=True)

    def lessons_cmd(d, highlight):
        lessons_config(d / "lessons.toml", content, d / "out", d / "cache")
        argv = [str(lessons), "build", "--config", str(d / "lessons.toml")]
        return argv if highlight else argv + ["--no-highlight"]

    def hugo_cmd(d, highlight):
        argv = [args.hugo, "--quiet", "--source", str(site), "--destination", str(d / "out"),
                "--cacheDir", str(d / "cache")]
        return argv if highlight else argv + ["--config", str(site / "hugo-nohl.toml")]

    tools = {"lessons": lessons_cmd, "hugo": hugo_cmd}
    runs = []
    for i in range(1, args.runs + 1):
        for mode in ("highlight", "no-highlight"):
            for tool in ("lessons", "hugo"):
                d = work / f"run-{tool}-{mode}-{i}"
                d.mkdir()
                argv = tools[tool](d, mode == "highlight")
                os.sync()  # the previous run's deletions are not written back during this one
                load = os.getloadavg()[0]
                busy = busy_seconds()
                rc, wall, user, system, rss = run(argv, d / "log")
                cpu = user + system
                others = max(0.0, busy_seconds() - busy - cpu) / wall
                if rc != 0:
                    tail = (d / "log").read_text(errors="replace").strip().splitlines()[-1:]
                    die(f"{tool} ({mode}, run {i}) exited with {rc}: {tail} (command: {' '.join(argv)})")
                pages = html_pages(d / "out")
                size = du_bytes(d / "out")
                content_bytes = file_bytes(d / "out")
                r = dict(tool=tool, mode=mode, run=i, wall_s=wall, cpu_s=cpu, user_s=user,
                         sys_s=system, peak_rss_bytes=rss,
                         output_bytes=size, file_bytes=content_bytes, html_pages=pages, load_before=load,
                         other_cores_busy=others)
                runs.append(r)
                print(f"run {i} {mode:<12} {tool:<7} wall {wall:6.2f} s  CPU {cpu:6.2f} s "
                      f"({user:5.2f} user + {system:5.2f} sys)  "
                      f"peak {rss / 2**20:6.0f} MiB  {size / 1e6:6.1f} MB  {pages} pages  "
                      f"(other work: {others:.1f} cores busy)", flush=True)
                if args.keep and i == args.runs:
                    continue
                shutil.rmtree(d)

    def med(tool, mode, key):
        if key == "cpu_s_min":
            return min(r["cpu_s"] for r in runs if r["tool"] == tool and r["mode"] == mode)
        return statistics.median(r[key] for r in runs if r["tool"] == tool and r["mode"] == mode)

    rows = [  # label, key, scale, format, ratio direction
        ("wall time (s)", "wall_s", 1, "{:.2f}", "hugo/lessons"),
        ("CPU time, user+sys (s)", "cpu_s", 1, "{:.2f}", "hugo/lessons"),
        ("CPU time, best run (s)", "cpu_s_min", 1, "{:.2f}", "hugo/lessons"),
        ("CPU user (s)", "user_s", 1, "{:.2f}", "hugo/lessons"),
        ("CPU sys (s)", "sys_s", 1, "{:.2f}", "hugo/lessons"),
        ("peak RSS (MiB)", "peak_rss_bytes", 2**-20, "{:.0f}", "hugo/lessons"),
        ("output size (MB, du -sb)", "output_bytes", 1e-6, "{:.1f}", "lessons/hugo"),
        ("output, bytes in files (MB)", "file_bytes", 1e-6, "{:.1f}", "lessons/hugo"),
        ("HTML pages", "html_pages", 1, "{:.0f}", "lessons/hugo"),
        ("CPU per HTML page (ms)", "cpu_per_page_ms", 1, "{:.2f}", "hugo/lessons"),
        ("CPU per lesson page (ms)", "cpu_per_lesson_ms", 1, "{:.2f}", "hugo/lessons"),
    ]
    for r in runs:
        r["cpu_per_page_ms"] = r["cpu_s"] * 1000 / r["html_pages"]
        r["cpu_per_lesson_ms"] = r["cpu_s"] * 1000 / gen_stats["pages"]

    summary = {}
    print()
    print(f"Medians of {args.runs} cold run(s) each, alternating the tools; "
          f"{gen_stats['pages']} English lessons.\n")
    print("| build | measure | lessons | Hugo | ratio |")
    print("|---|---|---:|---:|---:|")
    for mode in ("highlight", "no-highlight"):
        label = "highlighting" if mode == "highlight" else "no highlighting"
        summary[mode] = {}
        for name, key, scale, fmt, direction in rows:
            a, b = med("lessons", mode, key), med("hugo", mode, key)
            ratio = (b / a) if direction == "hugo/lessons" else (a / b)
            shown = "Hugo ÷ lessons" if direction == "hugo/lessons" else "lessons ÷ Hugo"
            summary[mode][key] = dict(lessons=a, hugo=b, ratio=ratio, ratio_is=shown)
            print(f"| cold, {label} | {name} | {fmt.format(a * scale)} | {fmt.format(b * scale)} "
                  f"| {ratio:.2f}× ({shown}) |")
    cpu = summary["highlight"]["cpu_s"]["ratio"]
    print()
    print(f"cold, highlighting: lessons uses {cpu:.1f}× less CPU than Hugo")
    print(f"cold, no highlighting: lessons uses {summary['no-highlight']['cpu_s']['ratio']:.1f}× less CPU than Hugo")
    print()
    print(f"Pages: lessons writes {int(med('lessons', 'highlight', 'html_pages'))} HTML pages "
          f"({gen_stats['pages']} lessons plus root, locale, superblock, block and 404 pages); "
          f"Hugo {int(med('hugo', 'highlight', 'html_pages'))} ({gen_stats['pages']} lessons, "
          f"{gen_stats['sections']} block pages and the home page).")
    others = statistics.median(r["other_cores_busy"] for r in runs)
    print(f"Other work on the machine during the runs: {others:.1f} of {nproc} cores busy (median; "
          f"{min(r['other_cores_busy'] for r in runs):.1f}–{max(r['other_cores_busy'] for r in runs):.1f}). "
          f"It lengthens wall time, and inflates CPU time too (threads that wait for a core spin).")

    result = dict(
        date=now.isoformat(timespec="seconds"),
        machine=dict(nproc=nproc, arch=platform.machine(), cpu=model, kernel=platform.release()),
        versions=versions,
        lessons_bin=args.lessons,
        content_root=str(root),
        work_folder=str(work),
        work_filesystem=fs_type(work),
        lessons_content="full root" if args.full_root else "English-only view",
        runs_per_tool=args.runs,
        generator={k: v for k, v in gen_stats.items()},
        runs=runs,
        medians=summary,
        headline=f"cold, highlighting: lessons uses {cpu:.1f}× less CPU than Hugo",
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Raw numbers: {args.json}")


if __name__ == "__main__":
    main()
