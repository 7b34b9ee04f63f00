"""A WebKitGTK web view that lays out pages the way WebKit does (AnkiMobile's engine), driven over pipes.

Run by the system ``python3`` (the one with ``gi`` and WebKitGTK's GObject bindings), never imported:
dockdeck's own interpreter has no ``gi``. ``generator/preview/webkit.py`` starts it under an Xvfb
display and talks to it in JSON, one object a line: a request on stdin, its answer on stdout.

    {"op": "load", "html": "...", "base": "file:///.../"}     -> {"ok": true}
    {"op": "call", "function": "(a, b) => ...", "args": [1, 2]} -> {"ok": true, "value": <its JSON result>}
    {"op": "snapshot", "selector": "body"}                      -> {"ok": true, "png": "<base64>"}

Any failure answers {"ok": false, "error": "..."}. The first line it writes says it is ready, with
the size of its viewport, or why WebKit could not start.

With ``--show URI`` it opens a window on the user's display instead and shows that page there (the
first line says whether it loaded), until the window is closed.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from typing import Any

WIDTH, HEIGHT = 360, 780


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def web_view() -> Any:
    # A card page is a string whose address is the collection's media folder: its pictures load from
    # there, and a script on it still cannot read other files (file access from file URLs stays off).
    settings = WebKit2.Settings()
    settings.set_enable_javascript(True)
    settings.set_enable_developer_extras(False)
    settings.set_enable_page_cache(False)
    settings.set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
    return WebKit2.WebView(settings=settings)


class Driver:
    def __init__(self) -> None:
        self.window = Gtk.Window()
        self.window.set_default_size(WIDTH, HEIGHT)
        self.window.set_resizable(False)
        self.view = web_view()
        self.view.set_size_request(WIDTH, HEIGHT)
        self.window.add(self.view)
        self.window.show_all()
        self.loop = GLib.MainLoop()
        self.result: dict[str, Any] | None = None
        self.view.connect("load-changed", self._load_changed)
        self.view.connect("load-failed", self._load_failed)

    def _wait(self) -> dict[str, Any]:
        self.result = None
        self.loop.run()
        result, self.result = self.result, None
        assert result is not None
        return result

    def _done(self, result: dict[str, Any]) -> None:
        self.result = result
        self.loop.quit()

    def _load_changed(self, _view: Any, event: Any) -> None:
        if event == WebKit2.LoadEvent.FINISHED and self.result is None:
            self._done({"ok": True})

    def _load_failed(self, _view: Any, _event: Any, uri: str, error: Any) -> bool:
        self._done({"ok": False, "error": f"{uri}: {error.message}"})
        return True

    def load(self, html: str, base: str) -> dict[str, Any]:
        self.view.load_html(html, base)
        # After load-failed, load-changed still says FINISHED: the first answer stands (_load_changed).
        return self._wait()

    def call(self, function: str, args: list[Any]) -> dict[str, Any]:
        # As a function body, so that a function returning a promise is waited for.
        body = f"return JSON.stringify(await ({function})(...{json.dumps(args)}));"

        def finished(view: Any, task: Any) -> None:
            try:
                value = view.call_async_javascript_function_finish(task)
            except GLib.Error as err:
                self._done({"ok": False, "error": err.message})
                return
            text = value.to_string() if not value.is_undefined() else "null"
            self._done({"ok": True, "value": json.loads(text)})

        self.view.call_async_javascript_function(body, -1, None, None, None, None, finished)
        return self._wait()

    def snapshot(self, selector: str) -> dict[str, Any]:
        box = self.call("(s) => { const r = document.querySelector(s).getBoundingClientRect();"
                        " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }", [selector])
        if not box["ok"]:
            return box

        def finished(view: Any, task: Any) -> None:
            try:
                surface = view.get_snapshot_finish(task)
            except GLib.Error as err:
                self._done({"ok": False, "error": err.message})
                return
            self._done({"ok": True, "surface": surface})

        self.view.get_snapshot(WebKit2.SnapshotRegion.FULL_DOCUMENT, WebKit2.SnapshotOptions.NONE, None, finished)
        shot = self._wait()
        if not shot["ok"]:
            return shot
        left, top, width, height = (round(v) for v in box["value"])
        cropped = cairo.ImageSurface(cairo.FORMAT_RGB24, max(1, width), max(1, height))
        context = cairo.Context(cropped)
        context.set_source_surface(shot["surface"], -left, -top)
        context.paint()
        png = io.BytesIO()
        cropped.write_to_png(png)
        return {"ok": True, "png": base64.b64encode(png.getvalue()).decode("ascii")}


def serve() -> None:
    driver = Driver()
    size = driver.call("() => [innerWidth, innerHeight]", [])
    if not size["ok"]:
        answer({"ok": False, "error": f"WebKit could not run a script: {size['error']}"})
        return
    answer({"ok": True, "viewport": size["value"]})
    for line in sys.stdin:
        try:
            request = json.loads(line)
            op = request["op"]
            if op == "load":
                result = driver.load(request["html"], request["base"])
            elif op == "call":
                result = driver.call(request["function"], request.get("args", []))
            elif op == "snapshot":
                result = driver.snapshot(request.get("selector", "body"))
            else:
                result = {"ok": False, "error": f"unknown request {op!r}"}
        except Exception as err:  # an answer for every request, so the caller never waits forever
            result = {"ok": False, "error": f"{type(err).__name__}: {err}"}
        answer(result)


def show(uri: str) -> None:
    """A window showing ``uri`` until it is closed; the first line says whether the page loaded."""
    window = Gtk.Window(title="dockdeck preview (WebKit)")
    window.set_default_size(1100, 900)
    view = web_view()
    window.add(view)
    window.connect("destroy", Gtk.main_quit)
    told: list[bool] = []

    def changed(_view: Any, event: Any) -> None:
        if event == WebKit2.LoadEvent.FINISHED and not told:
            told.append(True)
            answer({"ok": True})

    def failed(_view: Any, _event: Any, failed_uri: str, error: Any) -> bool:
        if not told:
            told.append(True)
            answer({"ok": False, "error": f"{failed_uri}: {error.message}"})
        Gtk.main_quit()
        return True

    view.connect("load-changed", changed)
    view.connect("load-failed", failed)
    view.load_uri(uri)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    try:
        import cairo  # type: ignore[import-not-found]
        import gi  # type: ignore[import-not-found]

        gi.require_version("Gtk", "3.0")
        gi.require_version("WebKit2", "4.1")
        from gi.repository import GLib, Gtk, WebKit2  # type: ignore[import-not-found]
    except (ImportError, ValueError) as err:
        answer({"ok": False, "missing": True, "error": f"WebKitGTK's Python bindings are missing ({err})"})
        sys.exit(0)
    if not Gtk.init_check(sys.argv)[0]:
        answer({"ok": False, "error": "GTK could not open the display"})
        sys.exit(0)
    if sys.argv[1:2] == ["--show"]:
        show(sys.argv[2])
    else:
        serve()
