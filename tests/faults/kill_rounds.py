"""Kill closer while it is being typed into, again and again, and check the data every time.

    python tests/faults/kill_rounds.py [--rounds 200] [--seed N] [--signal-rounds 20] [--minutes 20] [--allow-skips]

Imports the sample data into a fresh data folder, then for each round runs
``closer --db DIR open c9tw2e`` in a private tmux server, types words into the
notes at a steady pace (a key every 20-40 ms) and SIGKILLs the app at a random
moment (0-4 s into the typing). After every round the store must open, list and
load every sample partnership, leave the untouched ones byte for byte as they
were, and hold notes that are a prefix of all that was typed so far, missing at
most the last second of it. Every tenth round first plants half-written temp
files (as a writer killed mid-write leaves them) to show they break nothing.

Then ``--signal-rounds`` rounds end with SIGTERM or SIGHUP (tmux kill-session),
alternately, where nothing typed may be lost (but a key sent under 10 ms before
the signal, still on its way to the app). Four scenarios follow, three on a
256 KiB tmpfs (mounted in a user namespace of its own, or as root): the disk
filling during a session, the disk full at start, a data folder on a read-only
file system; and one where no file can be created (``chmod a-w``, or
``chattr +i`` as root). ``--no-disk`` leaves them out.

Prints one line per round and a JSON summary; exits 1 if anything failed, and
also if a scenario could not be staged on this machine (it says why), unless
``--allow-skips`` is given.
Run it with the project's venv (it imports closer_tui for its checks); set
PYTHONPATH to test another checkout of closer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness as h  # noqa: E402

from closer_tui.store import Store  # noqa: E402

PLANT_EVERY = 10
GIVE_UP_AFTER = 5  # harness errors in a row: something is badly wrong, stop


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="SIGKILL rounds (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    parser.add_argument("--signal-rounds", type=int, default=20, help="SIGTERM/SIGHUP rounds after the kills (default 20)")
    parser.add_argument("--minutes", type=float, default=None, help="start no new round after this many minutes")
    parser.add_argument("--cli-every", type=int, default=10, help="check with `closer list --json` every N rounds")
    parser.add_argument("--no-disk", action="store_true", help="leave out the full-disk and read-only scenarios")
    parser.add_argument(
        "--allow-skips", action="store_true", help="exit 0 even if a scenario could not be staged here (no namespace, no root)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards (its path is printed)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    began = time.monotonic()
    deadline = began + args.minutes * 60 if args.minutes else None
    workdir = Path(tempfile.mkdtemp(prefix="closer-faults-"))
    db = workdir / "data"
    private_home(workdir / "home")
    print(f"seed {seed}; data folder {db}", flush=True)

    h.prepare_store(db)
    baseline = h.Baseline.take(db)
    notes = baseline.notes()
    plan = ["SIGKILL"] * args.rounds + [("SIGTERM", "SIGHUP")[i % 2] for i in range(args.signal_rounds)]
    rounds: list[h.Round] = []
    stopped_early = False
    harness_errors = 0
    with h.Tmux() as tmux:
        for number, ending in enumerate(plan, 1):
            if deadline is not None and time.monotonic() > deadline:
                stopped_early = True
                print(f"stopping: {args.minutes:g} minutes are up", flush=True)
                break
            try:
                result = h.run_round(
                    tmux,
                    db,
                    baseline,
                    notes,
                    rng,
                    number,
                    ending,
                    plant=number % PLANT_EVERY == 0,
                    cli_check=number % args.cli_every == 0,
                )
                harness_errors = 0
            except h.HarnessError as error:
                result = h.Round(number, ending, problems=[f"harness: {error}"])
                harness_errors += 1
            rounds.append(result)
            print(result.line(), flush=True)
            on_disk, _ = h.check_store(db, baseline)
            if on_disk is not None:
                notes = on_disk  # the next round starts from what is really saved
            if harness_errors >= GIVE_UP_AFTER:
                print(f"giving up after {GIVE_UP_AFTER} harness errors in a row", flush=True)
                stopped_early = True
                break

        final_problems = final_checks(db, baseline)
        scenarios = {} if args.no_disk else disk_scenarios(tmux, workdir)

    summary = summarise(seed, rounds, final_problems, scenarios, stopped_early, time.monotonic() - began, notes)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.keep:
        print(f"data folder kept: {db}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return exit_code(summary, args.allow_skips)


def exit_code(summary: dict, allow_skips: bool) -> int:
    """1 if anything failed, or if a scenario was skipped and skips were not allowed."""
    skipped = summary["skipped_scenarios"]
    if skipped and not allow_skips:
        print(f"scenarios skipped: {', '.join(skipped)} (--allow-skips accepts that)", flush=True)
        return 1
    return 1 if summary["failures"] else 0


def private_home(home: Path) -> None:
    """Keep the app away from the user's own closer settings and data (as tests/conftest.py does)."""
    home.mkdir()
    os.environ.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CONFIG_HOME=str(home / ".config"))
    for name in ("CLOSER_DB", "CLOSER_CONFIG"):
        os.environ.pop(name, None)


