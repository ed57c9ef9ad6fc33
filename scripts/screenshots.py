"""Screenshots of the real app in demo mode, for the README: run by scripts/screenshots.sh.

Needs a real X display with a tray host (Xvfb + trayer); writes PNGs into the folder given.
With a language (``screenshots.py docs de``) it takes the menu, quick start and the entries
window in that language, as ``menu-de.png`` and so on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from tray_app.app import build, qt_application, show_tray
from tray_app.clockify.fields import CustomValue
from tray_app.core.state import EntryRequest, StartRequest
from tray_app.core.tracking.intents import CreateEntry, Start
from tray_app.ui import language


def dark_palette() -> QPalette:
    """A dark desktop theme's colours, as Fusion draws them."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f1f",
        QPalette.ColorRole.AlternateBase: "#2b2b2b",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Mid: "#555555",
        QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def write_time_icons(path: Path) -> None:
    """The time on the icon at the panel sizes, on a light and a dark panel, four times
    enlarged (pixels kept sharp), one row per icon style."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    from tray_app.ui.icons import time_icon

    sizes, scale, gap = (16, 22, 24, 32), 4, 12
    styles = ("colour", "light", "dark")
    width = sum(size * scale + gap for size in sizes) * 2 + gap
    height = len(styles) * (32 * scale + gap) + gap
    sheet = QImage(width, height, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#00000000"))
    painter = QPainter(sheet)
    for row, style in enumerate(styles):
        x, y = gap, gap + row * (32 * scale + gap)
        for panel in ("#f2f2f2", "#262626"):
            strip = sum(size * scale + gap for size in sizes) - gap // 2
            painter.fillRect(x - gap // 2, y - gap // 2, strip, 32 * scale + gap, QColor(panel))
            for size in sizes:
                pixmap = time_icon("1:07", style).pixmap(size, size)
                big = pixmap.scaled(
                    size * scale, size * scale, mode=Qt.TransformationMode.FastTransformation
                )
                painter.drawPixmap(x, y + (32 - size) * scale // 2, big)
                x += size * scale + gap
    painter.end()
    sheet.save(str(path))
    print(f"wrote {path}")


def main(out: Path, language_code: str = "") -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = qt_application()
    language.apply(language_code or "en")
    suffix = f"-{language_code}" if language_code else ""
    icons, tray = show_tray()
    built = build(tray, icons, demo=True)
    controller = built.controller
    screen = QGuiApplication.primaryScreen()
    steps: list[Callable[[], None]] = []

    def grab_root(name: str, area: QRect) -> None:
        name = name.replace(".png", f"{suffix}.png")
        screen.grabWindow(0).copy(area).save(str(out / name))
        print(f"wrote {out / name}")

    def grab_widget(name: str, widget: QWidget) -> None:
        name = name.replace(".png", f"{suffix}.png")
        widget.grab().save(str(out / name))
        print(f"wrote {out / name}")

    def tray_area() -> QRect:
        icon = tray.tray.geometry()
        return QRect(icon.right() - 299, 0, 300, icon.bottom() + 8)

    def start_timer() -> None:
        project = next(p for p in controller.state.projects if p.name == "Website relaunch")
        cost_center = next(f for f in controller.state.custom_fields if f.name == "Cost center")
        controller.ask(
            Start(
                StartRequest(
                    "Homepage hero section",
                    project.id,
                    billable=True,
                    custom_fields=(CustomValue(cost_center.id, "Design"),),
                )
            )
        )

    def shoot_tray() -> None:
        grab_root("tray.png", tray_area())

    def show_time_on_icon() -> None:
        # As an hour and seven minutes in (the demo's timer has just started).
        tray._clock = lambda: datetime.now(UTC) + timedelta(minutes=67, seconds=5)
        controller.preferences.on_window_change_requested("icon_time", True)

    def shoot_time_on_icon() -> None:
        grab_root("tray-time.png", tray_area())
        write_time_icons(out / "icon-time.png")
        controller.preferences.on_window_change_requested("icon_time", False)
        tray._clock = lambda: datetime.now(UTC)

    def open_preferences() -> None:
        controller.preferences.open()
        window = controller.preferences.window
        window.tabs.setCurrentIndex(2)  # Reminders
        window._checks["remind_not_tracking"].setChecked(True)

    def shoot_preferences() -> None:
        grab_widget("preferences.png", controller.preferences.window)
        controller.preferences.window.close()

    def open_menu() -> None:
        icon = tray.tray.geometry()
        tray.menu.popup(QPoint(icon.right() - tray.menu.sizeHint().width(), icon.bottom() + 2))

    def shoot_menu() -> None:
        menu = tray.menu.geometry()
        grab_root("menu.png", QRect(menu.left() - 8, 0, menu.width() + 16, menu.bottom() + 8))
        tray.menu.hide()

    def open_quick_start() -> None:
        controller.open_quick_start()
        dialog = controller.quick_start
        dialog.description_edit.setText("Review pull request")
        dialog.fields.picker.filter_edit.setText("glob")
        dialog.fields.picker.on_filter_edit_text_edited("glob")
        dialog.fields.picker._select_row(1)
        # The demo's custom fields: the cost center is required, the ticket a link.
        shown = {editor.field.name: editor for editor in dialog.fields.custom.editors}
        shown["Cost center"].set("Engineering")
        shown["Ticket"].set("https://tickets.example/PR-482")

    def shoot_quick_start() -> None:
        grab_widget("quick-start.png", controller.quick_start)
        controller.quick_start.hide()

    def open_manual() -> None:
        controller.open_manual_entry()
        form = controller.manual_entry
        form.description_edit.setText("Client workshop")
        support = next(p for p in controller.state.projects if p.name == "Support")
        form.fields.picker.select_project(support)
        form.fields.on_picker_chosen(support)

    def shoot_manual() -> None:
        grab_widget("manual-entry.png", controller.manual_entry)
        controller.manual_entry.hide()

    def refuse_an_entry() -> None:
        assert built.sandbox is not None
        built.sandbox.faults.refuse(
            r"/time-entries$", 400, "Project is archived", 501, method="POST"
        )
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        project = next(p for p in controller.state.projects if p.name == "Support")
        controller.ask(
            CreateEntry(
                EntryRequest(
                    90,
                    now - timedelta(hours=3),
                    now - timedelta(hours=2),
                    "Migration call",
                    project.id,
                    billable=True,
                )
            )
        )

    def open_refused() -> None:
        controller.open_refused()

    def shoot_refused() -> None:
        grab_widget("not-saved.png", controller.refused)
        controller.refused.hide()

    def open_entries() -> None:
        controller.open_entries()
        controller.entries.resize(640, 620)

    def shoot_entries() -> None:
        grab_widget("entries.png", controller.entries)

    def open_reports() -> None:
        controller.open_reports()
        window = controller.reports
        window.resize(560, 460)
        window.range_box.setCurrentIndex(window.range_box.findData("last-week"))

    def shoot_reports() -> None:
        grab_widget("reports.png", controller.reports)
        controller.reports.close()

    def open_idle_prompt() -> None:
        from datetime import timedelta as minutes

        from tray_app.core.idle.watch import IdleSpan

        running = controller.state.running
        assert running is not None
        span = IdleSpan(running.id, running.start, running.start + minutes(minutes=37))
        controller.worker.idle_returned.emit(span)

    def shoot_idle_prompt() -> None:
        grab_widget("idle-prompt.png", controller.idle_question.prompt)
        controller.idle_question.prompt.hide()

    def go_dark() -> None:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        controller.entries.show_week(-1)  # last week: a full one

    def shoot_entries_dark() -> None:
        grab_widget("entries-dark.png", controller.entries)
        controller.entries.close()

    steps = [
        start_timer,
        shoot_tray,
        show_time_on_icon,
        shoot_time_on_icon,
        open_preferences,
        shoot_preferences,
        open_menu,
        shoot_menu,
        open_quick_start,
        shoot_quick_start,
        open_manual,
        shoot_manual,
        refuse_an_entry,
        open_refused,
        shoot_refused,
        open_entries,
        shoot_entries,
        open_reports,
        shoot_reports,
        open_idle_prompt,
        shoot_idle_prompt,
        go_dark,
        shoot_entries_dark,
        app.quit,
    ]

    if language_code:  # the README shows these in another language
        steps = [
            start_timer,
            open_menu,
            shoot_menu,
            open_quick_start,
            shoot_quick_start,
            open_entries,
            go_dark,  # last week: the target lines, a holiday, a day off and the approval
            shoot_entries_dark,
            app.quit,
        ]

    def run_next() -> None:
        if steps:
            steps.pop(0)()
            QTimer.singleShot(900, run_next)

    def when_ready() -> None:
        if controller.state.signed_in and controller.state.projects:
            QTimer.singleShot(500, run_next)
        else:
            QTimer.singleShot(200, when_ready)

    controller.start()
    QTimer.singleShot(300, when_ready)
    try:
        return app.exec()
    finally:
        built.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"), *sys.argv[2:3]))
