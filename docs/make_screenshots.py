"""Make the README's screenshots from the sample data, with a fixed clock.

    python docs/make_screenshots.py        # needs rsvg-convert (Debian: librsvg2-bin)
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from pathlib import Path

from closer_tui.tui.app import CloserApp
from closer_tui.tui.audience import AudienceApp
from closer_tui.assets import sample_data_file
from closer_tui.export import loads
from closer_tui.store import Store

OUT = Path(__file__).resolve().parent / "screenshots"
HALF_WAY = "c9tw2e"  # the sample partnership half way through its close


class FixedClock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def shoot(
    folder: Path, name: str, size: tuple[int, int], partnership_id: str | None, keys: list[str], shared: bool = False
) -> None:
    db = folder / name  # a fresh copy each time: the timer's state survives a restart
    with Store.open_writer(db) as store:
        store.import_partnerships(loads(sample_data_file().read_text(encoding="utf-8")))
    clock = FixedClock()
    app = CloserApp(db, partnership_id=partnership_id, clock=clock, shared_screen=shared)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            if key == "+time":
                clock.now += 95
            else:
                await pilot.press(key)
        await pilot.pause(1.2)  # the save indicator says saved once typing has paused
        svg = OUT / f"{name}.svg"
        app.save_screenshot(str(svg))
    subprocess.run(["rsvg-convert", str(svg), "-o", str(svg.with_suffix(".png"))], check=True)
    svg.unlink()


async def shoot_audience(folder: Path, name: str, size: tuple[int, int]) -> None:
    """The audience view of the half-way partnership, its timer running for a while."""
    db = folder / name
    with Store.open_writer(db) as store:
        store.import_partnerships(loads(sample_data_file().read_text(encoding="utf-8")))
        partnership = store.get(HALF_WAY)
        partnership.timer.running_since = FixedClock.now - 95
        partnership.close.prompt_cursor = partnership.guide.stage(partnership.timer.stage).prompts[2].id
        store.save(partnership)
    app = AudienceApp(db, HALF_WAY, clock=FixedClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        svg = OUT / f"{name}.svg"
        app.save_screenshot(str(svg))
    subprocess.run(["rsvg-convert", str(svg), "-o", str(svg.with_suffix(".png"))], check=True)
    svg.unlink()


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    try:
        await shoot(folder, "list-100x30", (100, 30), None, [])
        running = ["ctrl+t", "+time"]
        await shoot(folder, "dashboard-80x24", (80, 24), HALF_WAY, running)
        await shoot(folder, "dashboard-160x50", (160, 50), HALF_WAY, ["f2", "f8", *running])
        await shoot(folder, "summary-100x30", (100, 30), "x8fj5a", [])
        await shoot(folder, "review-100x30", (100, 30), None, ["v"])
        await shoot(folder, "report-100x30", (100, 30), None, ["p"])
        for size in ((80, 24), (100, 30), (200, 60)):
            await shoot(folder, f"shared-{size[0]}x{size[1]}", size, HALF_WAY, running, shared=True)
        for size in ((80, 24), (120, 36), (200, 60)):
            await shoot_audience(folder, f"audience-{size[0]}x{size[1]}", size)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