def final_checks(db: Path, baseline: h.Baseline) -> list[str]:
    """A writer opens the store after all the kills and sweeps away every temp file."""
    problems: list[str] = []
    try:
        with Store.open_writer(db):
            pass
    except Exception as error:  # noqa: BLE001
        problems.append(f"the store does not open for writing: {type(error).__name__}: {error}")
    left = h.temp_files(db)
    if left:
        problems.append(f"temp files survive a writer's open: {[p.name for p in left]}")
    problems += h.check_store(db, baseline)[1]
    problems += h.check_cli_lists_everything(db)
    for problem in problems:
        print(f"final check FAILED: {problem}", flush=True)
    return problems


def disk_scenarios(tmux: h.Tmux, workdir: Path) -> dict[str, dict]:
    try:
        method, why = h.small_disk_method(), ""
    except h.Unavailable as error:
        method, why = None, f"no small disk can be mounted here: {error}"
    results: dict[str, dict] = {}
    for name in [*h.SMALL_DISK_SCENARIOS, "write_protected_folder"]:
        on_small_disk = name in h.SMALL_DISK_SCENARIOS
        if on_small_disk and method is None:
            results[name] = {"skipped": why}
            print(f"{name}: skipped ({why})", flush=True)
            continue
        started = time.monotonic()
        try:
            if on_small_disk:
                problems = h.run_on_small_disk(name, workdir / name, method)
            else:  # on the work folder's disk, not a tmpfs
                problems = h.write_protected_folder_scenario(tmux, workdir / name)
        except h.Unavailable as error:
            results[name] = {"skipped": str(error)}
            print(f"{name}: skipped ({error})", flush=True)
            continue
        except h.HarnessError as error:
            problems = [f"harness: {error}"]
        results[name] = {"ok": not problems, "problems": problems, "seconds": round(time.monotonic() - started, 1)}
        print(f"{name}: " + ("ok" if not problems else "FAIL: " + "; ".join(problems)), flush=True)
    return results


def summarise(seed, rounds, final_problems, scenarios, stopped_early, seconds, notes) -> dict:
    kills = [r for r in rounds if r.ending == "SIGKILL"]
    signals = [r for r in rounds if r.ending != "SIGKILL"]
    lost = [r.lost_seconds for r in kills if r.ok]
    failed = [r for r in rounds if not r.ok]
    failed_scenarios = [name for name, result in scenarios.items() if result.get("problems")]
    return {
        "seed": seed,
        "rounds": len(kills),
        "signal_rounds": len(signals),
        "stopped_early": stopped_early,
        "failures": len(failed) + bool(final_problems) + len(failed_scenarios),
        "failed_rounds": [r.summary() for r in failed],
        "max_lost_seconds": round(max(lost, default=0.0), 3),
        "mean_lost_seconds": round(statistics.fmean(lost), 3) if lost else 0.0,
        "keys_typed": sum(r.typed for r in rounds),
        "keys_lost_to_sigkill": sum(r.typed - r.saved for r in kills if r.ok),
        "keys_lost_to_signals": sum(r.typed - r.saved for r in signals),
        "rounds_leaving_temp_files": sum(1 for r in rounds if r.temp_files_left),
        "mean_round_seconds": round(statistics.fmean(r.seconds for r in rounds), 2) if rounds else 0.0,
        "final_notes_chars": len(notes),
        "final_checks": final_problems,
        "scenarios": scenarios,
        "skipped_scenarios": [name for name, result in scenarios.items() if "skipped" in result],
        "seconds": round(seconds, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
